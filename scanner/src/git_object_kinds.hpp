// The kind of each object in the inventory, known before it is read: from pack entry headers,
// with deltas taking their base's kind (bases come first in a pack, so one forward pass
// resolves every chain once). The history scan reads blobs and trees and skips commits and
// tags; objects it cannot classify (loose, unreadable headers) are left to libgit2.
#pragma once

#include "git_enumerate.hpp"
#include "git_pack_headers.hpp"

#include <cstdint>
#include <vector>

namespace vigil::scanner {

enum class ObjectKind : std::uint8_t { unknown, commit, tree, blob, tag };

/// What is known about one object before reading it.
struct ObjectClass {
  ObjectKind kind = ObjectKind::unknown;
  bool size_known = false; ///< false for deltas: their header gives the delta's size only
  std::uint64_t size = 0;
};

/// Classifies inventory objects in `ordered` order. Not thread-safe.
class ObjectClassifier {
public:
  ObjectClassifier(const ObjectInventory& inventory, const GitLayout& layout);

  /// Kind and, where the header says, size of ordered[i]. Call with i ascending.
  ObjectClass classify(std::size_t i);

private:
  ObjectKind base_kind(std::uint32_t pack, std::uint64_t base_offset, const unsigned char* base_id,
                       std::size_t before);

  const ObjectInventory& inv_;
  std::string pack_dir_;
  std::vector<PackHeaderReader> readers_;
  std::vector<std::uint8_t> state_; ///< per pack: 0 not opened, 1 open, 2 unusable
  std::vector<std::size_t> pack_begin_; ///< per pack: first ordered index (packs are contiguous)
  std::vector<ObjectKind> kinds_;       ///< per ordered index, once classified
};

} // namespace vigil::scanner
