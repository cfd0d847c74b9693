// Location: one place a secret was seen, with provenance. Content identity (the secret and
// where in a blob) is kept apart from where that blob lives (file path, git commit).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::scanner {

/// Where a blob came from.
enum class LocationKind { file, git };

/// "file" / "git".
const char* to_string(LocationKind kind);

/// One place a finding occurs. Git fields are empty for files.
struct Location {
  LocationKind kind = LocationKind::file;
  std::string path;        ///< file path; archive members as "outer.war!inner.jar!file"
  std::uint64_t line = 0;  ///< 1-based
  std::uint64_t column = 0; ///< 1-based byte column
  std::string repo;        ///< git: repository path as given
  std::string commit;      ///< git: commit that introduced the blob at this path
  std::string author;      ///< git: "Name <email>"
  std::string date;        ///< git: author date, RFC 3339 UTC
  std::string blob;        ///< git: id of the blob holding the secret
  std::vector<std::string> refs; ///< git: refs whose history holds `commit` (first 16)
  std::size_t refs_total = 0;    ///< git: how many refs do
  bool at_head = false;    ///< git: the blob is still at `path` in HEAD
};

/// Strict weak order for stable output: kind, path, line, column, commit.
bool operator<(const Location& a, const Location& b);
bool operator==(const Location& a, const Location& b);

} // namespace vigil::scanner
