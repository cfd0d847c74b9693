// The git sources: a repository's complete history (each distinct blob once, provenance
// attached afterwards), the lines added by a commit range (CI gate) and the staged changes
// (pre-commit). All read with libgit2 in-process; nothing from the repository executes and
// its config is never loaded. Call init_git_library() (git_init.hpp) first.
#pragma once

#include "vigil/scanner/finding.hpp"
#include "vigil/scanner/pipeline.hpp"
#include "vigil/scanner/progress.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace vigil::scanner {

/// Whether `path` is itself a git repository: a work tree with `.git`, or a bare repository.
/// Never searches parent folders.
bool is_git_repository(const std::string& path);

/// How history is read.
struct GitScanOptions {
  std::uint64_t max_blob_size = 256ull << 20; ///< larger blobs are skipped and reported
  std::size_t live_tokens = 0;                ///< batches in flight; 0: default_live_tokens()
  ScanProgress* progress = nullptr;           ///< optional live counters
};

/// Scans every blob in the object database of the repository at `repo` once, in parallel,
/// then attaches provenance (kind git: first commit per path, author, date, refs, whether at
/// HEAD) to each match. Blobs no commit reaches are reported with their id and no path.
/// Unreadable objects, missing commits/trees/blobs and oversized blobs go to the summary's
/// skipped list; a repository that cannot be opened at all is one skipped entry.
void scan_git_history(const std::string& repo, const GitScanOptions& options, ScannerPool& pool,
                      FindingCollector& out);

} // namespace vigil::scanner
