// Object kinds read from pack headers: in a packed repository (trees and blobs stored as
// deltas) exactly the blobs are scanned, and a deltified blob over the size limit (whose size
// a pack header does not give) is still skipped and named.
#include "git_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
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
