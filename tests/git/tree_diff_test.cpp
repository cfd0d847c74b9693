// Tree comparison in the provenance walk: entries identical to the parent's are settled by
// their bytes, the rest by name. Renames and moves are new origins at the new path; edits
// beside a secret (same folder, names before and after it) are not.
#include "git_fixture.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace vigil;
using namespace vigil::test;

TEST_CASE("tree diff: neighbours' edits are no origin; a rename and a move are") {
  GitFixture repo;
  const std::string secret = "key = " + canary(70) + "\n";
  const std::string c1 = repo.commit({{"d/a.txt", "a1\n"}, {"d/m.txt", secret}, {"d/z.txt", "z1\n"}});
  repo.commit({{"d/a.txt", "a2\n"}, {"d/z.txt", "z2\n"}, {"d/b.txt", "new\n"}});
  repo.commit({{"d/0.txt", "first\n"}, {"d/a.txt", std::nullopt}});
  const std::string c4 = repo.commit({{"d/m.txt", std::nullopt}, {"d/n.txt", secret}});
  const std::string c5 = repo.commit({{"d/n.txt", std::nullopt}, {"d/sub/n.txt", secret}});
  const Scanned s = scan_history(repo.path());
  INFO(s.skipped_text());
  CHECK(s.summary.complete());
  const auto* f = find_secret(s, canary(70));
  REQUIRE(f);
  std::set<std::pair<std::string, std::string>> got;
  for (const auto& l : f->locations) got.emplace(l.path, l.commit);
  const std::set<std::pair<std::string, std::string>> want{
      {"d/m.txt", c1}, {"d/n.txt", c4}, {"d/sub/n.txt", c5}};
  CHECK(got == want);
  for (const auto& l : f->locations) CHECK(l.at_head == (l.path == "d/sub/n.txt"));
}
