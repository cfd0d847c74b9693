// Filesystem walk (see fs_walk.hpp). Each directory is read whole and closed before its
// children are visited, so a deep tree never holds more than one directory handle open.
#include "fs_walk.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <system_error>

namespace vigil::scanner {
namespace {

std::string errno_text(int err) { return std::generic_category().message(err); }

// Why a non-regular, non-directory entry is not read.
std::string special_reason(mode_t mode) {
  if (S_ISFIFO(mode)) return "not a regular file (FIFO)";
  if (S_ISSOCK(mode)) return "not a regular file (socket)";
  if (S_ISCHR(mode)) return "not a regular file (character device)";
  if (S_ISBLK(mode)) return "not a regular file (block device)";
  return "not a regular file";
}

mode_t mode_of_dtype(unsigned char type) {
  switch (type) {
  case DT_REG: return S_IFREG;
  case DT_DIR: return S_IFDIR;
  case DT_LNK: return S_IFLNK;
  case DT_FIFO: return S_IFIFO;
  case DT_SOCK: return S_IFSOCK;
  case DT_CHR: return S_IFCHR;
  case DT_BLK: return S_IFBLK;
  default: return 0;
  }
}

std::string real_path(const std::string& path) {
  char* r = ::realpath(path.c_str(), nullptr);
  if (!r) return {};
  std::string out(r);
  std::free(r);
  return out;
}

} // namespace

FsWalker::FsWalker(const std::vector<std::string>& roots, const FsScanOptions& options)
    : options_(options) {
  for (const auto& given : roots) {
    Root r;
    r.given = given.empty() ? std::string(".") : given;
    std::string trimmed = r.given;
    while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
    if (trimmed == ".") r.prefix = "";
    else if (trimmed == "/") r.prefix = "/";
    else r.prefix = trimmed + "/";
    r.real = real_path(r.given);
    for (const auto& glob : options.excludes) r.filter.add(glob);
    roots_.push_back(std::move(r));
  }
}

std::string FsWalker::shown(std::size_t root, const std::string& rel) const {
  return roots_[root].prefix + rel;
}

std::string FsWalker::dir_path(std::size_t root, const std::string& rel) const {
  return rel.empty() ? roots_[root].given : shown(root, rel);
}

bool FsWalker::inside_roots(const std::string& real) const {
  for (const auto& r : roots_) {
    if (r.real.empty()) continue;
    if (real == r.real) return true;
    const std::string base = r.real == "/" ? r.real : r.real + "/";
    if (real.compare(0, base.size(), base) == 0) return true;
  }
  return false;
}

void FsWalker::skip(std::string display, std::string reason) {
  FsItem item;
  item.display = std::move(display);
  item.skip_reason = std::move(reason);
  ready_.push_back(std::move(item));
}

bool FsWalker::next(FsItem& item) {
  while (ready_.empty()) {
    if (!dirs_.empty()) {
      PendingDir dir = std::move(dirs_.back());
      dirs_.pop_back();
      read_dir(dir);
    } else if (next_root_ < roots_.size()) {
      start_root(next_root_++);
    } else {
      return false;
    }
  }
  item = std::move(ready_.front());
  ready_.pop_front();
  return true;
}

void FsWalker::start_root(std::size_t index) {
  Root& root = roots_[index];
  const std::string& path = root.given;
  struct stat st {};
  // A root the user named is followed even when it is a symlink: they asked for it.
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    struct stat lst {};
    if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode))
      skip(root.given, err == ELOOP ? "symlink loop" : "dangling symlink: " + errno_text(err));
    else
      skip(root.given, errno_text(err));
    return;
  }
  if (S_ISREG(st.st_mode)) {
    FsItem item;
    item.display = root.given;
    item.open_path = path;
    item.follow_final = true;
    ready_.push_back(std::move(item));
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    skip(root.given, special_reason(st.st_mode));
    return;
  }
  const std::string ignore_file = root.prefix + ".vigilignore";
  if (auto loaded = root.filter.load_ignore_file(ignore_file); !loaded)
    skip(ignore_file, loaded.error().message);
  visited_dirs_.insert({st.st_dev, st.st_ino});
  dirs_.push_back(
      {index, {}, std::make_shared<DirNode>(DirNode{st.st_dev, st.st_ino, nullptr}), false});
}

