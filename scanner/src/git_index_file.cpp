// Index file parsing (see git_index_file.hpp). Every length is bounds-checked: a malformed
// entry fails the read, a malformed TREE extension only empties the cache-tree.
#include "git_index_file.hpp"

#include "git_repo.hpp"

#include <cstdint>
#include <cstring>
#include <algorithm>
#include <vector>

namespace vigil::scanner {
namespace {

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
         std::uint32_t(p[3]);
}

// Parses the entries into `out`; returns the offset just past them, or 0 when they do not
// parse.
std::size_t parse_entries(const unsigned char* p, std::size_t size, std::uint32_t version,
                          std::uint32_t count, std::vector<IndexEntry>& out) {
  std::size_t at = 12;
  std::string previous; // version 4 paths are stored relative to the previous one
  out.reserve(std::min<std::size_t>(count, size / 62));
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::size_t start = at;
    if (at + 62 > size) return 0;
    IndexEntry e;
    e.mode = be32(p + at + 24);
    std::memcpy(e.id.id, p + at + 40, GIT_OID_RAWSZ);
    const std::uint16_t flags = static_cast<std::uint16_t>((p[at + 60] << 8) | p[at + 61]);
    e.stage = (flags >> 12) & 3;
    at += 62;
    if (flags & 0x4000) { // extended flags (version 3 and later)
      if (version < 3 || at + 2 > size) return 0;
      const std::uint16_t extended = static_cast<std::uint16_t>((p[at] << 8) | p[at + 1]);
      e.intent_to_add = (extended & 0x2000) != 0;
      at += 2;
    }
    if (version == 4) {
      // A varint (bytes to drop from the end of the previous path), then a NUL-terminated
      // suffix.
      std::uint64_t drop = 0;
      int guard = 0;
      for (;;) {
        if (at >= size || ++guard > 9) return 0;
        const unsigned char c = p[at++];
        drop = (drop << 7) | (c & 0x7f);
        if (!(c & 0x80)) break;
        ++drop; // git's offset encoding, as in pack ofs-deltas
      }
      if (drop > previous.size()) return 0;
      const void* nul = std::memchr(p + at, 0, size - at);
      if (!nul) return 0;
      const std::size_t end = static_cast<std::size_t>(static_cast<const unsigned char*>(nul) - p);
      e.path.assign(previous, 0, previous.size() - drop);
      e.path.append(reinterpret_cast<const char*>(p + at), end - at);
      at = end + 1;
      previous = e.path;
    } else {
      const void* nul = std::memchr(p + at, 0, size - at);
      if (!nul) return 0;
      const std::size_t path_end = static_cast<std::size_t>(static_cast<const unsigned char*>(nul) - p);
      e.path.assign(reinterpret_cast<const char*>(p + at), path_end - at);
      // Entries are NUL-padded to a multiple of 8 bytes (1 to 8 NULs after the path).
      at = start + ((path_end - start + 8) & ~std::size_t(7));
      if (at > size) return 0;
    }
    out.push_back(std::move(e));
  }
  return at;
}

bool parse_int(const unsigned char*& q, const unsigned char* end, char stop, long& out) {
  bool negative = false;
  if (q < end && *q == '-') {
    negative = true;
    ++q;
  }
  long v = 0;
  int digits = 0;
  while (q < end && *q >= '0' && *q <= '9' && digits < 10) {
    v = v * 10 + (*q++ - '0');
    ++digits;
  }
  if (digits == 0 || q >= end || *q != stop) return false;
  ++q;
  out = negative ? -v : v;
  return true;
}

std::unordered_map<std::string, git_oid> parse_tree_extension(const unsigned char* q,
                                                              const unsigned char* end) {
  std::unordered_map<std::string, git_oid> out;
  struct Open {
    std::string path;
    long remaining;
  };
  std::vector<Open> stack;
  bool first = true;
  while (q < end) {
    if (!first && stack.empty()) return {}; // more nodes than the root announced
    const void* nul = std::memchr(q, 0, static_cast<std::size_t>(end - q));
    if (!nul) return {};
    const std::string name(reinterpret_cast<const char*>(q), static_cast<const unsigned char*>(nul) - q);
    q = static_cast<const unsigned char*>(nul) + 1;
    long entries = 0, subtrees = 0;
    if (!parse_int(q, end, ' ', entries) || !parse_int(q, end, '\n', subtrees) || subtrees < 0)
      return {};
    std::string path;
    if (first) {
      if (!name.empty()) return {};
    } else {
      path = stack.back().path.empty() ? name : stack.back().path + "/" + name;
      --stack.back().remaining;
    }
    first = false;
    if (entries >= 0) {
      if (end - q < GIT_OID_RAWSZ) return {};
      git_oid id;
      std::memcpy(id.id, q, GIT_OID_RAWSZ);
      q += GIT_OID_RAWSZ;
      out[path] = id;
    }
    stack.push_back({std::move(path), subtrees});
    while (!stack.empty() && stack.back().remaining == 0) stack.pop_back();
  }
  if (!stack.empty()) return {}; // announced subtrees missing
  return out;
}

} // namespace

detectors::Result<IndexFile> read_index_file(const std::string& path) {
  using detectors::Error;
  std::string data;
  if (!read_small_file(path, data, std::size_t(1) << 31)) return Error{path + ": cannot read"};
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const std::size_t size = data.size();
  if (size < 12 + 20 || std::memcmp(p, "DIRC", 4) != 0) return Error{path + ": not an index file"};
  const std::uint32_t version = be32(p + 4);
  if (version < 2 || version > 4)
    return Error{path + ": index version " + std::to_string(version) + " is not supported"};
  IndexFile index;
  std::size_t at = parse_entries(p, size - 20, version, be32(p + 8), index.entries);
  if (at == 0) return Error{path + ": malformed index entry"};
  while (at + 8 <= size - 20) {
    const std::uint32_t length = be32(p + at + 4);
    if (length > size - 20 - at - 8) break; // a bad extension: entries are still good
    if (std::memcmp(p + at, "link", 4) == 0) return Error{path + ": split index not supported"};
    if (std::memcmp(p + at, "sdir", 4) == 0) return Error{path + ": sparse index not supported"};
    if (std::memcmp(p + at, "TREE", 4) == 0)
      index.cache_tree = parse_tree_extension(p + at + 8, p + at + 8 + length);
    at += 8 + length;
  }
  return index;
}

} // namespace vigil::scanner
