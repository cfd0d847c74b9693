// AWS Signature Version 4: the code half of the AWS verifier. A key id and secret found together
// sign an STS GetCallerIdentity request (read-only: it needs no permission and changes nothing).
#pragma once

#include "http_request.hpp"

#include <cstdint>
#include <string>

namespace vigil::verifiers {

/// Rendered signing inputs.
struct SigV4Params {
  std::string access_key_id, secret_access_key, session_token, region, service;
};

/// Adds x-amz-date (and x-amz-security-token) and Authorization headers to `request`, signing
/// its method, final URL (host and query) and body at `now_unix`.
void sign_sigv4(HttpRequest& request, const SigV4Params& params, std::int64_t now_unix);

/// Lower-case hex SHA-256 (exposed for tests).
std::string sha256_hex(std::string_view data);

} // namespace vigil::verifiers
