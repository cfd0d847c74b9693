// Work-tree source (see git_worktree.hpp). Every file is scanned by the filesystem source; only
// files with findings are hashed afterwards, so committed files cost no extra read unless they
// hold a secret.
#include "vigil/scanner/git_worktree.hpp"

#include "git_repo.hpp"
#include "vigil/scanner/git_init.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>

namespace vigil::scanner {
namespace {

// Whether the file at `path` (not following a final symlink) has the bytes of a blob in `odb`.
bool committed(git_odb* odb, const std::string& path, std::uint64_t max) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  std::string data;
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
            static_cast<std::uint64_t>(st.st_size) <= max;
  if (ok) {
    data.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < data.size()) {
      const ssize_t n = ::read(fd, data.data() + got, data.size() - got);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    ok = got == data.size();
  }
  ::close(fd);
  if (!ok) return false;
  git_oid id;
  return git_odb_hash(&id, data.data(), data.size(), GIT_OBJECT_BLOB) == 0 &&
         git_odb_exists(odb, &id) == 1;
}

} // namespace

void scan_git_worktree(const std::string& repo, const FsScanOptions& options, ScannerPool& pool,
                       FindingCollector& out) {
  init_git_library();
  auto layout = locate_repository(repo);
  if (!layout) return out.skip(repo, layout.error().message);
  if (layout.value().workdir.empty()) return;
  auto odb = open_odb(layout.value());
  if (!odb) return out.skip(repo, odb.error().message);

  FindingCollector files;
  scan_filesystem({repo}, options, pool, files);
  out.summary().blobs_scanned += files.summary().blobs_scanned;
  out.summary().bytes_scanned += files.summary().bytes_scanned;
  for (const auto& s : files.summary().skipped) out.skip(s.path, s.reason);
  std::map<std::string, bool> is_committed;
  for (const auto& f : files.findings()) {
    for (const auto& loc : f.locations) {
      auto [it, fresh] = is_committed.try_emplace(loc.path, false);
      if (fresh) it->second = committed(odb.value().get(), loc.path, options.max_file_size);
      if (it->second) continue;
      BlobMatch m;
      m.rule = f.rule;
      m.secret = f.secret;
      m.line = loc.line;
      m.column = loc.column;
      m.captures = f.captures;
      out.add(m, loc);
    }
  }
}

} // namespace vigil::scanner
