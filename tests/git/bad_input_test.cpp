// Bad repositories: corrupt and truncated packs, missing objects, shallow boundaries, a
// 20,000-deep tree, malformed commits and non-UTF-8 names, 10,000 refs. Each is scanned as far
// as it can be, the rest is reported (incomplete, exit 2), and nothing crashes (ASan build).
#include "cli_process.hpp"
#include "git_fixture.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

using namespace vigil;
using namespace vigil::test;

namespace {

void flip_bytes(const std::string& path, std::uintmax_t at, std::size_t count) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  for (std::size_t i = 0; i < count; ++i) {
    f.seekg(static_cast<std::streamoff>(at + i));
    char c = 0;
    f.get(c);
    f.seekp(static_cast<std::streamoff>(at + i));
    f.put(static_cast<char>(c ^ 0x5a));
  }
}

// A packed repository with several blobs, plus one loose blob added after packing.
std::string packed_repo(GitFixture& repo) {
  for (int i = 0; i < 20; ++i)
    repo.commit({{"f" + std::to_string(i) + ".txt", std::string(2000, 'a' + i % 26) + canary(i) + "\n"}});
  const std::string pack = repo.pack_all();
  repo.commit({{"late.txt", "late=" + canary(100) + "\n"}});
  repo.close();
  return pack;
}

} // namespace

TEST_CASE("bad input: a corrupt pack is reported, the rest is scanned, nothing crashes") {
  GitFixture repo;
  const std::string pack = packed_repo(repo);
  const auto size = std::filesystem::file_size(pack);
  flip_bytes(pack, size / 3, 64);
  flip_bytes(pack, size / 2, 64);
  const Scanned s = scan_history(repo.path());
  CHECK_FALSE(s.summary.complete());
  CHECK(s.skipped_text().find(".pack") != std::string::npos);
  CHECK(find_secret(s, canary(100))); // the loose blob after the pack
}

TEST_CASE("bad input: a truncated pack is an error for that pack, never a crash") {
  GitFixture repo;
  const std::string pack = packed_repo(repo);
  std::filesystem::resize_file(pack, std::filesystem::file_size(pack) / 2);
  const Scanned s = scan_history(repo.path());
  INFO(s.skipped_text());
  CHECK_FALSE(s.summary.complete());
  CHECK(find_secret(s, canary(100)));
  // And through the binary: exit 2, the loose secret still reported.
  TempDir dir;
  write_file(dir / "rules.yml", kTestRulesYaml);
  const auto r = cli_test::run_vigil({"scan", "--no-builtin-rules", "--no-cache", "--rules",
                                      dir / "rules.yml", "--format", "jsonl", repo.path()});
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("vigil.finding/1") != std::string::npos);
}

TEST_CASE("bad input: missing blobs, commits and ref targets are reported - the rest scanned") {
  GitFixture repo;
  Author t1, t2, t3;
  t2.time = t1.time + 60;
  t3.time = t2.time + 60;
  const std::string c1 = repo.commit({{"gone.txt", "gone\n"}, {"keep.txt", canary(1) + "\n"}}, t1);
  const std::string c2 = repo.commit({{"b.txt", canary(2) + "\n"}}, t2);
  repo.commit({{"c.txt", canary(3) + "\n"}}, t3);
  // A partial clone: a blob the trees name is absent. A pull ref to an object nobody has.
  git_oid gone;
  git_check(git_odb_hash(&gone, "gone\n", 5, GIT_OBJECT_BLOB), "hash");
  std::filesystem::remove(repo.loose_path(GitFixture::hex(gone)));
  write_file(repo.gitdir() + "/refs/pull/9/head", std::string(40, 'e') + "\n");
  // A missing commit in the middle of history.
  std::filesystem::remove(repo.loose_path(c2));
  const Scanned s = scan_history(repo.path());
  const std::string text = s.skipped_text();
  INFO(text);
  CHECK_FALSE(s.summary.complete());
  CHECK(text.find(GitFixture::hex(gone)) != std::string::npos);
  CHECK(text.find("gone.txt") != std::string::npos);
  CHECK(text.find(c2) != std::string::npos);
  CHECK(text.find(std::string(40, 'e')) != std::string::npos);
  CHECK(find_secret(s, canary(1)));
  CHECK(find_secret(s, canary(2))); // its blob is still in the object database
  CHECK(find_secret(s, canary(3)));
  CHECK(find_secret(s, canary(1))->locations[0].commit == c1);
}

TEST_CASE("bad input: a shallow boundary is expected, not reported") {
  GitFixture repo;
  const std::string c1 = repo.commit({{"a.txt", "a\n"}});
  const std::string c2 = repo.commit({{"b.txt", canary(4) + "\n"}});
  std::filesystem::remove(repo.loose_path(c1));
  write_file(repo.gitdir() + "/shallow", c2 + "\n");
  const Scanned s = scan_history(repo.path());
  INFO(s.skipped_text());
  CHECK(s.summary.complete());
  REQUIRE(find_secret(s, canary(4)));
  CHECK(find_secret(s, canary(4))->locations[0].commit == c2);
}