void FsWalker::read_dir(const PendingDir& dir) {
  const std::string path = dir_path(dir.root, dir.rel);
  // Below a root, a directory swapped for a symlink since it was listed is not followed.
  const bool nofollow = !dir.rel.empty() && !dir.via_link;
  const int fd =
      ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
  if (fd < 0) {
    const int err = errno;
    skip(dir.rel.empty() ? roots_[dir.root].given : path,
         err == ENOENT ? "vanished before it could be read" : errno_text(err));
    return;
  }
  // getdents64 straight on the descriptor: fdopendir/readdir cost two fcntl calls and a
  // 32 KiB buffer per directory, a third of a walk's system calls on a tree of small folders.
  std::vector<std::pair<std::string, unsigned char>> entries;
  alignas(8) char buffer[16384];
  for (;;) {
    const ssize_t n = ::getdents64(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      skip(path, "error reading directory: " + errno_text(errno));
      break;
    }
    if (n == 0) break;
    for (ssize_t at = 0; at < n;) {
      const auto* e = reinterpret_cast<const dirent64*>(buffer + at);
      at += e->d_reclen;
      const std::string_view name(e->d_name);
      if (name == "." || name == "..") continue;
      entries.emplace_back(std::string(name), e->d_type);
    }
  }
  std::sort(entries.begin(), entries.end());
  std::vector<PendingDir> subdirs;
  for (const auto& [name, type] : entries) add_entry(dir, fd, name, type, subdirs);
  ::close(fd);
  // The stack pops the last pushed first: push in reverse to visit in name order.
  for (auto it = subdirs.rbegin(); it != subdirs.rend(); ++it) dirs_.push_back(std::move(*it));
}

void FsWalker::add_entry(const PendingDir& dir, int dir_fd, const std::string& name,
                         unsigned char type, std::vector<PendingDir>& subdirs) {
  const std::string rel = dir.rel.empty() ? name : dir.rel + "/" + name;
  mode_t mode = mode_of_dtype(type);
  struct stat st {};
  const bool need_stat = mode == 0 || (S_ISDIR(mode) && options_.follow_symlinks);
  if (need_stat) {
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      skip(shown(dir.root, rel),
           errno == ENOENT ? "vanished before it could be read" : errno_text(errno));
      return;
    }
    mode = st.st_mode;
  }
  const bool is_dir = S_ISDIR(mode);
  if (is_dir && name == ".git") return; // history is the git source's job
  const Root& root = roots_[dir.root];
  if (root.filter.ignored(rel, is_dir, shown(dir.root, rel))) return;

  if (S_ISREG(mode)) {
    FsItem item;
    item.display = shown(dir.root, rel);
    item.open_path = item.display;
    ready_.push_back(std::move(item));
  } else if (is_dir) {
    std::shared_ptr<const DirNode> node;
    if (need_stat) {
      if (!visited_dirs_.insert({st.st_dev, st.st_ino}).second) return; // bind mount seen twice
      node = std::make_shared<DirNode>(DirNode{st.st_dev, st.st_ino, dir.node});
    }
    subdirs.push_back({dir.root, rel, std::move(node), false});
  } else if (S_ISLNK(mode)) {
    if (options_.follow_symlinks) follow_link(dir, rel, subdirs);
    // Not following is the documented default, not a gap in the scan: nothing to report.
  } else {
    skip(shown(dir.root, rel), special_reason(mode));
  }
}

void FsWalker::follow_link(const PendingDir& dir, const std::string& rel,
                           std::vector<PendingDir>& subdirs) {
  const std::string display = shown(dir.root, rel);
  struct stat st {};
  if (::stat(display.c_str(), &st) != 0) {
    const int err = errno;
    skip(display, err == ELOOP ? "symlink loop" : "dangling symlink: " + errno_text(err));
    return;
  }
  const std::string real = real_path(display);
  if (real.empty()) {
    skip(display, "cannot resolve symlink: " + errno_text(errno));
    return;
  }
  if (!inside_roots(real)) {
    skip(display, "symlink target outside the scanned roots (not followed)");
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    if (roots_[dir.root].filter.ignored(rel, true, display)) return;
    for (auto n = dir.node; n; n = n->parent)
      if (n->dev == st.st_dev && n->ino == st.st_ino) {
        skip(display, "symlink loop (points to an enclosing directory)");
        return;
      }
    // A directory reached twice (two links, or a link to a sibling) is scanned once.
    if (!visited_dirs_.insert({st.st_dev, st.st_ino}).second) return;
    subdirs.push_back(
        {dir.root, rel, std::make_shared<DirNode>(DirNode{st.st_dev, st.st_ino, dir.node}), true});
  } else if (S_ISREG(st.st_mode)) {
    FsItem item;
    item.display = display;
    item.open_path = real;
    ready_.push_back(std::move(item));
  } else {
    skip(display, special_reason(st.st_mode));
  }
}

} // namespace vigil::scanner
