// Baselines: the fingerprints of known findings, so a scan reports only new ones. A baseline
// file holds HMAC fingerprints (never a secret, never a plain hash of one), each finding's
// rule id and first location, and a key check that tells when it was made with another key.
#pragma once

#include "report.hpp"

#include "vigil/detectors/result.hpp"

#include <set>
#include <string>

namespace vigil::cli {

/// Schema id written to and required of baseline files.
inline constexpr const char* kBaselineSchema = "vigil.baseline/1";

/// A loaded baseline.
struct Baseline {
  std::set<std::string> fingerprints;
  std::string key_check; ///< fingerprint of a fixed text under the creating key
};

/// The baseline document for `report` (every finding), as JSON text.
std::string render_baseline(const Report& report, const std::string& key);

/// Reads a baseline file. Errors name the file and what is wrong with it.
detectors::Result<Baseline> load_baseline(const std::string& path);

/// Removes findings whose fingerprint is in `baseline`. An error when the baseline was made
/// with another fingerprint key (its fingerprints could never match).
detectors::Result<void> apply_baseline(const Baseline& baseline, const std::string& key,
                                       Report& report);

/// `--baseline FILE` for a scan: loads FILE and the installation's key and applies them to
/// `report`. Does nothing when `baseline_path` is empty.
detectors::Result<void> apply_baseline_file(const std::string& baseline_path, Report& report);

/// The key check written into baselines for `key`.
std::string baseline_key_check(const std::string& key);

} // namespace vigil::cli
