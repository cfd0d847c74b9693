// Id-only tree comparison (see git_tree_diff.hpp). An explicit work stack keeps a 20,000-deep
// tree from becoming 20,000 stack frames; nesting beyond kMaxTreeDepth is reported instead.
#include "git_tree_diff.hpp"

#include <unordered_map>

namespace vigil::scanner {
namespace {

struct Work {
  std::string prefix; ///< "dir/sub/" ("" at the root)
  git_oid tree;
  std::vector<std::optional<git_oid>> parents; ///< per parent: subtree at the same path
  std::size_t depth;
};

using EntryMap = std::unordered_map<std::string_view, const TreeEntry*>;

} // namespace

void diff_against_parents(TreeCache& trees, const git_oid& tree,
                          const std::vector<git_oid>& parent_trees, const std::string& context,
                          const std::function<void(const ChangedBlob&)>& on_blob,
                          std::vector<std::string>& problems) {
  std::vector<Work> stack;
  {
    Work root{"", tree, {}, 0};
    for (const auto& p : parent_trees) root.parents.emplace_back(p);
    stack.push_back(std::move(root));
  }
  std::string error;
  while (!stack.empty()) {
    Work w = std::move(stack.back());
    stack.pop_back();
    bool same_as_a_parent = false;
    for (const auto& p : w.parents)
      if (p && git_oid_equal(&*p, &w.tree)) same_as_a_parent = true;
    if (same_as_a_parent) continue;
    if (w.depth >= kMaxTreeDepth) {
      problems.push_back(context + ": tree nested deeper than " + std::to_string(kMaxTreeDepth) +
                         " levels at " + w.prefix.substr(0, 200) + "...: deeper paths not walked");
      continue;
    }
    error.clear();
    auto entries = trees.get(w.tree, error);
    if (!error.empty()) problems.push_back(context + ": " + error);
    if (!entries) continue;
    // Parent entries by name, so each of this tree's entries is matched in O(1).
    std::vector<std::shared_ptr<const std::vector<TreeEntry>>> held;
    std::vector<EntryMap> parent_maps(w.parents.size());
    for (std::size_t i = 0; i < w.parents.size(); ++i) {
      if (!w.parents[i]) continue;
      error.clear();
      auto pe = trees.get(*w.parents[i], error);
      if (!pe) continue; // an unreadable parent tree: entries count as new against it
      for (const auto& e : *pe) parent_maps[i].emplace(e.name, &e);
      held.push_back(std::move(pe));
    }
    for (const auto& e : *entries) {
      if (e.is_tree()) {
        Work sub{w.prefix + e.name + "/", e.id, {}, w.depth + 1};
        for (const auto& m : parent_maps) {
          auto it = m.find(e.name);
          if (it != m.end() && it->second->is_tree()) sub.parents.emplace_back(it->second->id);
          else sub.parents.emplace_back(std::nullopt);
        }
        stack.push_back(std::move(sub));
      } else if (e.is_blob()) {
        ChangedBlob c;
        bool unchanged = false;
        for (const auto& m : parent_maps) {
          auto it = m.find(e.name);
          if (it != m.end() && it->second->is_blob()) {
            if (git_oid_equal(&it->second->id, &e.id)) unchanged = true;
            c.before.emplace_back(it->second->id);
          } else {
            c.before.emplace_back(std::nullopt);
          }
        }
        if (unchanged) continue;
        c.path = w.prefix + e.name;
        c.id = e.id;
        on_blob(c);
      }
    }
  }
}

void walk_tree(TreeCache& trees, const git_oid& tree, const std::string& context,
               const std::function<void(const std::string&, const git_oid&)>& on_blob,
               std::vector<std::string>& problems) {
  diff_against_parents(trees, tree, {}, context,
                       [&](const ChangedBlob& c) { on_blob(c.path, c.id); }, problems);
}

} // namespace vigil::scanner
