// `vigil scan` against bad input, through the real binary: FIFOs, links, loops, unreadable and
// oversized files, binary and non-UTF-8 content, broken rules, and a canary secret that must
// not leak into any output. Each case checks the exit code and inspects the JSON report.
#include "cli_process.hpp"
#include "engine_fixtures.hpp"

#include <simdjson.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>

using vigil::cli_test::run_vigil;
using vigil::cli_test::RunOptions;
using vigil::cli_test::RunResult;
using vigil::engine_test::TempDir;
namespace fs = std::filesystem;

namespace {

// Synthetic canary secrets: vgltest_ + 24 alphanumerics, a shape no provider uses.
std::string canary(int n) {
  static constexpr char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::mt19937 rng(static_cast<unsigned>(n) * 104729u + 3u);
  std::string s = "vgltest_";
  for (int i = 0; i < 24; ++i) s.push_back(alnum[rng() % 62]);
  return s;
}

const char* kCanaryRule = R"(rules:
  - id: canary.test
    name: Canary test token
    pattern: '\b(?P<secret>vgltest_[A-Za-z0-9]{24})\b'
    confidence: high
    examples: ['key = vgltest_Ab3dE5gH7jK9mN1pQ3sT5vW7']
    negative_examples: ['key = vgltest_short']
)";

void write(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
  REQUIRE(out.good());
}

/// A test workspace: a temp folder with the canary rule file, private cache/config dirs and a
/// fixed fingerprint key, so runs touch nothing of the user's.
struct Workspace {
  TempDir dir;
  fs::path rules = dir.path() / "rules/canary.yml";
  fs::path tree = dir.path() / "tree";
  Workspace() {
    write(rules, kCanaryRule);
    fs::create_directories(tree);
  }
  RunOptions env() const {
    RunOptions o;
    o.cwd = dir.path();
    o.env = {{"XDG_CACHE_HOME", (dir.path() / "cache").string()},
             {"XDG_CONFIG_HOME", (dir.path() / "config").string()},
             {"VIGIL_FINGERPRINT_KEY", "cli-test-fingerprint-key"},
             {"NO_COLOR", "1"}};
    return o;
  }
  /// `vigil scan --no-builtin-rules --rules <canary> --format json <args...>`.
  RunResult scan(std::vector<std::string> args, const std::string& format = "json") const {
    std::vector<std::string> all{"scan", "--no-builtin-rules", "--rules", rules.string(),
                                 "--format", format};
    all.insert(all.end(), args.begin(), args.end());
    auto r = run_vigil(all, env());
    REQUIRE_FALSE(r.timed_out);
    return r;
  }
};

/// The parts of a vigil.report/1 document the tests look at.
struct JsonReport {
  bool valid = false;
  bool complete = false;
  std::uint64_t blobs = 0;
  std::vector<std::string> secrets;
  std::vector<std::string> paths; ///< every finding location's path
  std::vector<std::pair<std::string, std::string>> skipped;

  bool has_path(const std::string& p) const {
    return std::find(paths.begin(), paths.end(), p) != paths.end();
  }
  const std::string* skip_reason(const std::string& p) const {
    for (const auto& [path, reason] : skipped)
      if (path == p) return &reason;
    return nullptr;
  }
};

JsonReport parse_report(const std::string& text) {
  JsonReport r;
  try {
    simdjson::dom::parser parser;
    simdjson::dom::element doc = parser.parse(simdjson::padded_string(text));
    for (simdjson::dom::element f : doc["findings"].get_array()) {
      r.secrets.emplace_back(std::string_view(f["secret"].get_string()));
      for (simdjson::dom::element loc : f["locations"].get_array())
        r.paths.emplace_back(std::string_view(loc["path"].get_string()));
    }
    auto summary = doc["summary"];
    r.complete = bool(summary["complete"].get_bool());
    r.blobs = std::uint64_t(summary["blobs_scanned"].get_uint64());
    for (simdjson::dom::element s : summary["skipped"].get_array())
      r.skipped.emplace_back(std::string_view(s["path"].get_string()),
                             std::string_view(s["reason"].get_string()));
    r.valid = true;
  } catch (const simdjson::simdjson_error& e) {
    UNSCOPED_INFO("invalid JSON report: " << e.what() << "\n" << text);
  }
  return r;
}

bool strictly_valid_json(const std::string& text) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  return parser.parse(simdjson::padded_string(text)).get(doc) == simdjson::SUCCESS;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

} // namespace

