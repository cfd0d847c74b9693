// Nothing from a scanned repository runs, and nothing outside it is read because of it: a repo
// whose config names a sentinel-writing script for every hook point git has (fsmonitor,
// textconv, hooks, filters, aliases, ssh, gpg, includes, ...) is scanned by every git source,
// in-process and through the real binary with a fake `git` first on PATH. The sentinel must
// never appear, and inotify must see no open of any trap file.
#include "cli_process.hpp"
#include "git_fixture.hpp"

#include "vigil/scanner/git_worktree.hpp"

#include <catch2/catch.hpp>

#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

using namespace vigil;
using namespace vigil::test;

namespace {

// Scripts and config files outside the repository that the repository points at.
struct Traps {
  TempDir outside;
  std::string sentinel = outside / "SENTINEL";
  std::string script = outside / "evil.sh";
  std::string hooks = outside / "hooks";
  std::string included = outside / "included.cfg";
  std::string conditional = outside / "conditional.cfg";
  std::string bin = outside / "bin";
  std::string home = outside / "home";
  std::string xdg = outside / "xdg";
  std::vector<std::string> watched;

  Traps() {
    const std::string body = "#!/bin/sh\necho ran \"$0\" \"$@\" >> '" + sentinel + "'\ncat > /dev/null\n";
    make_script(script, body);
    for (const char* h : {"pre-commit", "post-checkout", "reference-transaction", "pre-push", "post-index-change"})
      make_script(hooks + "/" + h, body);
    make_script(bin + "/git", body); // any `git` process would be this one
    make_script(bin + "/ssh", body);
    make_script(bin + "/gpg", body);
    write_file(included, "[core]\n\tfsmonitor = " + script + "\n[include]\n\tpath = " + script + "\n");
    write_file(conditional, "[core]\n\tfsmonitor = " + script + "\n");
    write_file(home + "/.gitconfig", "[core]\n\tfsmonitor = " + script + "\n");
    write_file(xdg + "/git/config", "[core]\n\tfsmonitor = " + script + "\n");
    watched = {script, included, conditional, home + "/.gitconfig", xdg + "/git/config",
               bin + "/git", bin + "/ssh", bin + "/gpg", hooks + "/pre-commit"};
  }

  static void make_script(const std::string& path, const std::string& body) {
    write_file(path, body);
    ::chmod(path.c_str(), 0755);
  }

  // Points every knob of the repository's own config at the traps.
  void arm(GitFixture& repo) const {
    // Written as text: libgit2's own config writer would follow the includes.
    repo.append_config(
        "[core]\n\tfsmonitor = " + script + "\n\thooksPath = " + hooks + "\n\tsshCommand = " +
        script + "\n\tgitProxy = " + script + "\n\taskPass = " + script + "\n\tpager = " + script +
        "\n\teditor = " + script + "\n\tattributesFile = " + included + "\n\texcludesFile = " +
        included + "\n"
        "[diff \"evil\"]\n\ttextconv = " + script + "\n\tcommand = " + script + "\n"
        "[diff]\n\texternal = " + script + "\n"
        "[filter \"evil\"]\n\tsmudge = " + script + "\n\tclean = " + script + "\n\tprocess = " +
        script + "\n\trequired = true\n"
        "[alias]\n\tscan = !" + script + "\n\tlog = !" + script + "\n\tdiff = !" + script + "\n"
        "[gpg]\n\tprogram = " + script + "\n[gpg \"ssh\"]\n\tprogram = " + script + "\n"
        "[log]\n\tshowSignature = true\n"
        "[credential]\n\thelper = !" + script + "\n"
        "[uploadpack]\n\tpackObjectsHook = " + script + "\n"
        "[remote \"origin\"]\n\turl = ext::" + script + "\n"
        "[include]\n\tpath = " + included + "\n"
        "[includeIf \"gitdir:/\"]\n\tpath = " + conditional + "\n"
        "[includeIf \"onbranch:main\"]\n\tpath = " + conditional + "\n");
    for (const char* h : {"pre-commit", "post-checkout", "reference-transaction", "fsmonitor-watchman"})
      make_script(repo.gitdir() + "/hooks/" + h, "#!/bin/sh\necho hook >> '" + sentinel + "'\n");
  }

  std::map<std::string, std::string> env() const {
    return {{"PATH", bin + ":/usr/bin:/bin"}, {"HOME", home}, {"XDG_CONFIG_HOME", xdg},
            {"GIT_CONFIG_GLOBAL", home + "/.gitconfig"}, {"GIT_EXEC_PATH", bin}};
  }
};

// Watches trap files for any open or read from now on.
class OpenWatch {
public:
  explicit OpenWatch(const std::vector<std::string>& files) : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
    REQUIRE(fd_ >= 0);
    for (const auto& f : files) REQUIRE(::inotify_add_watch(fd_, f.c_str(), IN_OPEN | IN_ACCESS) >= 0);
  }
  ~OpenWatch() { ::close(fd_); }
  /// Events seen so far (0 means nothing touched the files).
  std::size_t events() {
    alignas(inotify_event) char buf[8192];
    std::size_t n = 0;
    for (;;) {
      const ssize_t got = ::read(fd_, buf, sizeof buf);
      if (got <= 0) break;
      for (char* p = buf; p < buf + got;) {
        auto* e = reinterpret_cast<inotify_event*>(p);
        ++n;
        p += sizeof(inotify_event) + e->len;
      }
    }
    return n;
  }

private:
  int fd_;
};