TEST_CASE("bad input: a 20,000-deep tree is scanned without recursion - the depth is reported") {
  GitFixture repo;
  git_oid blob;
  const std::string secret = "deep=" + canary(5) + "\n";
  git_check(git_blob_create_from_buffer(&blob, repo.repo(), secret.data(), secret.size()), "blob");
  std::string child = GitFixture::hex(blob);
  bool is_blob = true;
  for (int depth = 0; depth < 20000; ++depth) {
    std::string raw = is_blob ? "100644 s.txt" : "40000 d";
    raw.push_back('\0');
    const git_oid id = GitFixture::parse(child);
    raw.append(reinterpret_cast<const char*>(id.id), GIT_OID_RAWSZ);
    child = repo.write_raw(GIT_OBJECT_TREE, raw);
    is_blob = false;
  }
  const std::string commit = repo.commit_tree(GitFixture::parse(child), {});
  repo.set_ref("HEAD", commit);
  const Scanned s = scan_history(repo.path());
  CHECK(find_secret(s, canary(5)));
  CHECK(s.skipped_text().find("deeper than") != std::string::npos);
}

TEST_CASE("bad input: malformed commit headers and non-UTF-8 names are scanned - JSON stays valid") {
  GitFixture repo;
  const std::string base = repo.commit({{"ok.txt", "ok\n"}});
  // A tree with a non-UTF-8 file name holding a secret.
  git_oid blob;
  const std::string content = "k=" + canary(6) + "\n";
  git_check(git_blob_create_from_buffer(&blob, repo.repo(), content.data(), content.size()), "blob");
  std::string raw_tree = "100644 caf\xe9-\xff.txt";
  raw_tree.push_back('\0');
  raw_tree.append(reinterpret_cast<const char*>(blob.id), GIT_OID_RAWSZ);
  const std::string tree = repo.write_raw(GIT_OBJECT_TREE, raw_tree);
  // Commits with a broken author line, no timestamp, a bad parent line, non-UTF-8 author.
  const std::string weird = repo.write_raw(
      GIT_OBJECT_COMMIT, "tree " + tree + "\nparent nothex\nparent " + base +
                             "\nauthor J\xf6rg \xff <j@x\ncommitter\n\nmsg\n");
  const std::string no_tree = repo.write_raw(GIT_OBJECT_COMMIT, "author A <a@b> 1 +0000\n\nx\n");
  const std::string garbage = repo.write_raw(GIT_OBJECT_COMMIT, std::string("\0\0\xff\n\n", 5));
  repo.set_ref("refs/heads/weird", weird);
  repo.set_ref("refs/heads/notree", no_tree);
  repo.set_ref("refs/heads/garbage", garbage);
  const Scanned s = scan_history(repo.path());
  INFO(s.skipped_text());
  const auto* f = find_secret(s, canary(6));
  REQUIRE(f);
  CHECK(f->locations[0].path == "caf\xe9-\xff.txt");
  CHECK(f->locations[0].commit == weird);
  CHECK(f->locations[0].date.empty());

  TempDir dir;
  write_file(dir / "rules.yml", kTestRulesYaml);
  const auto r = cli_test::run_vigil({"scan", "--no-builtin-rules", "--no-cache", "--rules",
                                      dir / "rules.yml", "--format", "json", repo.path()});
  CHECK((r.exit_code == 1 || r.exit_code == 2));
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  CHECK_FALSE(parser.parse(simdjson::padded_string(r.out)).get(doc));
}

TEST_CASE("bad input: 10,000 refs are read - each location lists the first refs and the count") {
  GitFixture repo;
  const std::string c = repo.commit({{"a.txt", canary(7) + "\n"}});
  std::string packed = "# pack-refs with: peeled fully-peeled sorted \n";
  for (int i = 0; i < 10000; ++i) packed += c + " refs/heads/b" + std::to_string(100000 + i) + "\n";
  write_file(repo.gitdir() + "/packed-refs", packed);
  const Scanned s = scan_history(repo.path());
  INFO(s.skipped_text());
  CHECK(s.summary.complete());
  const auto* f = find_secret(s, canary(7));
  REQUIRE(f);
  CHECK(f->locations[0].refs_total == 10002); // HEAD, refs/heads/main and the 10,000
  CHECK(f->locations[0].refs.size() == 16);
}

TEST_CASE("bad input: a linked worktree is scanned through its .git file") {
  GitFixture repo;
  repo.commit({{"a.txt", canary(8) + "\n"}});
  git_worktree* wt = nullptr;
  const std::string wt_path = repo.scratch() / "wt";
  git_check(git_worktree_add(&wt, repo.repo(), "wt", wt_path.c_str(), nullptr), "worktree");
  git_worktree_free(wt);
  const Scanned s = scan_history(wt_path);
  INFO(s.skipped_text());
  CHECK(s.summary.complete());
  REQUIRE(find_secret(s, canary(8)));
  const auto& refs = find_secret(s, canary(8))->locations[0].refs;
  CHECK(std::find(refs.begin(), refs.end(), "worktrees/wt/HEAD") != refs.end());
}
