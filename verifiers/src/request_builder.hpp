// Request building: renders a verify block's templates with the secret and captures, applies
// endpoint overrides and the content-host policy, and signs when the block asks for it.
// Anything refused here is never sent.
#pragma once

#include "http_request.hpp"
#include "verify_spec.hpp"
#include "vigil/verifiers/verdict.hpp"
#include "vigil/verifiers/verify_options.hpp"

#include <map>
#include <string>
#include <variant>

namespace vigil::verifiers {

/// The request to send, or the verdict explaining why nothing is sent.
using BuiltRequest = std::variant<HttpRequest, Verdict>;

/// Builds the request for `spec` from `values` ("secret" and every capture).
BuiltRequest build_request(const VerifySpec& spec, const std::map<std::string, std::string>& values,
                           const VerifyOptions& options);

} // namespace vigil::verifiers
