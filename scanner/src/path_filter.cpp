// Ignore globs (see path_filter.hpp). gitignore-like: a glob without '/' matches a name at any
// depth, one with '/' the root-relative path; "**" lets '*' cross '/'; a trailing '/' means a
// directory. Negation ("!") is not supported: an ignore file can only narrow a scan.
#include "vigil/scanner/path_filter.hpp"

#include <cerrno>
#include <fcntl.h>
#include <fnmatch.h>
#include <system_error>
#include <unistd.h>

namespace vigil::scanner {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool glob_match(const std::string& glob, std::string_view path, bool deep) {
  const std::string p(path); // fnmatch needs NUL-terminated text
  return fnmatch(glob.c_str(), p.c_str(), deep ? 0 : FNM_PATHNAME) == 0;
}

std::string_view base_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

} // namespace

IgnorePattern parse_ignore_pattern(std::string_view line) {
  IgnorePattern p;
  line = trim(line);
  if (line.empty() || line.front() == '#') return p;
  if (line.back() == '/') {
    p.dir_only = true;
    while (!line.empty() && line.back() == '/') line.remove_suffix(1);
  }
  if (!line.empty() && line.front() == '/') {
    p.anchored = true;
    while (!line.empty() && line.front() == '/') line.remove_prefix(1);
  }
  // "**/x" is "x at any depth": drop the prefix and keep the glob unanchored.
  bool any_depth = false;
  while (!p.anchored && line.substr(0, 3) == "**/") {
    line.remove_prefix(3);
    any_depth = true;
  }
  if (line.empty()) return p;
  p.glob.assign(line);
  if (!any_depth && p.glob.find('/') != std::string::npos) p.anchored = true;
  p.deep = p.glob.find("**") != std::string::npos;
  return p;
}

void PathFilter::add(std::string_view line) {
  auto p = parse_ignore_pattern(line);
  if (!p.glob.empty()) patterns_.push_back(std::move(p));
}

void PathFilter::add_lines(std::string_view text) {
  while (!text.empty()) {
    const auto nl = text.find('\n');
    add(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

detectors::Result<void> PathFilter::load_ignore_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return {};
    return detectors::Error{path + ": cannot read ignore file: " +
                            std::generic_category().message(errno)};
  }
  std::string text;
  char buf[8192];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return detectors::Error{path + ": cannot read ignore file: " +
                              std::generic_category().message(err)};
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > (1u << 20)) { // a 1 MB ignore file is a mistake, not a list of globs
      ::close(fd);
      return detectors::Error{path + ": ignore file larger than 1 MB"};
    }
  }
  ::close(fd);
  add_lines(text);
  return {};
}

bool PathFilter::ignored(std::string_view relative, bool is_dir, std::string_view also) const {
  for (const auto& p : patterns_) {
    if (p.dir_only && !is_dir) continue;
    if (!p.anchored) {
      if (p.glob.find('/') == std::string::npos) {
        if (glob_match(p.glob, base_name(relative), p.deep)) return true;
        continue;
      }
      // "**/a/b": the glob may match any tail of the path that starts at a component.
      for (std::size_t at = 0;;) {
        if (glob_match(p.glob, relative.substr(at), p.deep)) return true;
        const auto slash = relative.find('/', at);
        if (slash == std::string_view::npos) break;
        at = slash + 1;
      }
      continue;
    }
    if (glob_match(p.glob, relative, p.deep)) return true;
    if (!also.empty() && glob_match(p.glob, also, p.deep)) return true;
  }
  return false;
}

} // namespace vigil::scanner
