// The filesystem source: walks files and directory trees, reads and scans every regular file
// through the parallel pipeline, and records findings with file locations. Anything it cannot
// or will not read (FIFOs, devices, unreadable, vanished, oversized, loops) is reported as
// skipped, never silently dropped and never waited on.
#pragma once

#include "vigil/scanner/finding.hpp"
#include "vigil/scanner/pipeline.hpp"
#include "vigil/scanner/progress.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vigil::scanner {

/// How the filesystem is walked.
struct FsScanOptions {
  std::vector<std::string> excludes;          ///< extra ignore globs (`.vigilignore` syntax)
  std::uint64_t max_file_size = 256ull << 20; ///< larger files are skipped and reported
  bool follow_symlinks = false;  ///< follow links inside the roots (loops, escapes reported)
  std::size_t live_tokens = 0;   ///< files in flight; 0: default_live_tokens()
  ScanProgress* progress = nullptr; ///< optional live counters
};

/// Scans `roots` (files or directories, as the user wrote them; "." shows paths without a
/// "./" prefix). Each root's `.vigilignore` applies below it; `.git` folders are not walked
/// (git history is a separate source). Findings and skipped inputs go to `out`; paths in them
/// are the root as given joined with the path below it ("demo" → "demo/app.py").
void scan_filesystem(const std::vector<std::string>& roots, const FsScanOptions& options,
                     ScannerPool& pool, FindingCollector& out);

} // namespace vigil::scanner