TEST_CASE("scan: an empty directory is a complete scan, exit 0") {
  Workspace w;
  auto r = w.scan({w.tree.string()});
  CHECK(r.exit_code == 0);
  auto report = parse_report(r.out);
  REQUIRE(report.valid);
  CHECK(report.complete);
  CHECK(report.secrets.empty());
  CHECK(report.blobs == 0);
}

TEST_CASE("scan: no PATH scans the current folder, paths shown relative to it") {
  Workspace w;
  write(w.tree / "demo/app.py", "token = '" + canary(1) + "'\n");
  auto o = w.env();
  o.cwd = w.tree;
  auto r = run_vigil({"scan", "--no-builtin-rules", "--rules", w.rules.string(), "--format",
                      "json"},
                     o);
  CHECK(r.exit_code == 1);
  auto report = parse_report(r.out);
  REQUIRE(report.valid);
  CHECK(report.has_path("demo/app.py"));
  // `vigil scan demo` shows demo/app.py.
  o.cwd = w.tree;
  auto named = run_vigil({"scan", "--no-builtin-rules", "--rules", w.rules.string(), "--format",
                          "json", "demo"},
                         o);
  CHECK(parse_report(named.out).has_path("demo/app.py"));
}

TEST_CASE("scan: a nonexistent path is reported, the rest scanned, exit 2") {
  Workspace w;
  write(w.tree / "a.txt", canary(2));
  auto r = w.scan({"no-such-path", w.tree.string()});
  CHECK(r.exit_code == 2);
  auto report = parse_report(r.out);
  REQUIRE(report.valid);
  CHECK_FALSE(report.complete);
  CHECK(report.skip_reason("no-such-path"));
  CHECK(report.has_path((w.tree / "a.txt").string()));
  CHECK(contains(r.err, "no-such-path"));
}

TEST_CASE("scan: a FIFO is skipped and reported without hanging") {
  Workspace w;
  write(w.tree / "a.txt", canary(3));
  REQUIRE(::mkfifo((w.tree / "pipe").c_str(), 0600) == 0);
  auto r = w.scan({w.tree.string()});
  CHECK(r.exit_code == 2);
  auto report = parse_report(r.out);
  REQUIRE(report.valid);
  REQUIRE(report.skip_reason((w.tree / "pipe").string()));
  CHECK(contains(*report.skip_reason((w.tree / "pipe").string()), "FIFO"));
  CHECK(report.has_path((w.tree / "a.txt").string()));
}

TEST_CASE("scan: symlink loop, escape and dangling link under --follow-symlinks") {
  Workspace w;
  write(w.tree / "sub/a.txt", canary(4));
  write(w.dir.path() / "outside/b.txt", canary(5));
  fs::create_directory_symlink(w.tree, w.tree / "sub/loop");
  fs::create_directory_symlink(w.dir.path() / "outside", w.tree / "escape");
  fs::create_symlink(w.tree / "gone.txt", w.tree / "dangling");

  SECTION("not followed by default: nothing reported, the outside secret not found") {
    auto r = w.scan({w.tree.string()});
    CHECK(r.exit_code == 1);
    auto report = parse_report(r.out);
    REQUIRE(report.valid);
    CHECK(report.complete);
    CHECK(report.secrets.size() == 1);
  }
  SECTION("followed: loop, escape and dangling link reported, exit 2") {
    auto r = w.scan({"--follow-symlinks", w.tree.string()});
    CHECK(r.exit_code == 2);
    auto report = parse_report(r.out);
    REQUIRE(report.valid);
    CHECK(report.secrets.size() == 1);
    CHECK(report.has_path((w.tree / "sub/a.txt").string()));
    REQUIRE(report.skip_reason((w.tree / "sub/loop").string()));
    CHECK(contains(*report.skip_reason((w.tree / "sub/loop").string()), "loop"));
    REQUIRE(report.skip_reason((w.tree / "escape").string()));
    CHECK(contains(*report.skip_reason((w.tree / "escape").string()), "outside"));
    REQUIRE(report.skip_reason((w.tree / "dangling").string()));
  }
}

TEST_CASE("scan: an unreadable file is reported (needs a non-root user)") {
  if (::geteuid() == 0) {
    WARN("running as root: chmod 000 does not stop root reading; the dangling-link and FIFO "
         "cases cover inputs that cannot be opened");
    return;
  }
  Workspace w;
  write(w.tree / "locked.txt", canary(6));
  fs::permissions(w.tree / "locked.txt", fs::perms::none);
  auto r = w.scan({w.tree.string()});
  CHECK(r.exit_code == 2);
  auto report = parse_report(r.out);
  CHECK(report.skip_reason((w.tree / "locked.txt").string()));
}

