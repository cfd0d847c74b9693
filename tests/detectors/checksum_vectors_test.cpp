// base62-crc32 against fixed vectors computed outside this code base (Python zlib.crc32 and the
// "0-9A-Za-z" alphabet), so a wrong alphabet order, covered span or padding cannot self-agree.
#include "vigil/detectors/checksum.hpp"

#include <catch2/catch.hpp>

#include <string>

using vigil::detectors::checksum_ok;

namespace {

struct Vector {
  const char* good;          // tail = base62(CRC32 of the 30 characters after the prefix)
  const char* other_order;   // same CRC32 encoded in "0-9a-zA-Z" order
  const char* with_prefix;   // CRC32 taken over prefix + body instead
};

// Synthetic tokens; the ghp_, gho_ and npm_ tails start with '0' (CRC32 below 62^5: padding matters).
constexpr Vector kVectors[] = {
    {"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", "ghp_CPGjbWfSJCdLFem13FWvzRVYBM8xUj0RcJEY",
     "ghp_CPGjbWfSJCdLFem13FWvzRVYBM8xUj27z3qN"},
    {"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", "gho_4ha4LJmEd85hXp0x0Ke4ttByyA3fhq09zibs",
     "gho_4ha4LJmEd85hXp0x0Ke4ttByyA3fhq0N5yrl"},
    {"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", "npm_DUwsdZdaRAK44I3zElVQosD8RRRV7W02slKy",
     "npm_DUwsdZdaRAK44I3zElVQosD8RRRV7W1JrhFY"},
    {"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", "ghr_Wcpmwet1GfZwR46HthVGB7W3GC2l9v3qxszp",
     "ghr_Wcpmwet1GfZwR46HthVGB7W3GC2l9v3yTwQH"},
};

} // namespace

TEST_CASE("base62-crc32 matches independently computed GitHub/npm token tails", "[checksum]") {
  for (const auto& v : kVectors) {
    CAPTURE(v.good);
    CHECK(checksum_ok("base62-crc32", v.good));
    CHECK_FALSE(checksum_ok("base62-crc32", v.other_order));
    CHECK_FALSE(checksum_ok("base62-crc32", v.with_prefix));
    // Dropping the zero padding (a five-digit tail) must not pass either.
    const std::string good = v.good;
    if (good[good.size() - 6] == '0')
      CHECK_FALSE(checksum_ok("base62-crc32", good.substr(0, good.size() - 6) + good.substr(good.size() - 5)));
  }
}
