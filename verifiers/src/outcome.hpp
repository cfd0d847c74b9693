// Outcome: turns what the engine got back into a verdict, using the verify block's conditions.
// Only a response matching a declared condition is valid or invalid; all else is unknown.
#pragma once

#include "http_request.hpp"
#include "scrub.hpp"
#include "verify_spec.hpp"
#include "vigil/verifiers/verdict.hpp"

namespace vigil::verifiers {

/// The verdict for `result` under `spec`; identity detail scrubbed with `scrubber`.
Verdict decide_outcome(const VerifySpec& spec, const HttpResult& result, const Scrubber& scrubber);

} // namespace vigil::verifiers
