// Commit, tree and tag objects parsed from their raw bytes. Parsing here is lenient and
// bounds-checked: a malformed header yields what could be read, never a crash, so history
// with broken objects is still scanned.
#pragma once

#include "git_handles.hpp"
#include "vigil/detectors/result.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::scanner {

/// The parts of a commit the git sources use.
struct CommitInfo {
  git_oid tree{};
  bool has_tree = false;
  std::vector<git_oid> parents;
  std::string author;      ///< "Name <email>", as stored (may not be UTF-8)
  std::int64_t time = 0;   ///< author time, seconds since the epoch (0 when malformed)
  bool has_time = false;
};

/// One entry of a tree. `name` points into the raw tree bytes it was parsed from.
struct TreeEntry {
  std::string_view name;
  std::uint32_t mode = 0; ///< octal mode as stored (040000 tree, 100644 blob, 160000 gitlink)
  git_oid id{};
  bool is_tree() const { return (mode & 0170000) == 0040000; }
  bool is_blob() const { return (mode & 0170000) == 0100000 || (mode & 0170000) == 0120000; }
};

/// Parses a commit; false when not even a tree line is present.
bool parse_commit(std::string_view raw, CommitInfo& out);

/// Parses the first entry of `rest` into `e` and removes it from `rest`, setting `bytes` to
/// the entry's raw bytes (two entries are identical when their bytes are); false when `rest`
/// is empty or its first entry is malformed. Inline: tree comparison calls it per entry.
inline bool next_tree_entry(std::string_view& rest, TreeEntry& e, std::string_view& bytes) {
  const std::size_t n = rest.size();
  const char* p = rest.data();
  std::size_t i = 0;
  std::uint32_t mode = 0;
  while (i < n && i < 8 && p[i] >= '0' && p[i] <= '7') mode = mode * 8 + static_cast<std::uint32_t>(p[i++] - '0');
  if (i == 0 || i > 7 || i >= n || p[i] != ' ') return false;
  const void* nul = std::memchr(p + i + 1, '\0', n - i - 1);
  if (!nul) return false;
  const std::size_t name_end = static_cast<std::size_t>(static_cast<const char*>(nul) - p);
  const std::size_t end = name_end + 1 + GIT_OID_RAWSZ;
  if (end > n) return false;
  e.mode = mode;
  e.name = std::string_view(p + i + 1, name_end - i - 1);
  std::memcpy(e.id.id, p + name_end + 1, GIT_OID_RAWSZ);
  bytes = std::string_view(p, end);
  rest.remove_prefix(end);
  return true;
}

/// Parses a tree; entries after a malformed one are dropped and false is returned. Entry
/// names are views into `raw`, which must outlive them.
bool parse_tree(std::string_view raw, std::vector<TreeEntry>& out);

/// Git's tree order: names compared bytewise, a tree's name as if followed by '/'.
int tree_order(const TreeEntry& a, const TreeEntry& b);

/// The object an annotated tag points at; false when malformed.
bool parse_tag_target(std::string_view raw, git_oid& out);

/// RFC 3339 UTC ("2024-05-01T10:00:00Z") of seconds since the epoch.
std::string rfc3339_utc(std::int64_t seconds);

/// Reads an object whole. Errors carry libgit2's message and the object id.
detectors::Result<OdbObjectPtr> read_object(git_odb* odb, const git_oid& id);

/// View of an object's bytes.
inline std::string_view object_bytes(git_odb_object* o) {
  return {static_cast<const char*>(git_odb_object_data(o)), git_odb_object_size(o)};
}

} // namespace vigil::scanner
