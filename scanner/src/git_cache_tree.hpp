// The index's cache-tree (its TREE extension): for each folder whose entries have not changed
// since a tree was last written for it, that tree's id. The staged source compares only the
// folders it does not vouch for with HEAD, so a pre-commit scan costs the change, not the
// repository (git itself commits these trees as they are).
#pragma once

#include "git_handles.hpp"

#include <string>
#include <unordered_map>

namespace vigil::scanner {

/// Valid cache-tree entries of the index file at `index_path`, by folder ("" for the root,
/// "src/core" without a trailing slash). Empty when the file has no TREE extension or anything
/// in it does not parse (callers then compare every folder).
std::unordered_map<std::string, git_oid> read_cache_tree(const std::string& index_path);

} // namespace vigil::scanner
