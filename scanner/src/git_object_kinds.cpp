// Object classification from pack headers (see git_object_kinds.hpp).
#include "git_object_kinds.hpp"

#include <algorithm>

namespace vigil::scanner {

ObjectClassifier::ObjectClassifier(const ObjectInventory& inventory, const GitLayout& layout)
    : inv_(inventory), pack_dir_(layout.commondir + "/objects/pack/"),
      readers_(inventory.packs.size()), state_(inventory.packs.size(), 0),
      pack_begin_(inventory.packs.size(), 0), kinds_(inventory.ordered.size(), ObjectKind::unknown) {
  // `ordered` holds each pack's objects contiguously, packs in order, by offset within.
  for (std::size_t i = inventory.ordered.size(); i-- > 0;)
    if (const auto p = inventory.pack_of[i]; p != ObjectInventory::npos) pack_begin_[p] = i;
}

ObjectKind ObjectClassifier::base_kind(std::uint32_t pack, std::uint64_t base_offset,
                                       const unsigned char* base_id, std::size_t before) {
  std::size_t j = 0;
  if (base_id) {
    git_oid id;
    git_oid_fromraw(&id, base_id);
    const auto s = inv_.index_of(id);
    if (s == ObjectInventory::npos) return ObjectKind::unknown;
    j = inv_.ordered_of[s];
  } else {
    const auto first = inv_.offset.begin() + static_cast<std::ptrdiff_t>(pack_begin_[pack]);
    const auto last = inv_.offset.begin() + static_cast<std::ptrdiff_t>(before);
    const auto it = std::lower_bound(first, last, base_offset);
    if (it == last || *it != base_offset) return ObjectKind::unknown;
    j = static_cast<std::size_t>(it - inv_.offset.begin());
    if (inv_.pack_of[j] != pack) return ObjectKind::unknown;
  }
  // Only bases already classified count: a forward reference is left to libgit2.
  return j < before ? kinds_[j] : ObjectKind::unknown;
}

ObjectClass ObjectClassifier::classify(std::size_t i) {
  ObjectClass c;
  const std::uint32_t pack = inv_.pack_of[i];
  if (pack == ObjectInventory::npos) return c;
  if (state_[pack] == 0)
    state_[pack] = readers_[pack].open(pack_dir_ + inv_.packs[pack]) ? 1 : 2;
  if (state_[pack] != 1) return c;
  PackEntryHeader h;
  if (!readers_[pack].entry(inv_.offset[i], h)) return c;
  switch (h.type) {
  case 1: c.kind = ObjectKind::commit; break;
  case 2: c.kind = ObjectKind::tree; break;
  case 3: c.kind = ObjectKind::blob; break;
  case 4: c.kind = ObjectKind::tag; break;
  case 6: c.kind = base_kind(pack, h.base_offset, nullptr, i); break;
  case 7: c.kind = base_kind(pack, 0, h.base_id, i); break;
  default: break;
  }
  c.size_known = h.type >= 1 && h.type <= 4;
  c.size = c.size_known ? h.size : 0;
  kinds_[i] = c.kind;
  return c;
}

} // namespace vigil::scanner
