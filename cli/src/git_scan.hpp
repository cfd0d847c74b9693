// The git part of `vigil scan`: which paths are repositories and which git source each gets
// (full history + work tree, `--since` range, `--staged`). Kept apart from scan_run.cpp so
// that file only asks "which paths are left for the filesystem source?".
#pragma once

#include "scan_options.hpp"
#include "scan_run.hpp"

#include "vigil/detectors/result.hpp"

#include <string>
#include <vector>

namespace vigil::cli {

/// Checks option combinations the git sources need (`--since`/`--staged` need repositories;
/// `--staged` runs offline, so not with `--verify`).
detectors::Result<void> check_git_options(const ScanOptions& options);

/// Runs the git sources for `paths` into `context` and returns the paths left for the
/// filesystem source (those that are not repositories, or all with `--git-history none`).
/// With `--since` or `--staged` every path must be a repository and none is left over.
detectors::Result<std::vector<std::string>> collect_git_sources(const ScanOptions& options,
                                                                ScanContext& context,
                                                                const std::vector<std::string>& paths);

} // namespace vigil::cli