TEST_CASE("scan: files over --max-file-size are reported; sizes take suffixes") {
  Workspace w;
  write(w.tree / "small.txt", canary(7));
  write(w.tree / "big.txt", std::string(2048, 'x') + "\n" + canary(8) + "\n");
  auto r = w.scan({"--max-file-size", "1K", w.tree.string()});
  CHECK(r.exit_code == 2);
  auto report = parse_report(r.out);
  REQUIRE(report.valid);
  REQUIRE(report.skip_reason((w.tree / "big.txt").string()));
  CHECK(contains(*report.skip_reason((w.tree / "big.txt").string()), "max-file-size"));
  CHECK(report.secrets.size() == 1);
  CHECK(w.scan({"--max-file-size", "10M", w.tree.string()}).exit_code == 1);
  CHECK(w.scan({"--max-file-size", "1048576", w.tree.string()}).exit_code == 1);
  for (const char* bad : {"10Q", "abc", "0", "99999999999999999999G", "-5"}) {
    auto b = w.scan({"--max-file-size", bad, w.tree.string()});
    CHECK(b.exit_code == 2);
    CHECK(b.out.empty());
  }
}

TEST_CASE("scan: binary content, NUL bytes, a 10 MB line and non-UTF-8 names give valid JSON") {
  Workspace w;
  std::string bin("\x7f" "ELF\x02\x01\x01\0\0\0", 10);
  for (int i = 0; i < 4096; ++i) bin.push_back(static_cast<char>((i * 7) % 256));
  bin += std::string("\0", 1) + canary(9) + std::string("\0\xff", 2);
  write(w.tree / "app.bin", bin);
  std::string line(10 << 20, 'z');
  line += " " + canary(10) + "\n";
  write(w.tree / "long.txt", line);
  const std::string odd = std::string("na\xefme-\xff\xfe\x80") + ".txt";
  write(w.tree / odd, "k = " + canary(11) + "\n");
  for (const std::string format : {"json", "jsonl", "sarif"}) {
    auto r = w.scan({w.tree.string()}, format);
    CHECK(r.exit_code == 1);
    if (format == "jsonl") {
      std::istringstream lines(r.out);
      std::string l;
      int n = 0;
      while (std::getline(lines, l)) {
        CHECK(strictly_valid_json(l));
        ++n;
      }
      CHECK(n == 3);
    } else {
      CHECK(strictly_valid_json(r.out));
    }
  }
  auto report = parse_report(w.scan({w.tree.string()}).out);
  REQUIRE(report.valid);
  CHECK(report.complete);
  CHECK(report.secrets.size() == 3);
  CHECK(report.has_path((w.tree / "app.bin").string()));
  CHECK(report.has_path((w.tree / "long.txt").string()));
  CHECK(std::any_of(report.paths.begin(), report.paths.end(),
                    [](const std::string& p) { return contains(p, "me-"); }));
}

TEST_CASE("scan: .vigilignore and --exclude") {
  Workspace w;
  write(w.tree / ".vigilignore", "# generated\n*.min.js\n/fixtures/\n");
  write(w.tree / "app.js", canary(12));
  write(w.tree / "dist/app.min.js", canary(13));
  write(w.tree / "fixtures/f.txt", canary(14));
  write(w.tree / "src/fixtures/f.txt", canary(15));
  write(w.tree / "vendor/x.txt", canary(16));
  auto r = w.scan({"--exclude", "vendor", "--exclude", "*.none", w.tree.string()});
  CHECK(r.exit_code == 1);
  auto report = parse_report(r.out);
  REQUIRE(report.valid);
  CHECK(report.complete);
  CHECK(report.has_path((w.tree / "app.js").string()));
  CHECK(report.has_path((w.tree / "src/fixtures/f.txt").string()));
  CHECK(report.secrets.size() == 2);
}

