// The change sources: secrets in lines added by the commits of a range (the pull-request
// gate, `--since REF`) and in what is staged for the next commit (the pre-commit hook,
// `--staged`). Both read with libgit2 in-process and never load the repository's config.
#pragma once

#include "vigil/scanner/finding.hpp"
#include "vigil/scanner/pipeline.hpp"

#include <cstdint>
#include <string>

namespace vigil::scanner {

/// Limits for the change sources.
struct GitChangeOptions {
  std::uint64_t max_blob_size = 256ull << 20; ///< larger blobs are skipped and reported
};

/// Reports secrets on lines added by the commits in `since`..HEAD (reachable from HEAD, not
/// from `since`). A commit's added lines are those of its diff against its parent; for a
/// merge, lines added relative to every parent (what the merge itself brought). A secret
/// already present at `since` is not reported; one added and removed inside the range is.
/// `since` is a ref name, a full commit id, or either followed by `~N` / `^N`. Locations are
/// kind git with the adding commit. An unknown `since` is a skipped entry (exit 2).
void scan_git_since(const std::string& repo, const std::string& since,
                    const GitChangeOptions& options, ScannerPool& pool, FindingCollector& out);

/// Reports secrets on lines the index adds relative to HEAD's tree (whole files when new, the
/// whole index on an unborn branch). Locations are kind file, named like the filesystem
/// source names them ("<repo>/<path>", or "<path>" for ".").
void scan_git_staged(const std::string& repo, const GitChangeOptions& options, ScannerPool& pool,
                     FindingCollector& out);

} // namespace vigil::scanner