// A repository with history, a signed-looking commit, staged and uncommitted changes, and
// attributes routing every file through the evil diff driver and filter.
void build_repo(GitFixture& repo) {
  const std::string attrs = "* diff=evil filter=evil text eol=crlf\n";
  repo.commit({{".gitattributes", attrs}, {"a.txt", "a=" + canary(1) + "\n"}});
  const std::string head = *repo.resolve("HEAD");
  // A commit carrying a gpgsig header: with log.showSignature git would run gpg.program.
  const std::string tree = "tree " + std::string(40, '0');
  repo.commit({{"b.txt", "b=" + canary(2) + "\n"}});
  repo.reset_index_to_head();
  repo.stage({{"c.txt", "c=" + canary(3) + "\n"}});
  write_file(repo.path() + "/d.txt", "d=" + canary(4) + "\n");
  write_file(repo.path() + "/.gitattributes", attrs);
  (void)head;
  (void)tree;
}

} // namespace

TEST_CASE("safety: no script, hook, filter, driver or include of a scanned repository runs or is read") {
  Traps traps;
  GitFixture repo;
  build_repo(repo);
  // A commit object with a gpgsig header on top of HEAD.
  const std::string head = *repo.resolve("HEAD");
  git_oid head_oid = GitFixture::parse(head);
  git_commit* hc = nullptr;
  git_check(git_commit_lookup(&hc, repo.repo(), &head_oid), "head");
  const std::string signed_commit =
      "tree " + GitFixture::hex(*git_commit_tree_id(hc)) + "\nparent " + head +
      "\nauthor Mallory <m@example.com> 1700000000 +0000\ncommitter Mallory <m@example.com> 1700000000 +0000\n"
      "gpgsig -----BEGIN PGP SIGNATURE-----\n \n =abcd\n -----END PGP SIGNATURE-----\n\nsigned\n";
  git_commit_free(hc);
  repo.set_ref("refs/heads/signed", repo.write_raw(GIT_OBJECT_COMMIT, signed_commit));
  traps.arm(repo);

  OpenWatch watch(traps.watched);
  SECTION("in-process sources") {
    const Scanned h = scan_history(repo.path());
    INFO(h.skipped_text());
    CHECK(find_secret(h, canary(1)));
    CHECK(find_secret(h, canary(2)));
    CHECK(scan_since(repo.path(), "HEAD~1").findings.size() == 1);
    CHECK(scan_staged(repo.path()).findings.size() == 1);
    scanner::ScannerPool pool(test_rule_set());
    scanner::FindingCollector wt;
    scanner::scan_git_worktree(repo.path(), {}, pool, wt);
    REQUIRE(wt.findings().size() == 1); // d.txt; staged c.txt is history's (next check)
    CHECK(wt.findings()[0].locations[0].path == repo.path() + "/d.txt");
    REQUIRE(find_secret(h, canary(3)));
    CHECK(find_secret(h, canary(3))->locations[0].path == "c.txt");
    CHECK(find_secret(h, canary(3))->locations[0].commit.empty());
  }
  SECTION("the real binary, with a fake git first on PATH") {
    const std::string rules = traps.outside / "rules.yml";
    write_file(rules, kTestRulesYaml);
    cli_test::RunOptions run;
    run.env = traps.env();
    run.cwd = repo.path();
    watch.events(); // writing the rules file above is not the scan's doing
    const std::vector<std::vector<std::string>> commands = {
        {"scan", "--no-builtin-rules", "--no-cache", "--rules", rules, "--format", "jsonl", "."},
        {"scan", "--no-builtin-rules", "--no-cache", "--rules", rules, "--since", "HEAD~1", "."},
        {"scan", "--no-builtin-rules", "--no-cache", "--rules", rules, "--staged", "."},
        {"scan", "--no-builtin-rules", "--no-cache", "--rules", rules, repo.gitdir()},
        {"baseline", "create", "-o", traps.outside / "baseline.json", "--no-builtin-rules",
         "--no-cache", "--rules", rules, "."},
    };
    for (const auto& args : commands) {
      const auto r = cli_test::run_vigil(args, run);
      INFO(args[3] << " " << r.err);
      CHECK((r.exit_code == 0 || r.exit_code == 1));
    }
  }
  CHECK_FALSE(std::filesystem::exists(traps.sentinel));
  CHECK(watch.events() == 0);
}

TEST_CASE("safety: the inotify watch used above does see an open (the test can fail)") {
  Traps traps;
  OpenWatch watch({traps.included});
  CHECK(read_file(traps.included).size() > 0);
  CHECK(watch.events() > 0);
}

TEST_CASE("safety: libgit2's repository layer follows include.path (why the sources bypass it)") {
  // Documents what libgit2 1.5 does: git_repository_open loads .git/config with its includes,
  // so a scanned repository could make it read any file. The git sources never call it.
  Traps traps;
  GitFixture repo;
  repo.commit({{"a.txt", "a\n"}});
  repo.append_config("[include]\n\tpath = " + traps.conditional + "\n");
  OpenWatch watch({traps.conditional});
  git_repository* r = nullptr;
  const int rc = git_repository_open(&r, repo.path().c_str());
  git_repository_free(r);
  CHECK(rc == 0);
  CHECK(watch.events() > 0);
  const Scanned s = scan_history(repo.path());
  CHECK(s.summary.complete());
  CHECK(watch.events() == 0);
}

TEST_CASE("safety: libgit2's system, global and XDG config search paths are empty") {
  scanner::init_git_library();
  for (int level : {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_XDG}) {
    git_buf buf = GIT_BUF_INIT;
    REQUIRE(git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, level, &buf) == 0);
    CHECK(std::string(buf.ptr ? buf.ptr : "") == "");
    git_buf_dispose(&buf);
  }
}