TEST_CASE("scan: rules that cannot load are a clear error and exit 2, never a clean scan") {
  Workspace w;
  write(w.tree / "a.txt", canary(17));
  auto run = [&](const fs::path& rules) {
    auto r = run_vigil({"scan", "--no-builtin-rules", "--rules", rules.string(), "--format",
                        "json", w.tree.string()},
                       w.env());
    REQUIRE_FALSE(r.timed_out);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty()); // no report, so nothing can read as "no leaks"
    return r;
  };
  SECTION("a folder with no rules") {
    fs::create_directories(w.dir.path() / "empty-rules");
    write(w.dir.path() / "empty-rules/readme.txt", "not a rule file");
    auto r = run(w.dir.path() / "empty-rules");
    CHECK(contains(r.err, "empty-rules"));
    CHECK(contains(r.err, "no rules"));
  }
  SECTION("a rule Hyperscan rejects names file:rule-id") {
    const auto file = w.dir.path() / "bad/backref.yml";
    write(file, "rules:\n  - id: test.backref\n    name: Backreference\n"
                "    pattern: '(?P<secret>vgltest_[a-z]{4})-\\1'\n"
                "    examples: ['vgltest_abcd-vgltest_abcd']\n    negative_examples: ['x']\n");
    auto r = run(file);
    CHECK(contains(r.err, file.string() + ":test.backref"));
  }
  SECTION("a YAML error names the file") {
    const auto file = w.dir.path() / "bad/broken.yml";
    write(file, "rules:\n  - id: test.broken\n    name: [unclosed\n");
    auto r = run(file);
    CHECK(contains(r.err, file.string()));
    CHECK(contains(r.err, "YAML"));
  }
  SECTION("--rules naming nothing") {
    auto r = run(w.dir.path() / "missing.yml");
    CHECK(contains(r.err, "missing.yml"));
  }
}

TEST_CASE("scan: a canary secret appears in no output unless --show-secrets") {
  Workspace w;
  const std::string secret = canary(18);
  write(w.tree / "config.env", "API_KEY=" + secret + "\n");
  write(w.tree / "big.log", std::string(4096, '.') + secret + "\n"); // skipped: over the limit
  REQUIRE(::mkfifo((w.tree / "pipe").c_str(), 0600) == 0);
  for (const std::string format : {"human", "json", "jsonl", "sarif"}) {
    INFO("format " << format);
    auto r = w.scan({"--max-file-size", "1K", "--progress", w.tree.string()}, format);
    CHECK(r.exit_code == 2);
    CHECK_FALSE(r.out.empty());
    CHECK_FALSE(contains(r.out, secret));
    CHECK_FALSE(contains(r.err, secret));
    CHECK(contains(r.out, secret.substr(0, 4))); // the redacted form is there
    const auto file = w.dir.path() / ("report." + format);
    auto to_file = w.scan({"--output", file.string(), w.tree.string()}, format);
    CHECK(to_file.out.empty());
    CHECK_FALSE(contains(vigil::cli_test::slurp(file), secret));
    CHECK_FALSE(contains(to_file.err, secret));
  }
  auto shown = w.scan({"--show-secrets", w.tree.string()});
  CHECK(contains(shown.out, secret));
  CHECK_FALSE(contains(shown.err, secret));
}

TEST_CASE("scan: exit codes follow --fail-on; bad option values exit 2") {
  Workspace w;
  write(w.tree / "a.txt", canary(19));
  CHECK(w.scan({w.tree.string()}).exit_code == 1);
  CHECK(w.scan({"--fail-on", "any", w.tree.string()}).exit_code == 1);
  CHECK(w.scan({"--fail-on", "none", w.tree.string()}).exit_code == 0);
  CHECK(w.scan({"--fail-on", "valid", w.tree.string()}).exit_code == 0); // nothing verified
  CHECK(w.scan({"--threads", "1", w.tree.string()}).exit_code == 1);
  for (std::vector<std::string> bad :
       {std::vector<std::string>{"--format", "xml"}, {"--fail-on", "sometimes"},
        {"--color", "purple"}, {"--threads", "-1"}, {"--git-history", "half"},
        {"--verify-endpoint", "no-equals-sign"}}) {
    bad.push_back(w.tree.string());
    auto r = w.scan(bad);
    INFO(bad[0]);
    CHECK(r.exit_code == 2);
  }
}

TEST_CASE("scan: output write errors exit 2") {
  Workspace w;
  write(w.tree / "a.txt", canary(20));
  auto r = w.scan({"--output", (w.dir.path() / "no/such/dir/report.json").string(),
                   w.tree.string()});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "report.json"));
  auto o = w.env();
  o.stdout_dev_full = true;
  auto full = run_vigil({"scan", "--no-builtin-rules", "--rules", w.rules.string(), "--format",
                         "json", w.tree.string()},
                        o);
  CHECK(full.exit_code == 2);
  CHECK(contains(full.err, "standard output"));
}
