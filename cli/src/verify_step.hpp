// The verify step of `vigil scan --verify`: turns report findings into verifier inputs, runs
// the verifiers layer and writes each finding's validation in output-contract terms.
#pragma once

#include "report.hpp"
#include "scan_options.hpp"

#include "vigil/detectors/result.hpp"
#include "vigil/verifiers/verify_options.hpp"

namespace vigil::cli {

/// Engine options from scan options and the environment (VIGIL_VERIFY_ENDPOINTS,
/// VIGIL_VERIFY_CA_BUNDLE, https_proxy/no_proxy). A malformed endpoint is an error naming it.
detectors::Result<verifiers::VerifyOptions> verify_options_from(const ScanOptions& options);

/// Verifies every finding of `report` when options.verify is set; otherwise does nothing.
detectors::Result<void> verify_report(const ScanOptions& options, Report& report);

} // namespace vigil::cli
