// Findings and the scan summary: what a scan produces. A finding is unique by (rule, secret)
// and carries every location it was seen at.
#pragma once

#include "vigil/scanner/blob_scan.hpp"
#include "vigil/scanner/location.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace vigil::scanner {

/// One secret found by one rule, with every place it occurs.
struct Finding {
  std::uint32_t rule = 0; ///< index into the RuleSet's rules
  std::string secret;     ///< plain text; redact before output unless asked not to
  std::vector<Location> locations; ///< sorted, distinct
  std::vector<std::pair<std::string, std::string>> captures; ///< first occurrence's named groups
};

/// An input that was not scanned, or not completely, and why.
struct SkippedInput {
  std::string path;
  std::string reason;
};

/// Totals of a scan; `complete()` is false when anything was skipped.
struct ScanSummary {
  std::uint64_t blobs_scanned = 0;
  std::uint64_t bytes_scanned = 0;
  std::vector<SkippedInput> skipped;
  bool complete() const { return skipped.empty(); }
};

/// Gathers blob matches into findings. Not thread-safe: fed by the pipeline's serial stage.
class FindingCollector {
public:
  /// Records a match; `where` gives everything but line and column, taken from the match.
  void add(const BlobMatch& match, const Location& where);
  /// Records a scanned blob of `bytes` bytes.
  void count_blob(std::uint64_t bytes);
  /// Records an input that was skipped or only partly read.
  void skip(std::string path, std::string reason);

  /// Findings ordered by their first location, then rule; locations sorted and distinct.
  std::vector<Finding> findings() const;
  const ScanSummary& summary() const { return summary_; }
  ScanSummary& summary() { return summary_; }

private:
  std::map<std::pair<std::uint32_t, std::string>, Finding> by_secret_;
  ScanSummary summary_;
};

} // namespace vigil::scanner
