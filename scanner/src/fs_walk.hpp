// The serial half of the filesystem source: walks roots with opendir/readdir/fstatat and yields
// one item per file to read, or per input to report as skipped. Private to scanner/.
#pragma once

#include "vigil/scanner/fs_source.hpp"
#include "vigil/scanner/path_filter.hpp"

#include <sys/types.h>

#include <deque>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace vigil::scanner {

/// A file to read, or an input to report as skipped.
struct FsItem {
  std::string display;      ///< the path as shown to the user
  std::string open_path;    ///< the path to open (the resolved target for a followed link)
  bool follow_final = false; ///< open without O_NOFOLLOW (a root the user named)
  std::string skip_reason;  ///< non-empty: do not read, report this
};

/// Depth-first walk in name order: a directory's files come before its subdirectories.
class FsWalker {
public:
  FsWalker(const std::vector<std::string>& roots, const FsScanOptions& options);

  /// The next item; false when the walk is over.
  bool next(FsItem& item);

private:
  struct Root {
    std::string given;  ///< as the user wrote it
    std::string prefix; ///< prepended to root-relative paths ("" for ".")
    std::string real;   ///< realpath, for the "outside the roots" check
    PathFilter filter;
  };
  struct DirNode {
    dev_t dev;
    ino_t ino;
    std::shared_ptr<const DirNode> parent;
  };
  struct PendingDir {
    std::size_t root;
    std::string rel; ///< root-relative; empty for the root itself
    std::shared_ptr<const DirNode> node; ///< set when following links (loop detection)
    bool via_link = false; ///< reached through a followed symlink: its path may not be opened NOFOLLOW
  };

  void start_root(std::size_t index);
  void read_dir(const PendingDir& dir);
  void add_entry(const PendingDir& dir, int dir_fd, const std::string& name, unsigned char type,
                 std::vector<PendingDir>& subdirs);
  void follow_link(const PendingDir& dir, const std::string& rel, std::vector<PendingDir>& subdirs);
  std::string dir_path(std::size_t root, const std::string& rel) const;
  std::string shown(std::size_t root, const std::string& rel) const;
  bool inside_roots(const std::string& real) const;
  void skip(std::string display, std::string reason);

  const FsScanOptions& options_;
  std::vector<Root> roots_;
  std::size_t next_root_ = 0;
  std::vector<PendingDir> dirs_; ///< stack
  std::deque<FsItem> ready_;
  std::set<std::pair<dev_t, ino_t>> visited_dirs_;
};

} // namespace vigil::scanner
