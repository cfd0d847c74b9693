// Staged source (`--staged`): the index versus HEAD, added lines only, unborn branches.
#include "git_fixture.hpp"

#include <catch2/catch.hpp>

using namespace vigil;
using namespace vigil::test;

TEST_CASE("staged: on an unborn branch the whole index is new") {
  GitFixture repo;
  repo.stage({{"src/first.py", "x = 1\ntoken = '" + canary(1) + "'\n"}});
  const Scanned s = scan_staged(repo.path());
  INFO(s.skipped_text());
  CHECK(s.summary.complete());
  REQUIRE(s.findings.size() == 1);
  const auto& loc = s.findings[0].locations.at(0);
  CHECK(loc.kind == scanner::LocationKind::file);
  CHECK(loc.path == repo.path() + "/src/first.py");
  CHECK(loc.line == 2);
  CHECK(loc.column == 10);
}

TEST_CASE("staged: only lines added versus HEAD - unstaged edits are not looked at") {
  GitFixture repo;
  repo.commit({{"conf.ini", "old=" + canary(2) + "\n"}});
  repo.reset_index_to_head();
  repo.stage({{"conf.ini", "top=1\nold=" + canary(2) + "\nnew=" + canary(3) + "\n"}});
  // Written to the work tree but never staged.
  write_file(repo.path() + "/unstaged.txt", canary(4) + "\n");
  const Scanned s = scan_staged(repo.path());
  INFO(s.skipped_text());
  REQUIRE(s.findings.size() == 1);
  CHECK(s.findings[0].secret == canary(3));
  CHECK(s.findings[0].locations[0].line == 3);
}

TEST_CASE("staged: nothing staged, or only a deletion, finds nothing and is complete") {
  GitFixture repo;
  repo.commit({{"a.txt", canary(5) + "\n"}, {"b.txt", "b\n"}});
  repo.reset_index_to_head();
  Scanned s = scan_staged(repo.path());
  CHECK(s.findings.empty());
  CHECK(s.summary.complete());
  CHECK(s.summary.blobs_scanned == 0);
  repo.stage({{"b.txt", std::nullopt}});
  s = scan_staged(repo.path());
  CHECK(s.findings.empty());
  CHECK(s.summary.complete());
}

TEST_CASE("staged: a bare repository has nothing staged and says so") {
  GitFixture bare(true);
  const Scanned s = scan_staged(bare.path());
  CHECK_FALSE(s.summary.complete());
}
