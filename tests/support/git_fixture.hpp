// Test fixture: builds real repositories with libgit2 (commits with given files, authors and
// dates, branches, tags, merges, raw and malformed objects, staged changes) in a temporary
// folder removed afterwards. Header-only so any test folder can use it.
#pragma once

#include <git2.h>
#include <git2/sys/repository.h>

#include "vigil/detectors/rule_loader.hpp"
#include "vigil/detectors/rule_set.hpp"
#include "vigil/scanner/git_init.hpp"
#include "vigil/scanner/git_changes.hpp"
#include "vigil/scanner/git_source.hpp"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace vigil::test {

/// Throws with libgit2's message when `rc` < 0 (fixture set-up must not half-succeed).
inline void git_check(int rc, const char* what) {
  if (rc < 0) {
    const git_error* e = git_error_last();
    throw std::runtime_error(std::string(what) + ": " + (e && e->message ? e->message : "?"));
  }
}

/// A temporary folder, removed with everything in it.
class TempDir {
public:
  TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "vigil-test-XXXXXX").string();
    if (!::mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
    path_ = templ;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& rel) const { return path_ + "/" + rel; }

private:
  std::string path_;
};

/// Writes `content` to `path`, creating parent folders.
inline void write_file(const std::string& path, const std::string& content) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path);
}

/// Reads a whole file ("" when missing).
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Who and when, for a commit.
struct Author {
  std::string name = "Alice Example";
  std::string email = "alice@example.com";
  std::int64_t time = 1700000000; ///< 2023-11-14T22:13:20Z
  int offset_minutes = 60;
};

/// Files to change in a commit: path → content, or nullopt to delete.
using FileChanges = std::map<std::string, std::optional<std::string>>;

/// A repository under construction.
class GitFixture {
public:
  explicit GitFixture(bool bare = false) : bare_(bare) {
    vigil::scanner::init_git_library();
    path_ = dir_.path() + "/repo";
    git_repository_init_options o = GIT_REPOSITORY_INIT_OPTIONS_INIT;
    o.flags = GIT_REPOSITORY_INIT_MKPATH | (bare ? GIT_REPOSITORY_INIT_BARE : 0);
    o.initial_head = "main";
    git_check(git_repository_init_ext(&repo_, path_.c_str(), &o), "init");
  }
  ~GitFixture() { git_repository_free(repo_); }
  GitFixture(const GitFixture&) = delete;
  GitFixture& operator=(const GitFixture&) = delete;

  /// The repository path to scan (work tree, or the git dir when bare).
  const std::string& path() const { return path_; }
  std::string gitdir() const { return bare_ ? path_ : path_ + "/.git"; }
  /// A scratch folder beside the repository (outside it).
  const TempDir& scratch() const { return dir_; }
  git_repository* repo() {
    if (!repo_) git_check(git_repository_open(&repo_, path_.c_str()), "reopen");
    return repo_;
  }

  /// Commits `changes` on top of `ref`'s commit (or `parents` when given: the first one's tree
  /// is the base) and moves `ref` to it. Returns the commit id (hex).
  std::string commit(const FileChanges& changes, const Author& who = {},
                     const std::string& ref = "HEAD", std::vector<std::string> parents = {},
                     const std::string& message = "change\n") {
    if (parents.empty())
      if (auto tip = resolve(ref)) parents.push_back(*tip);
    git_index* index = nullptr;
    git_check(git_index_new(&index), "index");
    if (!parents.empty()) {
      git_commit* base = lookup_commit(parents.front());
      git_tree* tree = nullptr;
      git_check(git_commit_tree(&tree, base), "tree");
      git_check(git_index_read_tree(index, tree), "read tree");
      git_tree_free(tree);
      git_commit_free(base);
    }
    for (const auto& [file, content] : changes) {
      if (!content) {
        git_index_remove_bypath(index, file.c_str());
        continue;
      }
      git_index_entry e{};
      e.path = file.c_str();
      e.mode = GIT_FILEMODE_BLOB;
      git_check(git_blob_create_from_buffer(&e.id, repo(), content->data(), content->size()), "blob");
      git_check(git_index_add(index, &e), "add");
    }
    git_oid tree_id;
    git_check(git_index_write_tree_to(&tree_id, index, repo()), "write tree");
    git_index_free(index);
    const std::string id = commit_tree(tree_id, parents, who, message);
    set_ref(ref, id);
    return id;
  }

  /// Creates a commit object with `tree_id` and `parents` (no ref moves).
  std::string commit_tree(const git_oid& tree_id, const std::vector<std::string>& parents,
                          const Author& who = {}, const std::string& message = "change\n") {
    git_tree* tree = nullptr;
    git_check(git_tree_lookup(&tree, repo(), &tree_id), "tree lookup");
    std::vector<git_commit*> ps;
    for (const auto& p : parents) ps.push_back(lookup_commit(p));
    git_signature* sig = nullptr;
    git_check(git_signature_new(&sig, who.name.c_str(), who.email.c_str(), who.time,
                                who.offset_minutes), "signature");
    git_oid out;
    git_check(git_commit_create(&out, repo(), nullptr, sig, sig, nullptr, message.c_str(), tree,
                                ps.size(), const_cast<const git_commit**>(ps.data())), "commit");
    git_signature_free(sig);
    for (auto* c : ps) git_commit_free(c);
    git_tree_free(tree);
    return hex(out);
  }

