// docs/ci.md's command lines, run as written against a real repository: the GitHub Actions
// `run:` line (SARIF) and the GitLab `script:` line (JSON), each with its CI variable set to the
// base commit. Only the secret the "pull request" adds may be reported. Also the pre-commit
// framework entry from .pre-commit-hooks.yaml.
#include "git_fixture.hpp"

#include "vigil/detectors/rule_loader.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

using namespace vigil;
using namespace vigil::test;

namespace {

// The first line of `file` containing `marker`, from `marker` on.
std::string doc_line(const std::string& file, const std::string& marker) {
  std::istringstream in(read_file(std::string(VIGIL_SOURCE_DIR) + "/" + file));
  std::string line;
  while (std::getline(in, line))
    if (auto at = line.find(marker); at != std::string::npos) return line.substr(at);
  FAIL("no line with '" << marker << "' in " << file);
  return {};
}

// Runs `command` with /bin/sh in `cwd`, vigil's folder first on PATH; returns the exit code.
int run_shell(const std::string& command, const std::string& cwd,
              const std::vector<std::pair<std::string, std::string>>& env) {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (::chdir(cwd.c_str()) != 0) ::_exit(126);
    const int null = ::open("/dev/null", O_RDWR);
    if (null < 0) ::_exit(126);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    const std::string bin = std::filesystem::path(VIGIL_BINARY).parent_path().string();
    ::setenv("PATH", (bin + ":/usr/bin:/bin").c_str(), 1);
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    ::execl("/usr/bin/timeout", "timeout", "120", "/bin/sh", "-c", command.c_str(), nullptr);
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Two built-in rules' first examples: one already at the base, one added by the "PR".
struct Planted {
  std::string old_rule, old_text, new_rule, new_text;
};

Planted pick_examples() {
  auto rules = detectors::builtin_rules();
  REQUIRE(rules);
  Planted p;
  for (const auto& r : rules.value()) {
    if (r.examples.empty()) continue;
    if (p.old_rule.empty()) {
      p.old_rule = r.id;
      p.old_text = r.examples.front();
    } else if (r.id != p.old_rule) {
      p.new_rule = r.id;
      p.new_text = r.examples.front();
      break;
    }
  }
  REQUIRE_FALSE(p.new_rule.empty());
  return p;
}

std::vector<std::string> rule_ids(simdjson::dom::element results) {
  std::vector<std::string> out;
  for (auto r : results.get_array()) out.emplace_back(std::string_view(r["ruleId"]));
  return out;
}

struct CiRepo {
  GitFixture repo;
  TempDir home;
  Planted planted = pick_examples();
  std::string base;
  std::vector<std::pair<std::string, std::string>> env;
  CiRepo() {
    base = repo.commit({{"old.txt", planted.old_text + "\n"}});
    repo.commit({{"new.txt", planted.new_text + "\n"}});
    repo.reset_index_to_head();
    env = {{"XDG_CACHE_HOME", home / "cache"}, {"XDG_CONFIG_HOME", home / "config"},
           {"HOME", home.path()}};
  }
};

} // namespace

TEST_CASE("ci docs: the GitHub Actions run line reports only what the pull request adds, as SARIF") {
  CiRepo ci;
  std::string cmd = doc_line("docs/ci.md", "run: vigil scan --since").substr(5);
  REQUIRE(cmd.find("--format sarif") != std::string::npos);
  const std::string expr = "${{ github.event.pull_request.base.sha }}";
  const auto at = cmd.find(expr);
  REQUIRE(at != std::string::npos);
  cmd.replace(at, expr.size(), ci.base); // what Actions substitutes before the shell runs
  CHECK(run_shell(cmd, ci.repo.path(), ci.env) == 1);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE_FALSE(parser.load(ci.repo.path() + "/vigil.sarif").get(doc));
  CHECK(std::string_view(doc["version"]) == "2.1.0");
  const auto ids = rule_ids(doc["runs"].at(0)["results"]);
  CHECK(std::find(ids.begin(), ids.end(), ci.planted.new_rule) != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), ci.planted.old_rule) == ids.end());
}

TEST_CASE("ci docs: the GitLab CI script line reports only what the merge request adds") {
  CiRepo ci;
  const std::string line = doc_line("docs/ci.md", "- vigil scan --since");
  const std::string cmd = line.substr(2);
  REQUIRE(cmd.find("$CI_MERGE_REQUEST_DIFF_BASE_SHA") != std::string::npos);
  auto env = ci.env;
  env.emplace_back("CI_MERGE_REQUEST_DIFF_BASE_SHA", ci.base);
  CHECK(run_shell(cmd, ci.repo.path(), env) == 1);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE_FALSE(parser.load(ci.repo.path() + "/gl-vigil.json").get(doc));
  std::vector<std::string> ids;
  for (auto f : doc["findings"].get_array()) ids.emplace_back(std::string_view(f["rule_id"]));
  CHECK(std::find(ids.begin(), ids.end(), ci.planted.new_rule) != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), ci.planted.old_rule) == ids.end());

  // The same line with the base at HEAD: nothing added, the job passes.
  env.back().second = *ci.repo.resolve("HEAD");
  CHECK(run_shell(cmd, ci.repo.path(), env) == 0);
}

TEST_CASE("ci docs: the pre-commit framework entry stops a staged secret") {
  CiRepo ci;
  const std::string entry = doc_line(".pre-commit-hooks.yaml", "entry: ").substr(7);
  CHECK(doc_line(".pre-commit-hooks.yaml", "- id: ") == "- id: vigil");
  CHECK(run_shell(entry, ci.repo.path(), ci.env) == 0); // nothing staged
  ci.repo.stage({{"staged.txt", ci.planted.new_text + "\n"}});
  CHECK(run_shell(entry, ci.repo.path(), ci.env) == 1);
}
