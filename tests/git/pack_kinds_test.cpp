// Object kinds read from pack headers: in a packed repository (trees and blobs stored as
// deltas) exactly the blobs are scanned, and a deltified blob over the size limit (whose size
// a pack header does not give) is still skipped and named.
#include "git_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace vigil;
using namespace vigil::test;

namespace {
std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  std::sort(out.begin(), out.end());
  return out;
}
} // namespace

TEST_CASE("pack kinds: deltified blobs and trees - only blobs scanned, oversized deltas skipped") {
  GitFixture repo;
  std::string big;
  for (int i = 0; i < 400; ++i) big += "filler line " + std::to_string(i) + " of a large file\n";
  std::string small;
  std::size_t fits = 0;
  for (int i = 0; i < 12; ++i) {
    big += "grow " + std::to_string(i) + "\n";
    small += "v" + std::to_string(i) + "\n";
    if (i == 3) small += "k = " + canary(60) + "\n";
    if (i == 8) fits = big.size();
    if (i == 9) big += "late = " + canary(61) + "\n";
    repo.commit({{"dir/big.txt", big}, {"dir/sub/small.txt", small}});
  }
  scanner::GitScanOptions o;
  o.max_blob_size = fits; // versions 0-8 of big.txt fit, the last ones (with 61) do not
  const Scanned loose = scan_history(repo.path(), o);
  repo.pack_all();
  repo.close();
  const Scanned packed = scan_history(repo.path(), o);
  INFO(packed.skipped_text());
  CHECK(packed.summary.blobs_scanned == loose.summary.blobs_scanned);
  CHECK(packed.summary.bytes_scanned == loose.summary.bytes_scanned);
  CHECK(packed.summary.blobs_scanned == 12 + 9);
  CHECK(find_secret(packed, canary(60)));
  CHECK_FALSE(find_secret(packed, canary(61)));
  CHECK(packed.skipped_text().find("dir/big.txt") != std::string::npos);
  CHECK(packed.skipped_text().find("over the size limit") != std::string::npos);
  CHECK(sorted_lines(packed.skipped_text()) == sorted_lines(loose.skipped_text()));
  CHECK(sorted_lines(packed.skipped_text()).size() == 3);
}

TEST_CASE("pack kinds: garbled entry headers are reported, never trusted or overrun") {
  GitFixture repo;
  for (int i = 0; i < 12; ++i)
    repo.commit({{"f" + std::to_string(i % 3) + ".txt", std::string(300, 'a' + i) + canary(70 + i) + "\n"}});
  const std::string pack = repo.pack_all();
  repo.commit({{"late.txt", "late=" + canary(99) + "\n"}});
  repo.close();
  // Entry offsets from the version-2 index beside the pack.
  const std::string idx = read_file(pack.substr(0, pack.size() - 5) + ".idx");
  REQUIRE(idx.size() > 8 + 256 * 4);
  auto be32 = [&](std::size_t at) {
    const auto* p = reinterpret_cast<const unsigned char*>(idx.data() + at);
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
  };
  const std::uint32_t n = be32(8 + 255 * 4);
  std::string bytes = read_file(pack);
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::size_t off = be32(8 + 256 * 4 + std::size_t(n) * 24 + std::size_t(i) * 4);
    REQUIRE(off + 4 < bytes.size());
    switch (i % 3) {
    case 0: bytes[off] = static_cast<char>(0xd0); break; // type 5: no such type
    case 1: // ofs-delta whose base offset runs past the start of the file
      bytes[off] = static_cast<char>(0x60);
      bytes[off + 1] = static_cast<char>(0xff);
      bytes[off + 2] = static_cast<char>(0x7f);
      break;
    default: // a size varint that never ends
      for (std::size_t k = 0; k < 4; ++k) bytes[off + k] = static_cast<char>(0xff);
    }
  }
  std::filesystem::permissions(pack, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
  std::ofstream(pack, std::ios::binary | std::ios::trunc) << bytes;
  const Scanned s = scan_history(repo.path());
  INFO(s.skipped_text());
  CHECK_FALSE(s.summary.complete());
  CHECK(s.skipped_text().find(".pack") != std::string::npos);
  CHECK(find_secret(s, canary(99))); // the loose blob after the pack
  for (int i = 0; i < 12; ++i) CHECK_FALSE(find_secret(s, canary(70 + i)));
}
