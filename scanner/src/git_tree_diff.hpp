// Tree-to-tree comparison of a commit against its parents, by ids only (no content): yields
// every blob whose id at its path differs from the id at that path in every parent. Subtrees
// equal (by id) to a parent's are skipped whole, so cost follows the change, not the tree.
#pragma once

#include "git_tree_cache.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace vigil::scanner {

/// A blob new at a path relative to all parents.
struct ChangedBlob {
  std::string path;
  git_oid id{};
  std::vector<std::optional<git_oid>> before; ///< per parent: the blob at that path, if any
};

/// Deepest tree nesting followed; deeper entries are reported, not walked.
inline constexpr std::size_t kMaxTreeDepth = 4096;

/// Calls `on_blob` for each blob of `tree` new relative to all of `parent_trees` (every blob
/// when there are none). Gitlinks (submodules) are not followed. Unreadable trees and too-deep
/// nesting are appended to `problems` (naming `context`, e.g. the commit).
void diff_against_parents(TreeCache& trees, const git_oid& tree,
                          const std::vector<git_oid>& parent_trees, const std::string& context,
                          const std::function<void(const ChangedBlob&)>& on_blob,
                          std::vector<std::string>& problems);

/// Calls `on_blob(path, id)` for every blob in `tree`.
void walk_tree(TreeCache& trees, const git_oid& tree, const std::string& context,
               const std::function<void(const std::string&, const git_oid&)>& on_blob,
               std::vector<std::string>& problems);

} // namespace vigil::scanner
