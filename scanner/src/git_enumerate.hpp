// The object inventory of a repository: every object id in the object database (packs, loose,
// alternates), deduplicated, in pack order (pack by pack, by offset) so reads go forward
// through each pack and delta bases are usually still cached when their deltas come.
#pragma once

#include "git_handles.hpp"
#include "git_repo.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::scanner {

/// All object ids of one repository.
struct ObjectInventory {
  std::vector<git_oid> sorted;  ///< by id, distinct: membership tests
  std::vector<git_oid> ordered; ///< pack order, then loose/alternate objects
  std::vector<std::uint32_t> pack_of; ///< parallel to `ordered`: index into `packs`, or npos
  std::vector<std::uint64_t> offset;  ///< parallel to `ordered`: offset in its pack
  std::vector<std::uint32_t> sorted_of;  ///< parallel to `ordered`: position in `sorted`
  std::vector<std::uint32_t> ordered_of; ///< parallel to `sorted`: position in `ordered`
  std::vector<std::string> packs;     ///< pack file names ("pack-<sha>.pack")
  std::string listing_error;          ///< non-empty when git_odb_foreach stopped early
  static constexpr std::uint32_t npos = 0xffffffffu;

  bool contains(const git_oid& id) const { return index_of(id) != npos; }
  /// Position of `id` in `sorted`, or npos (a hash lookup: trees ask once per entry).
  std::uint32_t index_of(const git_oid& id) const;
  /// Builds the lookup table behind index_of() from `sorted`.
  void build_index();

private:
  std::vector<std::uint32_t> slots_; ///< open addressing over `sorted` positions
};

/// Enumerates `odb` (git_odb_foreach) and orders it with the offsets from the pack indexes
/// under `layout`. Fails only when nothing at all can be listed.
Result<ObjectInventory> enumerate_objects(git_odb* odb, const GitLayout& layout);

} // namespace vigil::scanner
