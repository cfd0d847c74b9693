// The entropy and checksum gates on their own: Shannon entropy values, and the GitHub-style
// base62 CRC32 tail checked against an independent bit-by-bit CRC32.
#include "engine_fixtures.hpp"

#include "vigil/detectors/checksum.hpp"
#include "vigil/detectors/entropy.hpp"

using namespace vigil::engine_test;

TEST_CASE("shannon_entropy gives bits per byte", "[entropy]") {
  CHECK(shannon_entropy("") == 0.0);
  CHECK(shannon_entropy("aaaaaaaa") == 0.0);
  CHECK(shannon_entropy("abababab") == Approx(1.0));
  CHECK(shannon_entropy("abcdabcd") == Approx(2.0));
  CHECK(shannon_entropy("0123456789abcdef") == Approx(4.0));
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  CHECK(shannon_entropy(all) == Approx(8.0));
  CHECK(shannon_entropy(std::string("\0\0\xff\xff", 4)) == Approx(1.0));
}

TEST_CASE("the independent CRC32 matches the standard check value", "[checksum]") {
  CHECK(crc32_bitwise("123456789") == 0xCBF43926u);
  CHECK(crc32_bitwise("") == 0u);
}

TEST_CASE("base62-crc32 accepts tokens whose tail encodes the CRC32 of the 30-character body",
          "[checksum]") {
  CHECK(is_known_checksum("base62-crc32"));
  CHECK_FALSE(is_known_checksum("crc32"));
  CHECK_FALSE(is_known_checksum(""));

  std::mt19937 rng(99);
  for (int i = 0; i < 500; ++i) {
    const auto token = github_style_token(i % 2 ? "ghp_" : "npm_", rng);
    CAPTURE(token);
    REQUIRE(checksum_ok("base62-crc32", token));
    // The checksum covers the last 36 characters whatever prefix precedes them.
    CHECK(checksum_ok("base62-crc32", token.substr(4)));
    CHECK_FALSE(checksum_ok("no-such-checksum", token));
    auto bad_body = token;
    bad_body[10] = bad_body[10] == 'z' ? 'y' : 'z';
    CHECK_FALSE(checksum_ok("base62-crc32", bad_body));
    auto bad_tail = token;
    bad_tail.back() = bad_tail.back() == '0' ? '1' : '0';
    CHECK_FALSE(checksum_ok("base62-crc32", bad_tail));
  }
  CHECK_FALSE(checksum_ok("base62-crc32", ""));
  CHECK_FALSE(checksum_ok("base62-crc32", "ghp_short"));
  CHECK_FALSE(checksum_ok("base62-crc32", std::string(35, 'A')));
}

TEST_CASE("a CRC32 with small value is zero-padded to six digits", "[checksum]") {
  // Search a body whose CRC32 is below 62^5, so the tail starts with '0'.
  std::mt19937 rng(5);
  std::string found;
  for (int i = 0; i < 200000 && found.empty(); ++i) {
    auto token = github_style_token("ghp_", rng);
    if (token[token.size() - 6] == '0') found = token;
  }
  REQUIRE_FALSE(found.empty());
  CHECK(checksum_ok("base62-crc32", found));
}
