// Finding aggregation and location ordering (see finding.hpp, location.hpp).
#include "vigil/scanner/finding.hpp"

#include <algorithm>
#include <tuple>

namespace vigil::scanner {

const char* to_string(LocationKind kind) { return kind == LocationKind::git ? "git" : "file"; }

namespace {
auto key(const Location& l) {
  return std::tie(l.kind, l.path, l.line, l.column, l.commit, l.repo);
}
} // namespace

bool operator<(const Location& a, const Location& b) { return key(a) < key(b); }
bool operator==(const Location& a, const Location& b) { return key(a) == key(b); }

void FindingCollector::add(const BlobMatch& match, const Location& where) {
  auto [it, inserted] = by_secret_.try_emplace({match.rule, match.secret});
  Finding& f = it->second;
  if (inserted) {
    f.rule = match.rule;
    f.secret = match.secret;
    f.captures = match.captures;
  }
  Location loc = where;
  loc.line = match.line;
  loc.column = match.column;
  f.locations.push_back(std::move(loc));
}

void FindingCollector::count_blob(std::uint64_t bytes) {
  ++summary_.blobs_scanned;
  summary_.bytes_scanned += bytes;
}

void FindingCollector::skip(std::string path, std::string reason) {
  summary_.skipped.push_back({std::move(path), std::move(reason)});
}

std::vector<Finding> FindingCollector::findings() const {
  std::vector<Finding> out;
  out.reserve(by_secret_.size());
  for (const auto& [k, f] : by_secret_) {
    Finding copy = f;
    std::sort(copy.locations.begin(), copy.locations.end());
    copy.locations.erase(std::unique(copy.locations.begin(), copy.locations.end()),
                         copy.locations.end());
    out.push_back(std::move(copy));
  }
  std::sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.locations.front(), a.rule, a.secret) <
           std::tie(b.locations.front(), b.rule, b.secret);
  });
  return out;
}

} // namespace vigil::scanner
