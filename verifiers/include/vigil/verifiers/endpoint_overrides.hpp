// Endpoint overrides: `--verify-endpoint HOST=URL` (and VIGIL_VERIFY_ENDPOINTS) send a
// provider host's requests to another base URL: a self-hosted instance, or a test server.
#pragma once

#include "vigil/detectors/result.hpp"

#include <string>
#include <vector>

namespace vigil::verifiers {

/// One mapping: requests for `host` go to `base_url` + their path.
struct EndpointOverride {
  std::string host;     ///< lower-case provider host, e.g. "api.github.com"
  std::string base_url; ///< e.g. "https://ghe.corp/api/v3" or "http://127.0.0.1:8080"
  bool loopback = false; ///< base URL names a loopback address: the guard lets it through
};

/// Parses HOST=URL specs. URL must be https://, or http:// to a loopback address only; a
/// trailing '/' is dropped. Errors name the offending spec.
detectors::Result<std::vector<EndpointOverride>>
parse_endpoint_overrides(const std::vector<std::string>& specs);

/// The comma-separated specs in $VIGIL_VERIFY_ENDPOINTS (empty when unset).
std::vector<std::string> endpoint_specs_from_env();

} // namespace vigil::verifiers
