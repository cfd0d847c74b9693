// Full-history source: each blob once, provenance (first commit per path, author, date, refs,
// at HEAD), branches, tags, merges, unreachable blobs, bare and empty repositories.
#include "git_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace vigil;
using namespace vigil::test;


TEST_CASE("history: a committed secret has its introducing commit, author, date and refs") {
  GitFixture repo;
  repo.commit({{"README.md", "hello\n"}});
  Author bob{"Bob Builder", "bob@example.com", 1714557600, 120};
  const std::string c2 = repo.commit({{"src/app.py", "x = 1\ntoken = '" + canary(1) + "'\n"}}, bob);
  repo.commit({{"README.md", "hello again\n"}});

  const Scanned s = scan_history(repo.path());
  INFO(s.skipped_text());
  CHECK(s.summary.complete());
  const auto* f = find_secret(s, canary(1));
  REQUIRE(f);
  REQUIRE(f->locations.size() == 1);
  const auto& loc = f->locations[0];
  CHECK(loc.kind == scanner::LocationKind::git);
  CHECK(loc.repo == repo.path());
  CHECK(loc.commit == c2);
  CHECK(loc.path == "src/app.py");
  CHECK(loc.line == 2);
  CHECK(loc.column == 10);
  CHECK(loc.author == "Bob Builder <bob@example.com>");
  CHECK(loc.date == "2024-05-01T10:00:00Z");
  CHECK(loc.at_head);
  CHECK(loc.blob.size() == 40);
  CHECK(std::find(loc.refs.begin(), loc.refs.end(), "HEAD") != loc.refs.end());
  CHECK(std::find(loc.refs.begin(), loc.refs.end(), "refs/heads/main") != loc.refs.end());
  CHECK(loc.refs_total == loc.refs.size());
}

TEST_CASE("history: a secret deleted later is still found, and no longer at HEAD") {
  GitFixture repo;
  const std::string added = repo.commit({{"config.env", "KEY=" + canary(2) + "\n"}});
  repo.commit({{"config.env", "KEY=\n"}});
  const Scanned s = scan_history(repo.path());
  const auto* f = find_secret(s, canary(2));
  REQUIRE(f);
  REQUIRE(f->locations.size() == 1);
  CHECK(f->locations[0].commit == added);
  CHECK_FALSE(f->locations[0].at_head);
  CHECK(s.summary.complete());
}

TEST_CASE("history: each distinct blob is scanned once - one location per path") {
  GitFixture repo;
  const std::string content = "a=" + canary(3) + "\n";
  const std::string c1 = repo.commit({{"a.txt", content}});
  // The same content at a second path, then ten commits touching other files.
  const std::string c2 = repo.commit({{"copy/b.txt", content}});
  for (int i = 0; i < 10; ++i) repo.commit({{"n.txt", std::to_string(i)}});
  const Scanned s = scan_history(repo.path());
  const auto* f = find_secret(s, canary(3));
  REQUIRE(f);
  REQUIRE(f->locations.size() == 2);
  CHECK(f->locations[0].path == "a.txt");
  CHECK(f->locations[0].commit == c1);
  CHECK(f->locations[1].path == "copy/b.txt");
  CHECK(f->locations[1].commit == c2);
  CHECK(f->locations[0].blob == f->locations[1].blob);
  // Distinct blobs: the secret file and n.txt's ten versions.
  CHECK(s.summary.blobs_scanned == 11);
}

TEST_CASE("history: branches, annotated tags and refs/pull are all scanned, with their refs") {
  GitFixture repo;
  const std::string base = repo.commit({{"a.txt", "base\n"}});
  const std::string feat = repo.commit({{"f.txt", canary(4) + "\n"}}, {}, "refs/heads/feature", {base});
  const std::string pr = repo.commit({{"p.txt", canary(5) + "\n"}}, {}, "refs/pull/7/head", {base});
  const std::string tagged = repo.commit({{"t.txt", canary(6) + "\n"}}, {}, "refs/heads/tmp", {base});
  repo.annotated_tag("v1.0", tagged);
  const Scanned s = scan_history(repo.path());
  INFO(s.skipped_text());
  CHECK(s.summary.complete());
  const auto* f = find_secret(s, canary(4));
  REQUIRE(f);
  CHECK(f->locations[0].commit == feat);
  CHECK(f->locations[0].refs == std::vector<std::string>{"refs/heads/feature"});
  CHECK_FALSE(f->locations[0].at_head);
  const auto* p = find_secret(s, canary(5));
  REQUIRE(p);
  CHECK(p->locations[0].refs == std::vector<std::string>{"refs/pull/7/head"});
  const auto* t = find_secret(s, canary(6));
  REQUIRE(t);
  CHECK(t->locations[0].refs == std::vector<std::string>{"refs/heads/tmp", "refs/tags/v1.0"});
}

TEST_CASE("history: a merge is not the origin of a blob one parent already had") {
  GitFixture repo;
  const std::string base = repo.commit({{"a.txt", "base\n"}});
  const std::string side = repo.commit({{"s.txt", canary(7) + "\n"}}, {}, "refs/heads/side", {base});
  const std::string main2 = repo.commit({{"m.txt", "main work\n"}});
  const std::string merge = repo.commit({{"s.txt", canary(7) + "\n"}}, {}, "HEAD", {main2, side});
  const Scanned s = scan_history(repo.path());
  const auto* f = find_secret(s, canary(7));
  REQUIRE(f);
  REQUIRE(f->locations.size() == 1);
  CHECK(f->locations[0].commit == side);
  CHECK(f->locations[0].at_head);
  CHECK(f->locations[0].refs == std::vector<std::string>{"HEAD", "refs/heads/main", "refs/heads/side"});
}

