// Uncommitted work-tree files of a repository, scanned as plain files: the filesystem source
// over the work tree, keeping only files whose content is not already a blob of the
// repository (those are reported, with provenance, by the history source).
#pragma once

#include "vigil/scanner/finding.hpp"
#include "vigil/scanner/fs_source.hpp"
#include "vigil/scanner/pipeline.hpp"

#include <string>

namespace vigil::scanner {

/// Scans the work tree of `repo` (kind file; `.git` is not walked). A file whose bytes hash to
/// a blob in the repository's object database is left to history. Does nothing for a bare
/// repository.
void scan_git_worktree(const std::string& repo, const FsScanOptions& options, ScannerPool& pool,
                       FindingCollector& out);

} // namespace vigil::scanner
