// Id-only tree comparison (see git_tree_diff.hpp). An explicit work stack keeps a 20,000-deep
// tree from becoming 20,000 stack frames; nesting beyond kMaxTreeDepth is reported instead.
#include "git_tree_diff.hpp"

#include <cstring>

namespace vigil::scanner {
namespace {

// A parent tree's entries, read one ahead.
struct ParentCursor {
  std::string_view rest;
  TreeEntry entry, matched;
  std::string_view bytes;
  bool has = false;
  void start(std::string_view raw) {
    rest = raw;
    advance();
  }
  void advance() { has = !rest.empty() && next_tree_entry(rest, entry, bytes); }
};

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
    const auto tree_obj = trees.get(w.tree, error);
    if (!error.empty()) problems.push_back(context + ": " + error);
    if (!tree_obj) continue;
    // Both entry lists are in git's tree order: one forward merge per parent finds, for each
    // entry, the parent's entry of the same name; an entry byte-identical to the parent's next
    // one (same mode, name and id: the common case) is settled without comparing names. (An
    // unsorted or malformed tree only makes entries look new, never hides one.)
    std::vector<std::shared_ptr<const RawTree>> parents(w.parents.size());
    std::vector<ParentCursor> cursor(w.parents.size());
    for (std::size_t i = 0; i < w.parents.size(); ++i) {
      if (!w.parents[i]) continue;
      error.clear();
      parents[i] = trees.get(*w.parents[i], error); // unreadable: entries count as new
      if (parents[i]) cursor[i].start(parents[i]->bytes());
    }
    std::vector<const TreeEntry*> match(parents.size());
    std::string_view rest = tree_obj->bytes();
    TreeEntry e;
    std::string_view bytes;
    while (!rest.empty()) {
      // Starting with a parent's next (well-formed) entry means being that entry: skip it
      // without parsing this side.
      bool identical = false;
      for (auto& c : cursor)
        if (c.has && rest.size() >= c.bytes.size() &&
            std::memcmp(rest.data(), c.bytes.data(), c.bytes.size()) == 0) {
          rest.remove_prefix(c.bytes.size());
          c.advance();
          identical = true;
          break;
        }
      if (identical) continue;
      if (!next_tree_entry(rest, e, bytes)) {
        if (!tree_obj->malformed_reported)
          problems.push_back(context + ": tree " + oid_hex(w.tree) +
                             ": malformed entry (entries after it ignored)");
        tree_obj->malformed_reported = true;
        break;
      }
      for (std::size_t i = 0; i < cursor.size(); ++i) {
        ParentCursor& c = cursor[i];
        match[i] = nullptr;
        while (c.has && tree_order(c.entry, e) < 0) c.advance();
        if (c.has && c.entry.name == e.name) {
          c.matched = c.entry;
          match[i] = &c.matched;
          c.advance();
        }
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
