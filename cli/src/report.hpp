// Report: what a command hands to an output format: rules, findings (each with its fingerprint
// and, when verified, its validation), and the scan summary. Formats never see raw secrets
// unless `show_secrets` is set; they call display_secret().
#pragma once

#include "vigil/detectors/rule.hpp"
#include "vigil/scanner/finding.hpp"

#include <optional>
#include <string>
#include <vector>

namespace vigil::cli {

/// A verifier's answer about one finding, in output-contract terms.
struct Validation {
  std::string status;     ///< "valid" | "invalid" | "unknown" | "not_checked"
  std::string checked_at; ///< RFC 3339 UTC; empty when not checked
  std::string detail;     ///< identity (account, scopes) or the reason for unknown; no secret
};

/// One finding as reported.
struct ReportedFinding {
  scanner::Finding finding;
  std::string fingerprint;               ///< HMAC-SHA256 hex of the secret
  std::optional<Validation> validation;  ///< set when verification ran
};

/// A whole scan's result.
struct Report {
  const std::vector<detectors::Rule>* rules = nullptr; ///< indexed by Finding::rule
  std::vector<ReportedFinding> findings;
  scanner::ScanSummary summary;
  bool show_secrets = false;
  std::string tool_version;
};

/// The secret as it may be shown: redacted (e.g. "ghp_…9xQa") unless show_secrets.
std::string display_secret(const std::string& secret, bool show_secrets);

} // namespace vigil::cli
