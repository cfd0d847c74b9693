// Object enumeration in pack order (see git_enumerate.hpp). Pack indexes (version 2) are
// parsed here with every offset bounds-checked; an index that is not understood only costs
// ordering, never objects: its objects still come from git_odb_foreach.
#include "git_enumerate.hpp"

#include <dirent.h>

#include <algorithm>
#include <cstring>
#include <numeric>

namespace vigil::scanner {
namespace {

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
         std::uint32_t(p[3]);
}

struct PackEntry {
  git_oid id;
  std::uint64_t offset;
};

// Reads a version-2 pack index; empty when it is not one or is inconsistent.
std::vector<PackEntry> read_idx_v2(const std::string& path) {
  std::string data;
  if (!read_small_file(path, data, std::size_t(1) << 32)) return {};
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const std::size_t size = data.size();
  if (size < 8 + 256 * 4 + 40 || std::memcmp(p, "\377tOc", 4) != 0 || be32(p + 4) != 2) return {};
  const std::uint64_t n = be32(p + 8 + 255 * 4);
  const std::size_t sha_at = 8 + 256 * 4;
  const std::size_t off_at = sha_at + n * 20 + n * 4;
  const std::size_t large_at = off_at + n * 4;
  if (large_at + 40 > size) return {};
  const std::size_t large_count = (size - 40 - large_at) / 8;
  std::vector<PackEntry> out(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    git_oid_fromraw(&out[i].id, p + sha_at + i * 20);
    std::uint32_t off = be32(p + off_at + i * 4);
    if (off & 0x80000000u) {
      const std::uint64_t li = off & 0x7fffffffu;
      if (li >= large_count) return {};
      const unsigned char* q = p + large_at + li * 8;
      out[i].offset = (std::uint64_t(be32(q)) << 32) | be32(q + 4);
    } else {
      out[i].offset = off;
    }
  }
  return out;
}

int collect(const git_oid* id, void* payload) {
  static_cast<std::vector<git_oid>*>(payload)->push_back(*id);
  return 0;
}

} // namespace

namespace {
std::uint64_t oid_key(const git_oid& id) {
  std::uint64_t k;
  std::memcpy(&k, id.id, sizeof k);
  return k;
}
} // namespace

void ObjectInventory::build_index() {
  std::size_t cap = 16;
  while (cap < 2 * sorted.size()) cap <<= 1;
  slots_.assign(cap, npos);
  const std::size_t mask = cap - 1;
  for (std::uint32_t i = 0; i < sorted.size(); ++i) {
    std::size_t s = oid_key(sorted[i]) & mask;
    while (slots_[s] != npos) s = (s + 1) & mask;
    slots_[s] = i;
  }
}

std::uint32_t ObjectInventory::index_of(const git_oid& id) const {
  if (slots_.empty()) return npos;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t s = oid_key(id) & mask;; s = (s + 1) & mask) {
    const std::uint32_t i = slots_[s];
    if (i == npos || OidEqual{}(sorted[i], id)) return i;
  }
}

Result<ObjectInventory> enumerate_objects(git_odb* odb, const GitLayout& layout) {
  ObjectInventory inv;
  if (git_odb_foreach(odb, collect, &inv.sorted) < 0) {
    // What was listed before the failure is still scanned; the rest is reported.
    if (inv.sorted.empty()) return Error{layout.given + ": cannot list objects: " + git_error_text()};
    inv.listing_error = "object listing stopped early: " + git_error_text();
  }
  std::sort(inv.sorted.begin(), inv.sorted.end(), OidLess{});
  inv.sorted.erase(std::unique(inv.sorted.begin(), inv.sorted.end(), OidEqual{}), inv.sorted.end());
  if (inv.sorted.size() >= ObjectInventory::npos)
    return Error{layout.given + ": more objects than one scan can index"};
  inv.build_index();

  // key = pack number << 40 | offset; objects in no known pack sort last.
  std::vector<std::uint64_t> key(inv.sorted.size(), ~std::uint64_t(0));
  const std::string pack_dir = layout.commondir + "/objects/pack";
  std::vector<std::string> idx_names;
  if (DIR* d = ::opendir(pack_dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name.size() > 4 && name.compare(name.size() - 4, 4, ".idx") == 0) idx_names.push_back(name);
    }
    ::closedir(d);
  }
  std::sort(idx_names.begin(), idx_names.end());
  for (const auto& idx : idx_names) {
    auto entries = read_idx_v2(pack_dir + "/" + idx);
    if (entries.empty() || inv.packs.size() >= (1u << 23)) continue;
    const std::uint64_t pack_no = inv.packs.size();
    inv.packs.push_back(idx.substr(0, idx.size() - 4) + ".pack");
    for (const auto& e : entries) {
      const std::uint32_t at = inv.index_of(e.id);
      if (at == ObjectInventory::npos) continue;
      auto& k = key[at];
      if (k == ~std::uint64_t(0) && e.offset < (std::uint64_t(1) << 40)) k = (pack_no << 40) | e.offset;
    }
  }
  std::vector<std::size_t> order(inv.sorted.size());
  std::iota(order.begin(), order.end(), std::size_t(0));
  // Keys are distinct except for the objects in no known pack (all-ones), which keep id order.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
  inv.ordered.reserve(order.size());
  inv.pack_of.reserve(order.size());
  inv.offset.reserve(order.size());
  inv.sorted_of.reserve(order.size());
  inv.ordered_of.resize(order.size());
  for (std::size_t i : order) {
    inv.ordered_of[i] = static_cast<std::uint32_t>(inv.ordered.size());
    inv.ordered.push_back(inv.sorted[i]);
    inv.sorted_of.push_back(static_cast<std::uint32_t>(i));
    const bool packed = key[i] != ~std::uint64_t(0);
    inv.pack_of.push_back(packed ? static_cast<std::uint32_t>(key[i] >> 40) : ObjectInventory::npos);
    inv.offset.push_back(packed ? key[i] & ((std::uint64_t(1) << 40) - 1) : 0);
  }
  return inv;
}

} // namespace vigil::scanner
