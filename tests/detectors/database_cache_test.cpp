// The on-disk Hyperscan database cache: a second compile loads from it; any damaged, truncated,
// foreign or unreadable cache file is recompiled and replaced, never trusted, never a crash.
#include "engine_fixtures.hpp"

#include <fstream>
#include <iterator>

using namespace vigil::engine_test;
namespace fs = std::filesystem;

namespace {

const std::string kRulesA = rule_yaml("demo.alpha", "\\balpha_[a-z0-9]{12}\\b", "x", "y") +
                            rule_yaml("demo.beta", "beta-(?P<secret>[A-F0-9]{16})", "x", "y");
const std::string kRulesB = rule_yaml("demo.gamma", "gamma_[a-z]{10}", "x", "y");
const std::string kText = "alpha_abcdef012345 and beta-0123456789ABCDEF\n";

std::vector<fs::path> cache_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".hsdb") out.push_back(e.path());
  return out;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_all(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

// Compiles kRulesA with the cache and checks the set still finds both planted secrets.
DatabaseOrigin compile_a_and_check(const fs::path& dir) {
  auto set = compile_yaml(kRulesA, CompileOptions{dir});
  const auto matches = scan_all(set, kText);
  REQUIRE(matches.size() == 2);
  CHECK(kText.substr(matches[1].secret_begin, matches[1].secret_end - matches[1].secret_begin) ==
        "0123456789ABCDEF");
  return set->origin();
}

} // namespace

TEST_CASE("the second compile of the same rules comes from the cache", "[cache]") {
  TempDir dir;
  CHECK(compile_a_and_check(dir.path()) == DatabaseOrigin::compiled);
  REQUIRE(cache_files(dir.path()).size() == 1);
  CHECK(compile_a_and_check(dir.path()) == DatabaseOrigin::cache);

  // Different patterns are a different identity: compiled, stored beside the first.
  auto other = compile_yaml(kRulesB, CompileOptions{dir.path()});
  CHECK(other->origin() == DatabaseOrigin::compiled);
  CHECK(cache_files(dir.path()).size() == 2);
  CHECK(compile_yaml(kRulesB, CompileOptions{dir.path()})->origin() == DatabaseOrigin::cache);

  // Without a cache folder nothing is read or written.
  CHECK(compile_yaml(kRulesA)->origin() == DatabaseOrigin::compiled);
}

TEST_CASE("a damaged cache file is recompiled and replaced", "[cache]") {
  TempDir dir;
  REQUIRE(compile_a_and_check(dir.path()) == DatabaseOrigin::compiled);
  const auto file = cache_files(dir.path()).at(0);
  const std::string good = read_all(file);
  REQUIRE(good.size() > 64);

  auto expect_recompiled = [&](const std::string& bytes) {
    write_all(file, bytes);
    CHECK(compile_a_and_check(dir.path()) == DatabaseOrigin::compiled);
    // The rebuilt file is whole again and trusted next time.
    CHECK(read_all(file) == good);
    CHECK(compile_a_and_check(dir.path()) == DatabaseOrigin::cache);
  };

  SECTION("wrong magic") {
    auto bad = good;
    bad[0] = 'X';
    expect_recompiled(bad);
  }
  SECTION("truncated at many lengths") {
    for (std::size_t len : {std::size_t{0}, std::size_t{4}, std::size_t{8}, std::size_t{15},
                            good.size() / 3, good.size() / 2, good.size() - 9, good.size() - 1}) {
      CAPTURE(len);
      expect_recompiled(good.substr(0, len));
    }
  }
  SECTION("trailing bytes") { expect_recompiled(good + "junk"); }
  SECTION("one flipped bit anywhere") {
    // Every region: magic, identity length, identity, payload length, Hyperscan header and
    // bytecode (under its CRC32C) and padding, window count, windows, checksum.
    const std::size_t step = std::max<std::size_t>(1, good.size() / 97);
    for (std::size_t at = 0; at < good.size(); at += step) {
      CAPTURE(at);
      auto bad = good;
      bad[at] = static_cast<char>(bad[at] ^ 0x10);
      expect_recompiled(bad);
    }
    auto bad = good;
    bad.back() = static_cast<char>(bad.back() ^ 0x01);
    expect_recompiled(bad);
  }
  SECTION("huge length fields") {
    auto bad = good;
    for (int i = 8; i < 16; ++i) bad[static_cast<std::size_t>(i)] = '\xff';
    expect_recompiled(bad);
  }
}

TEST_CASE("a cache file built for other rules is never trusted", "[cache]") {
  TempDir a_dir, b_dir;
  REQUIRE(compile_a_and_check(a_dir.path()) == DatabaseOrigin::compiled);
  compile_yaml(kRulesB, CompileOptions{b_dir.path()});
  const auto a_file = cache_files(a_dir.path()).at(0);
  const auto b_file = cache_files(b_dir.path()).at(0);
  // B's whole, self-consistent file under A's name: the identity inside does not match.
  fs::copy_file(b_file, a_file, fs::copy_options::overwrite_existing);
  CHECK(compile_a_and_check(a_dir.path()) == DatabaseOrigin::compiled);
  CHECK(compile_a_and_check(a_dir.path()) == DatabaseOrigin::cache);
}

TEST_CASE("an unusable cache folder only disables caching", "[cache]") {
  TempDir dir;
  const auto blocker = dir.path() / "not-a-folder";
  write_all(blocker, "plain file");
  CHECK(compile_a_and_check(blocker) == DatabaseOrigin::compiled);
  CHECK(compile_a_and_check(blocker / "below") == DatabaseOrigin::compiled);
  CHECK(read_all(blocker) == "plain file");

  // A folder sitting where the cache file should be.
  REQUIRE(compile_a_and_check(dir.path()) == DatabaseOrigin::compiled);
  const auto file = cache_files(dir.path()).at(0);
  fs::remove(file);
  fs::create_directory(file);
  CHECK(compile_a_and_check(dir.path()) == DatabaseOrigin::compiled);
}
