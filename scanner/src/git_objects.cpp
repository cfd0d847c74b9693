// Raw object parsing (see git_objects.hpp).
#include "git_objects.hpp"

#include <algorithm>
#include <cstring>
#include <ctime>

namespace vigil::scanner {
namespace {

bool hex_at(std::string_view line, std::size_t at, git_oid& out) {
  return line.size() >= at + GIT_OID_HEXSZ &&
         git_oid_fromstrn(&out, line.data() + at, GIT_OID_HEXSZ) == 0;
}

// "Name <email> 1714557600 +0200" → "Name <email>" and the time.
void parse_signature(std::string_view v, CommitInfo& out) {
  const auto close = v.rfind('>');
  if (close == std::string_view::npos) {
    out.author.assign(v);
    return;
  }
  out.author.assign(v.substr(0, close + 1));
  std::string_view rest = v.substr(close + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  std::int64_t t = 0;
  std::size_t digits = 0;
  while (digits < rest.size() && digits < 18 && rest[digits] >= '0' && rest[digits] <= '9')
    t = t * 10 + (rest[digits++] - '0');
  if (digits > 0) {
    out.time = t;
    out.has_time = true;
  }
}

} // namespace

bool parse_commit(std::string_view raw, CommitInfo& out) {
  out = CommitInfo{};
  while (!raw.empty()) {
    const auto nl = raw.find('\n');
    const std::string_view line = raw.substr(0, nl);
    if (line.empty()) break; // end of headers
    if (line.rfind("tree ", 0) == 0 && !out.has_tree) out.has_tree = hex_at(line, 5, out.tree);
    else if (line.rfind("parent ", 0) == 0) {
      git_oid p;
      if (hex_at(line, 7, p)) out.parents.push_back(p);
    } else if (line.rfind("author ", 0) == 0 && out.author.empty())
      parse_signature(line.substr(7), out);
    if (nl == std::string_view::npos) break;
    raw.remove_prefix(nl + 1);
  }
  return out.has_tree;
}

bool parse_tree(std::string_view raw, std::vector<TreeEntry>& out) {
  out.clear();
  TreeEntry e;
  std::string_view bytes;
  while (!raw.empty()) {
    if (!next_tree_entry(raw, e, bytes)) return false;
    out.push_back(e);
  }
  return true;
}

int tree_order(const TreeEntry& a, const TreeEntry& b) {
  const std::size_t n = std::min(a.name.size(), b.name.size());
  if (int c = std::memcmp(a.name.data(), b.name.data(), n); c != 0) return c;
  const unsigned char ca = a.name.size() > n ? static_cast<unsigned char>(a.name[n]) : (a.is_tree() ? '/' : 0);
  const unsigned char cb = b.name.size() > n ? static_cast<unsigned char>(b.name[n]) : (b.is_tree() ? '/' : 0);
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}

bool parse_tag_target(std::string_view raw, git_oid& out) {
  return raw.rfind("object ", 0) == 0 && hex_at(raw, 7, out);
}

std::string rfc3339_utc(std::int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (!::gmtime_r(&t, &tm)) return {};
  char buf[32];
  if (std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) return {};
  return buf;
}

detectors::Result<OdbObjectPtr> read_object(git_odb* odb, const git_oid& id) {
  git_odb_object* o = nullptr;
  if (git_odb_read(&o, odb, &id) < 0)
    return detectors::Error{"object " + oid_hex(id) + ": " + git_error_text("cannot read")};
  return OdbObjectPtr(o);
}

} // namespace vigil::scanner
