// Parsed trees by id, bounded: history walks look at the same trees again and again (a
// commit's tree is its child's parent tree).
#pragma once

#include "git_objects.hpp"

#include <memory>
#include <unordered_map>
#include <vector>

namespace vigil::scanner {

/// A bounded cache of parsed trees. Not thread-safe.
class TreeCache {
public:
  explicit TreeCache(git_odb* odb, std::size_t capacity = 16384) : odb_(odb), capacity_(capacity) {}

  /// The entries of tree `id`, or nullptr when it cannot be read or parsed (`error` says why).
  std::shared_ptr<const std::vector<TreeEntry>> get(const git_oid& id, std::string& error) {
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
    auto entries = std::make_shared<std::vector<TreeEntry>>();
    if (!parse_tree(object_bytes(obj.value().get()), *entries))
      error = "tree " + oid_hex(id) + ": malformed entry (entries after it ignored)";
    if (cache_.size() >= capacity_) cache_.clear();
    cache_.emplace(id, entries);
    return entries;
  }

private:
  git_odb* odb_;
  std::size_t capacity_;
  std::unordered_map<git_oid, std::shared_ptr<const std::vector<TreeEntry>>, OidHash, OidEqual> cache_;
};

} // namespace vigil::scanner
