// The git features through the real binary: `vigil scan REPO` (history + work tree),
// `--git-history none`, `--since`, `--staged`, `baseline create` / `--baseline`, and
// `hook install` with the hook itself run on a staged secret.
#include "cli_process.hpp"
#include "git_fixture.hpp"

#include <catch2/catch.hpp>
#include <openssl/sha.h>

#include <sys/stat.h>
#include <sys/wait.h>

using namespace vigil;
using namespace vigil::test;

namespace {

struct Cli {
  TempDir home;
  std::string rules = home / "rules.yml";
  cli_test::RunOptions run;
  Cli() {
    write_file(rules, kTestRulesYaml);
    run.env = {{"XDG_CACHE_HOME", home / "cache"}, {"XDG_CONFIG_HOME", home / "config"}};
  }
  cli_test::RunResult scan(std::vector<std::string> args) {
    std::vector<std::string> all = {"scan", "--no-builtin-rules", "--no-cache", "--rules", rules};
    all.insert(all.end(), args.begin(), args.end());
    return cli_test::run_vigil(all, run);
  }
};

std::string hex_digest(const unsigned char* d, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(digits[d[i] >> 4]);
    out.push_back(digits[d[i] & 15]);
  }
  return out;
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

} // namespace

TEST_CASE("cli git: scan REPO reports history with provenance and uncommitted files") {
  Cli cli;
  GitFixture repo;
  const std::string c = repo.commit({{"app.py", "k='" + canary(1) + "'\n"}});
  write_file(repo.path() + "/app.py", "k='" + canary(1) + "'\n"); // checked out
  write_file(repo.path() + "/local.env", "K=" + canary(2) + "\n");
  auto r = cli.scan({"--format", "jsonl", repo.path()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "\"kind\":\"git\""));
  CHECK(contains(r.out, "\"commit\":\"" + c + "\""));
  CHECK(contains(r.out, "\"path\":\"" + repo.path() + "/local.env\""));
  CHECK_FALSE(contains(r.out, canary(1)));
  CHECK_FALSE(contains(r.err, canary(1)));
  // The committed app.py is not reported a second time as a work-tree file.
  CHECK_FALSE(contains(r.out, repo.path() + "/app.py"));

  r = cli.scan({"--format", "jsonl", "--git-history", "none", repo.path()});
  CHECK(r.exit_code == 1);
  CHECK_FALSE(contains(r.out, "\"kind\":\"git\""));
  CHECK(contains(r.out, repo.path() + "/app.py"));
}

TEST_CASE("cli git: --since and --staged through the binary - bad combinations exit 2") {
  Cli cli;
  GitFixture repo;
  const std::string base = repo.commit({{"a.txt", canary(3) + "\n"}});
  repo.commit({{"b.txt", canary(4) + "\n"}});
  repo.reset_index_to_head();
  cli.run.cwd = repo.path();
  auto r = cli.scan({"--since", base, "--format", "jsonl", "."});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "\"path\":\"b.txt\""));
  CHECK_FALSE(contains(r.out, "a.txt"));
  CHECK(cli.scan({"--since", "HEAD", "."}).exit_code == 0);
  CHECK(cli.scan({"--since", "nope", "."}).exit_code == 2);

  CHECK(cli.scan({"--staged", "."}).exit_code == 0);
  repo.stage({{"c.txt", canary(5) + "\n"}});
  r = cli.scan({"--staged", "--format", "jsonl", "."});
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "\"path\":\"c.txt\""));

  TempDir not_repo;
  CHECK(cli.scan({"--staged", not_repo.path()}).exit_code == 2);
  CHECK(cli.scan({"--staged", "--since", base, "."}).exit_code == 2);
}

