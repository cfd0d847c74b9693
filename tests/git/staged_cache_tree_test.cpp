// Staged source and the index's cache-tree: folders the cache-tree vouches for (same tree as
// HEAD) are not read at all, so a pre-commit scan costs the change. Shown by deleting an
// untouched folder's tree object: the scan neither needs nor misses it. Index versions 2-4.
#include "git_fixture.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace vigil;
using namespace vigil::test;

namespace {

std::string tree_id_at(GitFixture& repo, const std::string& folder) {
  git_object* obj = nullptr;
  git_check(git_revparse_single(&obj, repo.repo(), ("HEAD:" + folder).c_str()), "revparse");
  const std::string id = GitFixture::hex(*git_object_id(obj));
  git_object_free(obj);
  return id;
}

// Version 3 is what an entry with extended flags (here: intent-to-add) makes git write.
void set_index_version(GitFixture& repo, unsigned version) {
  git_index* index = nullptr;
  git_check(git_repository_index(&index, repo.repo()), "index");
  if (version == 3) {
    git_index_entry e{};
    e.path = "later/planned.txt";
    e.mode = GIT_FILEMODE_BLOB;
    e.flags_extended = GIT_INDEX_ENTRY_INTENT_TO_ADD;
    git_check(git_blob_create_from_buffer(&e.id, repo.repo(), "", 0), "empty blob");
    git_check(git_index_add(index, &e), "add intent-to-add");
  } else {
    git_check(git_index_set_version(index, version), "version");
  }
  git_check(git_index_write(index), "index write");
  git_index_free(index);
}

unsigned index_version(GitFixture& repo) {
  const std::string bytes = read_file(repo.gitdir() + "/index");
  return bytes.size() < 8 ? 0 : static_cast<unsigned char>(bytes[7]);
}

} // namespace

TEST_CASE("staged: folders the cache-tree vouches for are not read; changes elsewhere are found") {
  for (unsigned version : {2u, 3u, 4u}) {
    INFO("index version " << version);
    GitFixture repo;
    repo.commit({{"docs/guide/intro.md", "intro\n"}, {"docs/notes.txt", "notes\n"},
                 {"src/app/main.py", "x = 1\n"}, {"src/lib/util.py", "y = 2\n"}});
    repo.reset_index_to_head(); // writes the cache-tree for every folder
    set_index_version(repo, version);
    REQUIRE(index_version(repo) == version);
    const std::string untouched = tree_id_at(repo, "docs");
    const std::string sibling = tree_id_at(repo, "src/lib");
    repo.stage({{"src/app/main.py", "x = 1\ntoken = '" + canary(90) + "'\n"},
                {"src/app/new/added.py", "k = '" + canary(91) + "'\n"}});
    repo.close();
    // Neither folder holds a change: the scan must not need them.
    std::filesystem::remove(repo.loose_path(untouched));
    std::filesystem::remove(repo.loose_path(sibling));
    const Scanned s = scan_staged(repo.path());
    INFO(s.skipped_text());
    CHECK(s.summary.complete());
    CHECK(find_secret(s, canary(90)));
    CHECK(find_secret(s, canary(91)));
    CHECK(s.findings.size() == 2);
  }
}

TEST_CASE("staged: without a cache-tree every folder is compared") {
  GitFixture repo;
  repo.commit({{"a/one.txt", "one\n"}, {"b/two.txt", "two\n"}});
  // A fresh index holding HEAD's entries one by one has no cache-tree.
  repo.stage({{"a/one.txt", "one\n"}, {"b/two.txt", "two\nk = '" + canary(92) + "'\n"}});
  const Scanned s = scan_staged(repo.path());
  INFO(s.skipped_text());
  CHECK(s.summary.complete());
  REQUIRE(s.findings.size() == 1);
  CHECK(s.findings[0].secret == canary(92));
  CHECK(s.findings[0].locations[0].line == 2);
}
