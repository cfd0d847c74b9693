// Id-only tree comparison (see git_tree_diff.hpp). An explicit work stack keeps a 20,000-deep
// tree from becoming 20,000 stack frames; nesting beyond kMaxTreeDepth is reported instead.
#include "git_tree_diff.hpp"


namespace vigil::scanner {
namespace {

struct Work {
  std::string prefix; ///< "dir/sub/" ("" at the root)
  git_oid tree;
  std::vector<std::optional<git_oid>> parents; ///< per parent: subtree at the same path
  std::size_t depth;
};

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
    // Both entry lists are in git's tree order: one forward merge per parent finds, for each
    // entry, the parent's entry of the same name. (An unsorted, malformed tree only makes
    // entries look new, never hides one.)
    std::vector<std::shared_ptr<const ParsedTree>> parents(w.parents.size());
    for (std::size_t i = 0; i < w.parents.size(); ++i) {
      if (!w.parents[i]) continue;
      error.clear();
      parents[i] = trees.get(*w.parents[i], error); // unreadable: entries count as new
    }
    std::vector<std::size_t> cursor(parents.size(), 0);
    std::vector<const TreeEntry*> match(parents.size());
    for (const auto& e : entries->entries) {
      for (std::size_t i = 0; i < parents.size(); ++i) {
        match[i] = nullptr;
        if (!parents[i]) continue;
        const auto& pe = parents[i]->entries;
        std::size_t& j = cursor[i];
        while (j < pe.size() && tree_order(pe[j], e) < 0) ++j;
        if (j < pe.size() && pe[j].name == e.name) match[i] = &pe[j];
      }
      if (e.is_tree()) {
        bool unchanged = false;
        for (const auto* m : match)
          if (m && m->is_tree() && git_oid_equal(&m->id, &e.id)) unchanged = true;
        if (unchanged) continue;
        Work sub{w.prefix, e.id, {}, w.depth + 1};
        sub.prefix.append(e.name).push_back('/');
        for (const auto* m : match) {
          if (m && m->is_tree()) sub.parents.emplace_back(m->id);
          else sub.parents.emplace_back(std::nullopt);
        }
        stack.push_back(std::move(sub));
      } else if (e.is_blob()) {
        bool unchanged = false;
        for (const auto* m : match)
          if (m && m->is_blob() && git_oid_equal(&m->id, &e.id)) unchanged = true;
        if (unchanged) continue;
        ChangedBlob c;
        for (const auto* m : match) {
          if (m && m->is_blob()) c.before.emplace_back(m->id);
          else c.before.emplace_back(std::nullopt);
        }
        c.path = w.prefix;
        c.path.append(e.name);
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
