// `vigil scan --verify` end to end: the real binary, a provider stood in for by the loopback
// server through VIGIL_VERIFY_ENDPOINTS, the verdict in the JSONL output and the exit code of
// --fail-on valid; nothing is sent without --verify, and the secret never reaches the output.
#include "cli_process.hpp"
#include "verify_fixture.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace vigil::verify_test;
using vigil::cli_test::run_vigil;
using vigil::cli_test::RunOptions;

namespace {

// The compiled built-in rule database is shared with the suite's cache (XDG_CACHE_HOME of the
// test run) both ways: each section's fresh workspace would otherwise recompile every rule,
// which under sanitizers on a small machine takes longer than a run may. The verify cache
// stays private to the workspace.
void copy_rule_databases(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::error_code ec;
  if (!std::filesystem::is_directory(from, ec)) return;
  std::filesystem::create_directories(to, ec);
  for (const auto& entry : std::filesystem::directory_iterator(from, ec))
    if (entry.path().extension() == ".hsdb")
      std::filesystem::copy_file(entry.path(), to / entry.path().filename(),
                                 std::filesystem::copy_options::skip_existing, ec);
}

std::filesystem::path suite_cache() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  return xdg && *xdg ? std::filesystem::path(xdg) / "vigil" : std::filesystem::path();
}

struct Workspace {
  Workspace() {
    dir = std::filesystem::temp_directory_path() / ("vigil-cliverify-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "src");
    std::filesystem::create_directories(dir / "cache");
    auto rules = vigil::detectors::builtin_rules();
    REQUIRE(rules.ok());
    for (const auto& r : rules.value())
      if (r.id == "github.pat.classic") line = r.examples.front();
    REQUIRE(!line.empty());
    secret = line.substr(line.find("ghp_"), 40);
    std::ofstream(dir / "src" / "app.env") << line << "\n";
    if (!suite_cache().empty()) copy_rule_databases(suite_cache(), dir / "cache" / "vigil");
  }
  ~Workspace() {
    if (!suite_cache().empty()) copy_rule_databases(dir / "cache" / "vigil", suite_cache());
    std::filesystem::remove_all(dir);
  }
  std::filesystem::path dir;
  std::string line, secret;
};

RunOptions env_for(const Harness& h, const Workspace& w, bool with_log = true) {
  RunOptions o;
  o.env["VIGIL_VERIFY_ENDPOINTS"] = "api.github.com=" + h.server.base_url();
  o.env["VIGIL_VERIFY_CA_BUNDLE"] = h.server.ca_file();
  o.env["XDG_CACHE_HOME"] = (w.dir / "cache").string();
  o.env["VIGIL_FINGERPRINT_KEY"] = "test-key-0123456789";
  if (with_log) o.env["VIGIL_VERIFY_LOG"] = "1";
  o.timeout = std::chrono::seconds(300);
  return o;
}

} // namespace

TEST_CASE("scan --verify reports the provider's verdict and gates on valid", "[verifiers][cli]") {
  Workspace w;
  Harness h;
  h.server.route("/user", {Response{200, {{"Content-Type", "application/json"}, {"X-OAuth-Scopes", "repo"}},
                                    R"({"login":"octo"})"}});
  const std::vector<std::string> base{"scan", (w.dir / "src").string(), "--format", "jsonl",
                                      "--fail-on", "valid", "--no-verify-cache"};

  auto args = base;
  args.push_back("--verify");
  auto r = run_vigil(args, env_for(h, w));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("\"status\":\"valid\"") != std::string::npos);
  CHECK(r.out.find("user octo; scopes repo") != std::string::npos);
  CHECK(r.out.find(w.secret) == std::string::npos);
  CHECK(r.err.find(w.secret) == std::string::npos);
  CHECK(h.server.hits("/user") == 1);
  CHECK(h.server.requests().front().headers.at("authorization") == "Bearer " + w.secret);

  SECTION("a revoked token does not fail the gate") {
    h.server.route("/user", {json(401, R"({"message":"Bad credentials"})")});
    r = run_vigil(args, env_for(h, w));
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("\"status\":\"invalid\"") != std::string::npos);
  }
  SECTION("without --verify nothing is sent") {
    r = run_vigil(base, env_for(h, w));
    CHECK(r.exit_code == 0);
    CHECK(h.server.hits("/user") == 1);
    CHECK(r.out.find("\"status\":\"valid\"") == std::string::npos);
  }
  SECTION("the cache answers a second run") {
    auto cached = args;
    cached.erase(std::find(cached.begin(), cached.end(), "--no-verify-cache"));
    r = run_vigil(cached, env_for(h, w));
    CHECK(r.exit_code == 1);
    r = run_vigil(cached, env_for(h, w));
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("\"status\":\"valid\"") != std::string::npos);
    CHECK(h.server.hits("/user") == 2); // first cached run asked, second did not
  }
  SECTION("a missing libcurl is an error naming it, and scanning never needed it") {
    auto o = env_for(h, w);
    o.env["VIGIL_LIBCURL"] = (w.dir / "no-such-libcurl.so").string();
    r = run_vigil(args, o);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("no-such-libcurl.so") != std::string::npos);
    CHECK(r.err.find(w.secret) == std::string::npos);
    CHECK(h.server.hits("/user") == 1); // only the first run's request
    r = run_vigil(base, o);             // without --verify libcurl is never loaded
    CHECK(r.exit_code == 0);
  }
  SECTION("a bad endpoint is an error naming it") {
    auto bad = args;
    bad.insert(bad.end(), {"--verify-endpoint", "api.github.com=http://203.0.113.9"});
    r = run_vigil(bad, env_for(h, w));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("203.0.113.9") != std::string::npos);
  }
}
