// Raw trees by id, bounded: history walks look at the same trees again and again (a commit's
// tree is its child's parent tree). Trees are kept as read and walked entry by entry, so an
// entry identical to the parent's is recognised by its bytes without being parsed into a list.
#pragma once

#include "git_objects.hpp"

#include <memory>
#include <unordered_map>

namespace vigil::scanner {

/// A tree object as read.
struct RawTree {
  OdbObjectPtr object;
  std::string_view bytes() const { return object_bytes(object.get()); }
  mutable bool malformed_reported = false; ///< a walk has already reported its bad entry
};

/// A cache of raw trees bounded by bytes (trees can be large: a count bound would not bound
/// memory). Not thread-safe.
class TreeCache {
public:
  explicit TreeCache(git_odb* odb, std::size_t capacity_bytes = 32 << 20)
      : odb_(odb), capacity_(capacity_bytes) {}

  /// Tree `id`, or nullptr when it cannot be read or is not a tree (`error` says why).
  std::shared_ptr<const RawTree> get(const git_oid& id, std::string& error) {
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
    auto tree = std::make_shared<RawTree>();
    tree->object = std::move(obj.value());
    const std::size_t cost = tree->bytes().size() + 128;
    if (bytes_ + cost > capacity_) {
      cache_.clear();
      bytes_ = 0;
    }
    bytes_ += cost;
    cache_.emplace(id, tree);
    return tree;
  }

private:
  git_odb* odb_;
  std::size_t capacity_;
  std::size_t bytes_ = 0;
  std::unordered_map<git_oid, std::shared_ptr<const RawTree>, OidHash, OidEqual> cache_;
};

} // namespace vigil::scanner
