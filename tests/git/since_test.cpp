// Range source (`--since REF`): only lines added by commits in REF..HEAD, merges included.
#include "git_fixture.hpp"

#include <catch2/catch.hpp>

using namespace vigil;
using namespace vigil::test;

TEST_CASE("since: only secrets added after the base are reported, on their line") {
  GitFixture repo;
  const std::string base = repo.commit({{"app.cfg", "a=" + canary(1) + "\n"}});
  Author dev{"Dev", "dev@example.com", 1710000000, 0};
  const std::string pr = repo.commit({{"app.cfg", "a=" + canary(1) + "\nb=" + canary(2) + "\n"}}, dev);
  const Scanned s = scan_since(repo.path(), base);
  INFO(s.skipped_text());
  CHECK(s.summary.complete());
  REQUIRE(s.findings.size() == 1);
  const auto& f = s.findings[0];
  CHECK(f.secret == canary(2));
  REQUIRE(f.locations.size() == 1);
  CHECK(f.locations[0].kind == scanner::LocationKind::git);
  CHECK(f.locations[0].commit == pr);
  CHECK(f.locations[0].path == "app.cfg");
  CHECK(f.locations[0].line == 2);
  CHECK(f.locations[0].column == 3);
  CHECK(f.locations[0].author == "Dev <dev@example.com>");
  CHECK(f.locations[0].date == "2024-03-09T16:00:00Z");
}

TEST_CASE("since: a secret added and removed inside the range is reported") {
  GitFixture repo;
  const std::string base = repo.commit({{"README", "x\n"}});
  const std::string add = repo.commit({{"leak.txt", "k=" + canary(3) + "\n"}});
  repo.commit({{"leak.txt", std::nullopt}});
  const Scanned s = scan_since(repo.path(), base);
  REQUIRE(find_secret(s, canary(3)));
  CHECK(find_secret(s, canary(3))->locations[0].commit == add);
}

TEST_CASE("since: a secret present at the base is not reported when its file changes") {
  GitFixture repo;
  const std::string base = repo.commit({{"a.txt", "one\n" + canary(4) + "\nthree\n"}});
  repo.commit({{"a.txt", "zero\none\n" + canary(4) + "\nthree\nfour\n"}});
  const Scanned s = scan_since(repo.path(), base);
  CHECK(s.findings.empty());
  CHECK(s.summary.complete());
  CHECK(s.summary.blobs_scanned == 1);
}

TEST_CASE("since: merges: branch commits count, the merge adds only its own lines") {
  GitFixture repo;
  const std::string base = repo.commit({{"a.txt", "base\n"}});
  const std::string feat = repo.commit({{"f.txt", canary(5) + "\n"}}, {}, "refs/heads/feature", {base});
  const std::string main2 = repo.commit({{"m.txt", canary(6) + "\n"}});
  // The merge takes both sides and resolves with one new line of its own.
  const std::string merge = repo.commit(
      {{"f.txt", canary(5) + "\n"}, {"m.txt", canary(6) + "\n" + canary(7) + "\n"}}, {}, "HEAD",
      {main2, feat});
  const Scanned s = scan_since(repo.path(), base);
  INFO(s.skipped_text());
  REQUIRE(s.findings.size() == 3);
  CHECK(find_secret(s, canary(5))->locations.size() == 1);
  CHECK(find_secret(s, canary(5))->locations[0].commit == feat);
  CHECK(find_secret(s, canary(6))->locations.size() == 1);
  CHECK(find_secret(s, canary(6))->locations[0].commit == main2);
  CHECK(find_secret(s, canary(7))->locations[0].commit == merge);
  CHECK(find_secret(s, canary(7))->locations[0].line == 2);

  // Since main2: the feature commit comes in through the merge and is reported; main2 is not.
  const Scanned after = scan_since(repo.path(), main2);
  CHECK(find_secret(after, canary(5)));
  CHECK_FALSE(find_secret(after, canary(6)));
  CHECK(find_secret(after, canary(7)));
}

TEST_CASE("since: ref names, ~N and ^N, and unknown revisions") {
  GitFixture repo;
  repo.commit({{"a.txt", "1\n"}});
  repo.commit({{"b.txt", canary(8) + "\n"}});
  repo.commit({{"c.txt", canary(9) + "\n"}});
  const Scanned two = scan_since(repo.path(), "HEAD~2");
  CHECK(two.findings.size() == 2);
  const Scanned one = scan_since(repo.path(), "main^");
  REQUIRE(one.findings.size() == 1);
  CHECK(one.findings[0].secret == canary(9));
  const Scanned none = scan_since(repo.path(), "HEAD");
  CHECK(none.findings.empty());
  CHECK(none.summary.complete());
  const Scanned bad = scan_since(repo.path(), "no-such-branch");
  CHECK_FALSE(bad.summary.complete());
  CHECK(bad.skipped_text().find("no-such-branch") != std::string::npos);
  const Scanned escape = scan_since(repo.path(), "../../etc/passwd");
  CHECK_FALSE(escape.summary.complete());
}