  /// Points `ref` ("HEAD", "refs/heads/x", "refs/tags/v1") at commit `id`. HEAD moves the
  /// branch it names.
  void set_ref(const std::string& ref, const std::string& id) {
    std::string name = ref;
    if (ref == "HEAD") {
      git_reference* head = nullptr;
      git_check(git_reference_lookup(&head, repo(), "HEAD"), "HEAD");
      if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) name = git_reference_symbolic_target(head);
      git_reference_free(head);
    }
    git_oid oid = parse(id);
    git_reference* out = nullptr;
    git_check(git_reference_create(&out, repo(), name.c_str(), &oid, 1, nullptr), "ref");
    git_reference_free(out);
  }

  /// An annotated tag `name` on `id`.
  void annotated_tag(const std::string& name, const std::string& id, const Author& who = {}) {
    git_object* target = nullptr;
    git_oid oid = parse(id);
    git_check(git_object_lookup(&target, repo(), &oid, GIT_OBJECT_ANY), "tag target");
    git_signature* sig = nullptr;
    git_check(git_signature_new(&sig, who.name.c_str(), who.email.c_str(), who.time, 0), "sig");
    git_oid tag;
    git_check(git_tag_create(&tag, repo(), name.c_str(), target, sig, "release\n", 1), "tag");
    git_signature_free(sig);
    git_object_free(target);
  }

  /// Points HEAD at a branch (symbolic), e.g. "refs/heads/feature".
  void checkout_branch(const std::string& branch_ref) {
    git_check(git_repository_set_head(repo(), branch_ref.c_str()), "set head");
  }

  /// Writes a raw object of `type` (no validation) and returns its id.
  std::string write_raw(git_object_t type, const std::string& bytes) {
    git_odb* odb = nullptr;
    git_check(git_repository_odb(&odb, repo()), "odb");
    git_oid out;
    git_check(git_odb_write(&out, odb, bytes.data(), bytes.size(), type), "odb write");
    git_odb_free(odb);
    return hex(out);
  }

  /// Writes `content` into the work tree and stages it (or removes it from the index when
  /// nullopt), as `git add` / `git rm --cached` would.
  void stage(const FileChanges& changes) {
    git_index* index = nullptr;
    git_check(git_repository_index(&index, repo()), "index");
    for (const auto& [file, content] : changes) {
      if (!content) {
        git_index_remove_bypath(index, file.c_str());
        continue;
      }
      write_file(path_ + "/" + file, *content);
      git_index_entry e{};
      e.path = file.c_str();
      e.mode = GIT_FILEMODE_BLOB;
      git_check(git_index_add_from_buffer(index, &e, content->data(), content->size()), "add");
    }
    git_check(git_index_write(index), "index write");
    git_index_free(index);
  }

  /// Makes the index match HEAD's tree (after commits made without touching the index).
  void reset_index_to_head() {
    git_index* index = nullptr;
    git_check(git_repository_index(&index, repo()), "index");
    if (auto tip = resolve("HEAD")) {
      git_commit* c = lookup_commit(*tip);
      git_tree* tree = nullptr;
      git_check(git_commit_tree(&tree, c), "tree");
      git_check(git_index_read_tree(index, tree), "read tree");
      git_tree_free(tree);
      git_commit_free(c);
    }
    git_check(git_index_write(index), "index write");
    git_index_free(index);
  }

  /// Sets a key in the repository's own config file (.git/config).
  void set_config(const std::string& key, const std::string& value) {
    git_config* cfg = nullptr;
    git_check(git_config_open_ondisk(&cfg, (gitdir() + "/config").c_str()), "config");
    git_check(git_config_set_string(cfg, key.c_str(), value.c_str()), "config set");
    git_config_free(cfg);
  }

  /// Packs every object reachable from any ref into one pack and deletes the loose objects,
  /// like `git gc`. Returns the pack's path.
  std::string pack_all() {
    git_packbuilder* pb = nullptr;
    git_check(git_packbuilder_new(&pb, repo()), "packbuilder");
    git_revwalk* walk = nullptr;
    git_check(git_revwalk_new(&walk, repo()), "revwalk");
    git_check(git_revwalk_push_glob(walk, "refs/*"), "push");
    git_check(git_packbuilder_insert_walk(pb, walk), "insert");
    const std::string pack_dir = gitdir() + "/objects/pack";
    git_check(git_packbuilder_write(pb, pack_dir.c_str(), 0, nullptr, nullptr), "write pack");
    const std::string name = git_packbuilder_name(pb);
    git_revwalk_free(walk);
    git_packbuilder_free(pb);
    for (const auto& e : std::filesystem::directory_iterator(gitdir() + "/objects"))
      if (e.path().filename().string().size() == 2) std::filesystem::remove_all(e.path());
    return pack_dir + "/pack-" + name + ".pack";
  }

  /// Closes the fixture's own libgit2 handle (and so its mapped packs, which libgit2 shares
  /// process-wide by path) before a test damages files on disk; reopens on the next use.
  void close() {
    git_repository_free(repo_);
    repo_ = nullptr;
  }

  /// Path of a loose object's file.
  std::string loose_path(const std::string& id) const {
    return gitdir() + "/objects/" + id.substr(0, 2) + "/" + id.substr(2);
  }

  /// Appends raw text to the repository's config file (for values libgit2 would refuse or
  /// follow when setting them, such as include paths).
  void append_config(const std::string& text) {
    std::ofstream out(gitdir() + "/config", std::ios::binary | std::ios::app);
    out << text;
  }

  /// The commit id `ref` resolves to, if any.
  std::optional<std::string> resolve(const std::string& ref) {
    git_oid out;
    if (git_reference_name_to_id(&out, repo(), ref.c_str()) < 0) {
      git_error_clear();
      return std::nullopt;
    }
    return hex(out);
  }

  static std::string hex(const git_oid& id) {
    char buf[GIT_OID_HEXSZ + 1];
    git_oid_tostr(buf, sizeof buf, &id);
    return buf;
  }
  static git_oid parse(const std::string& hex_id) {
    git_oid out;
    git_check(git_oid_fromstr(&out, hex_id.c_str()), "oid");
    return out;
  }

