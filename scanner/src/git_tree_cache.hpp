// Parsed trees by id, bounded: history walks look at the same trees again and again (a
// commit's tree is its child's parent tree).
#pragma once

#include "git_objects.hpp"

#include <memory>
#include <unordered_map>
#include <vector>

namespace vigil::scanner {

/// A tree's raw bytes and its entries (whose names point into `raw`).
struct ParsedTree {
  std::string raw;
  std::vector<TreeEntry> entries;
};

/// A bounded cache of parsed trees. Not thread-safe.
class TreeCache {
public:
  explicit TreeCache(git_odb* odb, std::size_t capacity = 8192) : odb_(odb), capacity_(capacity) {}

  /// Tree `id`, or nullptr when it cannot be read or parsed (`error` says why; a malformed
  /// tree also sets `error` but keeps the entries before the bad one).
  std::shared_ptr<const ParsedTree> get(const git_oid& id, std::string& error) {
    if (auto it = cache_.find(id); it != cache_.end()) return it->second;
    auto obj = read_object(odb_, id);
    if (!obj) {
      error = obj.error().message;
      return nullptr;
    }
    if (git_odb_object_type(obj.value().get()) != GIT_OBJECT_TREE) {
      error = "object " + oid_hex(id) + ": not a tree";
      return nullptr;
    }
    auto tree = std::make_shared<ParsedTree>();
    tree->raw.assign(object_bytes(obj.value().get()));
    if (!parse_tree(tree->raw, tree->entries))
      error = "tree " + oid_hex(id) + ": malformed entry (entries after it ignored)";
    if (cache_.size() >= capacity_) cache_.clear();
    cache_.emplace(id, tree);
    return tree;
  }

private:
  git_odb* odb_;
  std::size_t capacity_;
  std::unordered_map<git_oid, std::shared_ptr<const ParsedTree>, OidHash, OidEqual> cache_;
};

} // namespace vigil::scanner