TEST_CASE("history: the earliest of two independent introductions is the origin") {
  GitFixture repo;
  const std::string base = repo.commit({{"a.txt", "base\n"}});
  Author late{"Late", "late@example.com", 1800000000, 0};
  Author early{"Early", "early@example.com", 1750000000, 0};
  repo.commit({{"k.txt", canary(8) + "\n"}}, late, "refs/heads/late", {base});
  const std::string first = repo.commit({{"k.txt", canary(8) + "\n"}}, early, "refs/heads/early", {base});
  const Scanned s = scan_history(repo.path());
  const auto* f = find_secret(s, canary(8));
  REQUIRE(f);
  REQUIRE(f->locations.size() == 1);
  CHECK(f->locations[0].commit == first);
  CHECK(f->locations[0].author == "Early <early@example.com>");
}

TEST_CASE("history: a blob no commit reaches is scanned and reported without a path") {
  GitFixture repo;
  repo.commit({{"a.txt", "base\n"}});
  const std::string blob = repo.write_raw(GIT_OBJECT_BLOB, "dangling " + canary(9) + "\n");
  const Scanned s = scan_history(repo.path());
  const auto* f = find_secret(s, canary(9));
  REQUIRE(f);
  CHECK(f->locations[0].blob == blob);
  CHECK(f->locations[0].commit.empty());
  CHECK(f->locations[0].path.empty());
}

TEST_CASE("history: bare repositories and empty repositories") {
  GitFixture bare(true);
  bare.commit({{"deep/x/y.txt", "v=" + canary(10) + "\n"}});
  const Scanned s = scan_history(bare.path());
  INFO(s.skipped_text());
  CHECK(s.summary.complete());
  REQUIRE(find_secret(s, canary(10)));
  CHECK(find_secret(s, canary(10))->locations[0].path == "deep/x/y.txt");

  GitFixture empty;
  const Scanned e = scan_history(empty.path());
  INFO(e.skipped_text());
  CHECK(e.summary.complete());
  CHECK(e.findings.empty());
  CHECK(e.summary.blobs_scanned == 0);
}

TEST_CASE("history: a blob over the size limit is skipped and named with its path") {
  GitFixture repo;
  repo.commit({{"big.bin", std::string(5000, 'x') + canary(11)}, {"small.txt", canary(12)}});
  scanner::GitScanOptions o;
  o.max_blob_size = 1000;
  const Scanned s = scan_history(repo.path(), o);
  CHECK_FALSE(s.summary.complete());
  CHECK(find_secret(s, canary(12)));
  CHECK_FALSE(find_secret(s, canary(11)));
  const std::string text = s.skipped_text();
  CHECK(text.find("big.bin") != std::string::npos);
  CHECK(text.find("over the size limit") != std::string::npos);
}

TEST_CASE("history: a path that is not a repository is one clear error") {
  TempDir dir;
  const Scanned s = scan_history(dir.path());
  CHECK_FALSE(s.summary.complete());
  CHECK(s.skipped_text().find("not a git repository") != std::string::npos);
  CHECK_FALSE(scanner::is_git_repository(dir.path()));
}

TEST_CASE("history: a packed repository (pack order, deltas) gives the same findings as loose") {
  GitFixture repo;
  std::string body;
  std::vector<std::string> commits;
  for (int i = 0; i < 30; ++i) {
    body += "line " + std::to_string(i) + " of an evolving file\n";
    if (i % 10 == 5) body += "key" + std::to_string(i) + " = " + canary(40 + i) + "\n";
    commits.push_back(repo.commit({{"src/evolving.txt", body}}));
  }
  const Scanned loose = scan_history(repo.path());
  repo.pack_all();
  repo.close();
  const Scanned packed = scan_history(repo.path());
  INFO(packed.skipped_text());
  CHECK(packed.summary.complete());
  CHECK(packed.summary.blobs_scanned == 30);
  CHECK(packed.summary.blobs_scanned == loose.summary.blobs_scanned);
  REQUIRE(packed.findings.size() == 3);
  REQUIRE(loose.findings.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(packed.findings[i].secret == loose.findings[i].secret);
    REQUIRE(packed.findings[i].locations.size() == loose.findings[i].locations.size());
    for (std::size_t j = 0; j < packed.findings[i].locations.size(); ++j) {
      CHECK(packed.findings[i].locations[j].commit == loose.findings[i].locations[j].commit);
      CHECK(packed.findings[i].locations[j].line == loose.findings[i].locations[j].line);
    }
  }
  // canary(45) entered with commit 5 and stays in every later version of the file: the first
  // version holding it is its origin for its own blob, later blobs have their own commits.
  const auto* f = find_secret(packed, canary(45));
  REQUIRE(f);
  bool has_first = false;
  for (const auto& l : f->locations) has_first = has_first || l.commit == commits[5];
  CHECK(has_first);
  CHECK(f->locations.size() == 25);
}
