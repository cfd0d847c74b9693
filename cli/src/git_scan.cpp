// Git sources for `vigil scan` (see git_scan.hpp).
#include "git_scan.hpp"

#include "vigil/scanner/git_changes.hpp"
#include "vigil/scanner/git_source.hpp"
#include "vigil/scanner/git_worktree.hpp"

namespace vigil::cli {

using detectors::Error;
using detectors::Result;

Result<void> check_git_options(const ScanOptions& o) {
  if (o.staged && !o.since.empty()) return Error{"--staged and --since cannot be used together"};
  if (o.staged && o.verify) return Error{"--staged runs offline; --verify cannot be used with it"};
  if (o.git_history != "full" && o.git_history != "none")
    return Error{"--git-history must be full or none"};
  if ((o.staged || !o.since.empty()) && o.git_history == "none")
    return Error{std::string(o.staged ? "--staged" : "--since") + " needs --git-history full"};
  return {};
}

Result<std::vector<std::string>> collect_git_sources(const ScanOptions& o, ScanContext& context,
                                                     const std::vector<std::string>& paths) {
  if (auto ok = check_git_options(o); !ok) return ok.error();
  const bool changes_only = o.staged || !o.since.empty();
  if (changes_only) {
    for (const auto& p : paths)
      if (!scanner::is_git_repository(p))
        return Error{std::string(o.staged ? "--staged" : "--since") + ": " + p +
                     " is not a git repository (give the repository's top folder)"};
    scanner::GitChangeOptions change;
    change.max_blob_size = o.max_file_size;
    for (const auto& p : paths) {
      if (o.staged) scanner::scan_git_staged(p, change, context.pool, context.collector);
      else scanner::scan_git_since(p, o.since, change, context.pool, context.collector);
    }
    return std::vector<std::string>{};
  }
  if (o.git_history == "none") return paths;

  std::vector<std::string> rest;
  for (const auto& p : paths) {
    if (!scanner::is_git_repository(p)) {
      rest.push_back(p);
      continue;
    }
    scanner::GitScanOptions history;
    history.max_blob_size = o.max_file_size;
    history.progress = &context.progress;
    scanner::scan_git_history(p, history, context.pool, context.collector);
    scanner::FsScanOptions fs;
    fs.excludes = o.excludes;
    fs.max_file_size = o.max_file_size;
    fs.follow_symlinks = o.follow_symlinks;
    fs.progress = &context.progress;
    scanner::scan_git_worktree(p, fs, context.pool, context.collector);
  }
  return rest;
}

} // namespace vigil::cli
