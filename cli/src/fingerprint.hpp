// Fingerprints: findings are keyed by HMAC-SHA256(secret) under a per-installation key, so a
// ledger, baseline or report never holds a brute-forceable hash of a secret.
#pragma once

#include "vigil/detectors/result.hpp"

#include <string>
#include <string_view>

namespace vigil::cli {

/// The installation's key: $VIGIL_FINGERPRINT_KEY if set (CI), else the key file in the XDG
/// config dir ($XDG_CONFIG_HOME/vigil/fingerprint.key or ~/.config/vigil/...), created on
/// first use with 32 random bytes and mode 0600.
detectors::Result<std::string> load_or_create_fingerprint_key();

/// Lower-case hex HMAC-SHA256 of `secret` under `key`.
std::string fingerprint(std::string_view key, std::string_view secret);

} // namespace vigil::cli
