// Scanning a blob for secrets on its added lines only: shared by the range (`--since`) and
// staged sources. Each blob is scanned once however many commits or paths bring it.
#pragma once

#include "git_handles.hpp"
#include "vigil/scanner/blob_scan.hpp"
#include "vigil/scanner/finding.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vigil::scanner {

/// Scans blobs and keeps the matches that start on added lines.
class AddedLineScanner {
public:
  AddedLineScanner(git_odb* odb, BlobScanner& scanner, std::uint64_t max_blob_size,
                   FindingCollector& out)
      : odb_(odb), scanner_(scanner), max_(max_blob_size), out_(out) {}

  /// Records matches of blob `after` that lie on lines added relative to every one of
  /// `before` (nullopt: the path did not exist there, so every line is added). `where` gives
  /// the location (path, commit, ...); `display` names it in skipped entries.
  void scan(const git_oid& after, const std::vector<std::optional<git_oid>>& before,
            const Location& where, const std::string& display);

private:
  const std::string* blob_text(const git_oid& id, const std::string& display);

  git_odb* odb_;
  BlobScanner& scanner_;
  std::uint64_t max_;
  FindingCollector& out_;
  std::map<git_oid, std::vector<BlobMatch>, OidLess> matches_; ///< per scanned blob
  std::string after_text_, before_text_;
};

} // namespace vigil::scanner