TEST_CASE("cli git: a baseline suppresses known findings and holds no secret or plain hash") {
  Cli cli;
  GitFixture repo;
  repo.commit({{"old.txt", canary(6) + "\n"}});
  cli.run.cwd = repo.path();
  const std::string baseline = cli.home / "baseline.json";
  auto r = cli_test::run_vigil({"baseline", "create", "-o", baseline, "--no-builtin-rules",
                                "--no-cache", "--rules", cli.rules, "."}, cli.run);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string text = read_file(baseline);
  CHECK(contains(text, "\"schema\":\"vigil.baseline/1\""));
  CHECK(contains(text, "\"rule_id\":\"test.token\""));
  const std::string secret = canary(6);
  unsigned char d256[SHA256_DIGEST_LENGTH], d1[SHA_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), d256);
  SHA1(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), d1);
  CHECK_FALSE(contains(text, secret));
  CHECK_FALSE(contains(text, secret.substr(7, 12)));
  CHECK_FALSE(contains(text, hex_digest(d256, sizeof d256)));
  CHECK_FALSE(contains(text, hex_digest(d1, sizeof d1)));

  CHECK(cli.scan({"--baseline", baseline, "."}).exit_code == 0);
  write_file(repo.path() + "/new.txt", canary(7) + "\n");
  r = cli.scan({"--baseline", baseline, "--format", "jsonl", "."});
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "new.txt"));
  CHECK_FALSE(contains(r.out, "old.txt"));

  // Another fingerprint key: refused, not silently ignored.
  cli.run.env["VIGIL_FINGERPRINT_KEY"] = "another-key-another-key-another-key";
  r = cli.scan({"--baseline", baseline, "."});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "different fingerprint key"));
  write_file(cli.home / "broken.json", "{\"schema\":\"vigil.baseline/1\",");
  CHECK(cli.scan({"--baseline", cli.home / "broken.json", "."}).exit_code == 2);
}

TEST_CASE("cli git: hook install writes a pre-commit hook that stops a staged secret") {
  Cli cli;
  GitFixture repo;
  repo.commit({{"a.txt", "a\n"}});
  repo.reset_index_to_head();
  cli.run.cwd = repo.path();
  auto r = cli_test::run_vigil({"hook", "install"}, cli.run);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string hook = repo.gitdir() + "/hooks/pre-commit";
  struct stat st {};
  REQUIRE(::stat(hook.c_str(), &st) == 0);
  CHECK((st.st_mode & 0111) != 0);
  CHECK(contains(read_file(hook), "scan --staged"));
  // A second install refuses; --force replaces.
  write_file(hook, "#!/bin/sh\necho mine\n");
  r = cli_test::run_vigil({"hook", "install"}, cli.run);
  CHECK(r.exit_code == 2);
  CHECK(read_file(hook) == "#!/bin/sh\necho mine\n");
  CHECK(cli_test::run_vigil({"hook", "install", "--force"}, cli.run).exit_code == 0);
  CHECK(contains(read_file(hook), "scan --staged"));

  // Run the hook the way git would (cwd = work tree): clean passes, a staged secret stops it.
  // $VIGIL points the hook at a wrapper that adds the test rules to the hook's command line.
  const std::string wrapper = cli.home / "vigil-wrapper";
  write_file(wrapper, "#!/bin/sh\ncommand=$1\nshift\nexec '" + std::string(VIGIL_BINARY) +
                          "' \"$command\" --no-builtin-rules --no-cache --rules '" + cli.rules +
                          "' \"$@\"\n");
  ::chmod(wrapper.c_str(), 0755);
  auto run_hook = [&] {
    std::string out = cli.home / "hook.err";
    const std::string cmd = "cd '" + repo.path() + "' && VIGIL='" + wrapper + "' XDG_CACHE_HOME='" +
                            cli.home.path() + "/cache' XDG_CONFIG_HOME='" + cli.home.path() +
                            "/config' sh '" + hook + "' > '" + out + "' 2>&1";
    const int status = std::system(cmd.c_str());
    return std::make_pair(WEXITSTATUS(status), read_file(out));
  };
  CHECK(run_hook().first == 0);
  repo.stage({{"cfg.txt", "k=" + canary(8) + "\n"}});
  const auto [code, output] = run_hook();
  INFO(output);
  CHECK(code == 1);
  CHECK(contains(output, "commit stopped"));
  CHECK(contains(output, "vigil:allow"));
  CHECK(contains(output, "baseline create"));
  CHECK_FALSE(contains(output, canary(8)));
}