private:
  git_commit* lookup_commit(const std::string& id) {
    git_oid oid = parse(id);
    git_commit* c = nullptr;
    git_check(git_commit_lookup(&c, repo(), &oid), "commit lookup");
    return c;
  }

  TempDir dir_;
  bool bare_;
  std::string path_;
  git_repository* repo_ = nullptr;
};

/// The rule file every git test scans with: `vgltok_` followed by 24 letters or digits.
inline const char* kTestRulesYaml = R"(rules:
  - id: test.token
    name: Test token
    pattern: '\b(?P<secret>vgltok_[A-Za-z0-9]{24})\b'
    confidence: high
    examples:
      - 'key = vgltok_AAAAbbbbCCCCdddd00001111'
    negative_examples:
      - 'key = vgltok_short'
)";

/// A distinct synthetic secret for the test rule, e.g. canary(1) = "vgltok_…0001".
inline std::string canary(int n) {
  std::string digits = std::to_string(n);
  return "vgltok_Zq8RtW3mKx9PbN2v" + std::string(8 - std::min<std::size_t>(8, digits.size()), '0') + digits;
}

/// The compiled test rules (no cache, so tests never touch a shared cache folder).
inline std::shared_ptr<const detectors::RuleSet> test_rule_set() {
  auto rules = detectors::parse_rules(kTestRulesYaml, "test.yml");
  if (!rules) throw std::runtime_error(rules.error().message);
  auto set = detectors::RuleSet::compile(std::move(rules.value()));
  if (!set) throw std::runtime_error(set.error().message);
  return set.value();
}

/// What a scan produced.
struct Scanned {
  std::vector<scanner::Finding> findings;
  scanner::ScanSummary summary;
  /// Every skipped input as "path: reason" lines, for assertions and failure messages.
  std::string skipped_text() const {
    std::string out;
    for (const auto& s : summary.skipped) out += s.path + ": " + s.reason + "\n";
    return out;
  }
};

/// Runs the full-history source over `repo` with the test rules.
inline Scanned scan_history(const std::string& repo, scanner::GitScanOptions options = {}) {
  scanner::ScannerPool pool(test_rule_set());
  scanner::FindingCollector collector;
  scanner::scan_git_history(repo, options, pool, collector);
  return {collector.findings(), collector.summary()};
}

/// Runs the range source (`--since`) over `repo` with the test rules.
inline Scanned scan_since(const std::string& repo, const std::string& since) {
  scanner::ScannerPool pool(test_rule_set());
  scanner::FindingCollector collector;
  scanner::scan_git_since(repo, since, {}, pool, collector);
  return {collector.findings(), collector.summary()};
}

/// Runs the staged source (`--staged`) over `repo` with the test rules.
inline Scanned scan_staged(const std::string& repo) {
  scanner::ScannerPool pool(test_rule_set());
  scanner::FindingCollector collector;
  scanner::scan_git_staged(repo, {}, pool, collector);
  return {collector.findings(), collector.summary()};
}

/// The finding for `secret`, or nullptr.
inline const scanner::Finding* find_secret(const Scanned& s, const std::string& secret) {
  for (const auto& f : s.findings)
    if (f.secret == secret) return &f;
  return nullptr;
}

} // namespace vigil::test
