// The index file (.git/index), read by hand for the staged source: its entries (path, mode,
// id, stage, intent-to-add) and its cache-tree (the TREE extension: for each folder whose
// entries have not changed since a tree was last written for it, that tree's id), so a
// pre-commit scan compares only the folders the cache-tree does not vouch for with HEAD and
// costs the change, not the repository (git itself commits those trees as they are). Like
// git, the trailing checksum is not verified on read.
#pragma once

#include "git_handles.hpp"
#include "vigil/detectors/result.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace vigil::scanner {

/// One index entry.
struct IndexEntry {
  std::string path;
  git_oid id{};
  std::uint32_t mode = 0;
  int stage = 0;             ///< 0 normal, 1-3 conflict sides
  bool intent_to_add = false;
};

/// What the staged source needs from an index file.
struct IndexFile {
  std::vector<IndexEntry> entries; ///< in index order (by path)
  /// Valid cache-tree entries by folder ("" for the root, "src/core" without a trailing
  /// slash). Empty when there is no TREE extension or it does not parse (then every folder
  /// is compared).
  std::unordered_map<std::string, git_oid> cache_tree;
};

/// Reads the index file at `path` (versions 2 to 4). Fails, naming the problem, when it is
/// not an index, its entries do not parse, or it needs a shared index (split index), which is
/// not read here: callers can then fall back to libgit2's reader.
detectors::Result<IndexFile> read_index_file(const std::string& path);

} // namespace vigil::scanner
