// Path ignore rules for the filesystem walk: `.vigilignore` files and `--exclude` globs, with
// gitignore-like meaning, matched by fnmatch(3) against root-relative paths.
#pragma once

#include "vigil/detectors/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace vigil::scanner {

/// One ignore glob, parsed.
struct IgnorePattern {
  std::string glob;      ///< without the trailing '/' and leading '/'
  bool anchored = false; ///< contained a '/': matched against the root-relative path
  bool dir_only = false; ///< ended with '/': matches directories only
  bool deep = false;     ///< contains "**": '*' may cross '/'
};

/// Parses one line of `.vigilignore` syntax; the glob is empty for blank lines and comments.
IgnorePattern parse_ignore_pattern(std::string_view line);

/// A set of ignore globs for one scanned root.
class PathFilter {
public:
  /// Adds a glob (`.vigilignore` line syntax); blank lines and `#` comments are ignored.
  void add(std::string_view line);
  /// Adds every line of a `.vigilignore` text.
  void add_lines(std::string_view text);
  /// Reads `<root>/.vigilignore` if present. A missing file is fine; an unreadable one is an
  /// error naming it.
  detectors::Result<void> load_ignore_file(const std::string& path);

  /// Whether `relative` (root-relative, '/'-separated, no leading "./") is ignored. Only the
  /// path itself is tested: the walk prunes ignored directories, so their contents never come.
  /// `also` is a second spelling of the same path (e.g. as displayed) that anchored globs may
  /// match too; empty for none.
  bool ignored(std::string_view relative, bool is_dir, std::string_view also = {}) const;

  bool empty() const { return patterns_.empty(); }

private:
  std::vector<IgnorePattern> patterns_;
};

} // namespace vigil::scanner
