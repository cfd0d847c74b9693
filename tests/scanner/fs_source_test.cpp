// Filesystem source: walk, skip reporting (FIFOs, links, loops, size limit, read errors),
// ignore globs, path display, binary and non-UTF-8 content, on real temp folders.
#include "engine_fixtures.hpp"

#include "vigil/scanner/fs_source.hpp"
#include "vigil/scanner/path_filter.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <thread>

using namespace vigil;
using namespace vigil::scanner;
using engine_test::TempDir;
namespace fs = std::filesystem;

namespace {

// A canary secret: vgltest_ + 24 alphanumerics (no real provider's shape).
std::string canary(int n) {
  static constexpr char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::mt19937 rng(static_cast<unsigned>(n) * 7919u + 17u);
  std::string s = "vgltest_";
  for (int i = 0; i < 24; ++i) s.push_back(alnum[rng() % 62]);
  return s;
}

std::shared_ptr<const detectors::RuleSet> canary_rules() {
  static const auto set = engine_test::compile_yaml(engine_test::rule_yaml(
      "canary.test", "\\b(?P<secret>vgltest_[A-Za-z0-9]{24})\\b",
      "key = vgltest_Ab3dE5gH7jK9mN1pQ3sT5vW7", "key = vgltest_short"));
  return set;
}

void write(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
  REQUIRE(out.good());
}

struct ScanResult {
  std::vector<Finding> findings;
  ScanSummary summary;

  bool found(const std::string& secret) const {
    return std::any_of(findings.begin(), findings.end(),
                       [&](const Finding& f) { return f.secret == secret; });
  }
  const Finding* finding(const std::string& secret) const {
    for (const auto& f : findings)
      if (f.secret == secret) return &f;
    return nullptr;
  }
  const SkippedInput* skipped(const std::string& path) const {
    for (const auto& s : summary.skipped)
      if (s.path == path) return &s;
    return nullptr;
  }
};

ScanResult scan(const std::vector<std::string>& roots, FsScanOptions options = {}) {
  ScannerPool pool(canary_rules(), 64 << 10);
  FindingCollector collector;
  scan_filesystem(roots, options, pool, collector);
  return {collector.findings(), collector.summary()};
}

// Runs `body` with the working directory set to `dir`, restoring it after.
template <class F> void in_dir(const fs::path& dir, F body) {
  const auto before = fs::current_path();
  fs::current_path(dir);
  try {
    body();
  } catch (...) {
    fs::current_path(before);
    throw;
  }
  fs::current_path(before);
}

} // namespace

TEST_CASE("fs: finds secrets in a tree with paths as the user wrote the root") {
  TempDir t;
  write(t.path() / "demo/app.py", "x = 1\ntoken = '" + canary(1) + "'\n");
  write(t.path() / "demo/sub/deep/conf.ini", canary(2) + "\n");
  in_dir(t.path(), [&] {
    for (const std::string root : {"demo", "demo/", "demo//"}) {
      auto r = scan({root});
      CHECK(r.summary.complete());
      CHECK(r.summary.blobs_scanned == 2);
      REQUIRE(r.finding(canary(1)));
      const auto& loc = r.finding(canary(1))->locations.at(0);
      CHECK(loc.path == "demo/app.py");
      CHECK(loc.kind == LocationKind::file);
      CHECK(loc.line == 2);
      CHECK(loc.column == 10);
      REQUIRE(r.finding(canary(2)));
      CHECK(r.finding(canary(2))->locations.at(0).path == "demo/sub/deep/conf.ini");
    }
  });
  in_dir(t.path() / "demo", [&] {
    auto r = scan({"."});
    REQUIRE(r.finding(canary(1)));
    CHECK(r.finding(canary(1))->locations.at(0).path == "app.py");
    auto file = scan({"./app.py"});
    REQUIRE(file.finding(canary(1)));
    CHECK(file.finding(canary(1))->locations.at(0).path == "./app.py");
  });
}

TEST_CASE("fs: an empty directory is a complete scan with nothing found") {
  TempDir t;
  fs::create_directories(t.path() / "empty");
  auto r = scan({(t.path() / "empty").string()});
  CHECK(r.summary.complete());
  CHECK(r.summary.blobs_scanned == 0);
  CHECK(r.findings.empty());
}

TEST_CASE("fs: a nonexistent root is reported and the other roots are still scanned") {
  TempDir t;
  write(t.path() / "a.txt", canary(3));
  const auto missing = (t.path() / "does-not-exist").string();
  auto r = scan({missing, (t.path() / "a.txt").string()});
  CHECK(r.found(canary(3)));
  REQUIRE(r.skipped(missing));
  CHECK(r.skipped(missing)->reason.find("No such file") != std::string::npos);
  CHECK_FALSE(r.summary.complete());
}

TEST_CASE("fs: a FIFO is skipped and reported, never read (no hang)") {
  TempDir t;
  write(t.path() / "a.txt", canary(4));
  const auto fifo = t.path() / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  SECTION("inside a tree") {
    auto r = scan({t.path().string()});
    CHECK(r.found(canary(4)));
    REQUIRE(r.skipped(fifo.string()));
    CHECK(r.skipped(fifo.string())->reason.find("FIFO") != std::string::npos);
  }
  SECTION("named as a root") {
    auto r = scan({fifo.string()});
    REQUIRE(r.skipped(fifo.string()));
    CHECK(r.skipped(fifo.string())->reason.find("FIFO") != std::string::npos);
  }
}

TEST_CASE("fs: symlinks are not followed by default, and that is not an error") {
  TempDir t;
  write(t.path() / "outside/secret.txt", canary(5));
  write(t.path() / "root/plain.txt", "nothing here\n");
  fs::create_symlink(t.path() / "outside/secret.txt", t.path() / "root/link.txt");
  fs::create_directory_symlink(t.path() / "outside", t.path() / "root/linkdir");
  fs::create_directory_symlink(t.path() / "root", t.path() / "root/loop");
  auto r = scan({(t.path() / "root").string()});
  CHECK(r.findings.empty());
  CHECK(r.summary.complete());
  CHECK(r.summary.blobs_scanned == 1);
}

TEST_CASE("fs: --follow-symlinks follows links inside the roots, reports loops and escapes") {
  TempDir t;
  const auto root = t.path() / "root";
  write(t.path() / "outside/secret.txt", canary(6));
  write(root / "real/inner.txt", canary(7));
  fs::create_symlink(root / "real/inner.txt", root / "file-link.txt");
  fs::create_directory_symlink(root, root / "real/loop");         // back to an ancestor
  fs::create_directory_symlink(t.path() / "outside", root / "escape");
  fs::create_symlink(root / "nowhere", root / "dangling");
  fs::create_symlink(root / "self-a", root / "self-b");
  fs::create_symlink(root / "self-b", root / "self-a");
  FsScanOptions o;
  o.follow_symlinks = true;
  auto r = scan({root.string()}, o);
  CHECK_FALSE(r.found(canary(6)));
  REQUIRE(r.finding(canary(7)));
  std::vector<std::string> paths;
  for (const auto& l : r.finding(canary(7))->locations) paths.push_back(l.path);
  CHECK(std::find(paths.begin(), paths.end(), (root / "file-link.txt").string()) != paths.end());
  CHECK(std::find(paths.begin(), paths.end(), (root / "real/inner.txt").string()) != paths.end());
  REQUIRE(r.skipped((root / "real/loop").string()));
  CHECK(r.skipped((root / "real/loop").string())->reason.find("loop") != std::string::npos);
  REQUIRE(r.skipped((root / "escape").string()));
  CHECK(r.skipped((root / "escape").string())->reason.find("outside") != std::string::npos);
  REQUIRE(r.skipped((root / "dangling").string()));
  CHECK(r.skipped((root / "dangling").string())->reason.find("dangling") != std::string::npos);
  REQUIRE(r.skipped((root / "self-a").string()));
  CHECK(r.skipped((root / "self-a").string())->reason.find("loop") != std::string::npos);
  CHECK_FALSE(r.summary.complete());
}

TEST_CASE("fs: files over the size limit are skipped and reported; at the limit they are read") {
  TempDir t;
  write(t.path() / "small.txt", canary(8) + "\n");
  const std::string big = std::string(1000, 'x') + "\n" + canary(9) + "\n";
  write(t.path() / "big.txt", big);
  FsScanOptions o;
  o.max_file_size = 1000;
  auto r = scan({t.path().string()}, o);
  CHECK(r.found(canary(8)));
  CHECK_FALSE(r.found(canary(9)));
  const auto path = (t.path() / "big.txt").string();
  REQUIRE(r.skipped(path));
  CHECK(r.skipped(path)->reason.find("max-file-size") != std::string::npos);
  o.max_file_size = big.size();
  CHECK(scan({t.path().string()}, o).found(canary(9)));
}

TEST_CASE("fs: a read error (EIO) is reported and does not stop the scan") {
  // Reading /proc/self/mem at offset 0 fails with EIO: a real read error, not a simulated one.
  if (::access("/proc/self/mem", R_OK) != 0) {
    WARN("no readable /proc/self/mem here; read-error test skipped");
    return;
  }
  TempDir t;
  write(t.path() / "a.txt", canary(10));
  auto r = scan({"/proc/self/mem", (t.path() / "a.txt").string()});
  CHECK(r.found(canary(10)));
  REQUIRE(r.skipped("/proc/self/mem"));
  CHECK(r.skipped("/proc/self/mem")->reason.find("read error") != std::string::npos);
}

TEST_CASE("fs: an unreadable directory and file are reported (when not running as root)") {
  if (::geteuid() == 0) {
    WARN("running as root: permission bits do not stop reads; covered by the dangling-link, "
         "EIO and FIFO tests instead");
    return;
  }
  TempDir t;
  write(t.path() / "locked/a.txt", canary(11));
  write(t.path() / "nope.txt", canary(12));
  fs::permissions(t.path() / "locked", fs::perms::none);
  fs::permissions(t.path() / "nope.txt", fs::perms::none);
  auto r = scan({t.path().string()});
  fs::permissions(t.path() / "locked", fs::perms::owner_all);
  CHECK(r.skipped((t.path() / "locked").string()));
  CHECK(r.skipped((t.path() / "nope.txt").string()));
}

TEST_CASE("fs: .vigilignore and --exclude globs, gitignore-like") {
  TempDir t;
  const auto root = t.path() / "r";
  write(root / ".vigilignore",
        "# comment line\n\n*.log\n/top-only.txt\nbuild/\ndocs/private/*\n**/fixtures/*.json\n");
  write(root / "keep.txt", canary(20));
  write(root / "a/b/debug.log", canary(21));       // *.log at any depth
  write(root / "top-only.txt", canary(22));        // anchored
  write(root / "a/top-only.txt", canary(23));      // anchored: deeper one is kept
  write(root / "x/build/out.txt", canary(24));     // build/ at any depth
  write(root / "build", "");                       // only a directory named build is ignored
  write(root / "docs/private/p.md", canary(25));
  write(root / "docs/public.md", canary(26));
  write(root / "t/u/fixtures/f.json", canary(27));
  write(root / "vendor/lib.js", canary(28));
  write(root / ".git/config", canary(29));         // .git is never walked
  FsScanOptions o;
  o.excludes = {"vendor"};
  auto r = scan({root.string()}, o);
  CHECK(r.found(canary(20)));
  CHECK_FALSE(r.found(canary(21)));
  CHECK_FALSE(r.found(canary(22)));
  CHECK(r.found(canary(23)));
  CHECK_FALSE(r.found(canary(24)));
  CHECK_FALSE(r.found(canary(25)));
  CHECK(r.found(canary(26)));
  CHECK_FALSE(r.found(canary(27)));
  CHECK_FALSE(r.found(canary(28)));
  CHECK_FALSE(r.found(canary(29)));
  CHECK(r.summary.complete());
  // Without the exclude, vendor is scanned.
  CHECK(scan({root.string()}).found(canary(28)));
}

TEST_CASE("fs: path filter parsing") {
  PathFilter f;
  f.add("  # not a pattern");
  f.add("   ");
  CHECK(f.empty());
  f.add("secret-*.txt\r");
  f.add("/conf/*.ini");
  f.add("cache/");
  CHECK(f.ignored("secret-1.txt", false));
  CHECK(f.ignored("a/b/secret-2.txt", false));
  CHECK(f.ignored("conf/x.ini", false));
  CHECK_FALSE(f.ignored("a/conf/x.ini", false));
  CHECK_FALSE(f.ignored("conf/sub/x.ini", false)); // '*' does not cross '/'
  CHECK(f.ignored("a/cache", true));
  CHECK_FALSE(f.ignored("a/cache", false));
  CHECK_FALSE(f.ignored("keep.txt", false));
  CHECK(parse_ignore_pattern("a/**/b").deep);
  CHECK(parse_ignore_pattern("a/**/b").anchored);
}

TEST_CASE("fs: binary content with NUL bytes and a long line still yields the secret") {
  TempDir t;
  std::string bin;
  for (int i = 0; i < 5000; ++i) bin.push_back(static_cast<char>(i % 256));
  bin += std::string("\0\0", 2) + canary(30) + std::string("\0\xff\xfe", 3);
  write(t.path() / "blob.bin", bin);
  // A 10 MB line, larger than the scanner's chunks, with secrets early, mid and at the end.
  std::string line(10 << 20, 'a');
  line.replace(100, 34, " " + canary(31) + " ");
  line.replace((5 << 20) + 3, 34, " " + canary(32) + " ");
  line += " " + canary(33) + "\n";
  write(t.path() / "long.txt", line);
  auto r = scan({t.path().string()});
  CHECK(r.found(canary(30)));
  REQUIRE(r.finding(canary(31)));
  CHECK(r.finding(canary(31))->locations.at(0).column == 102);
  REQUIRE(r.finding(canary(32)));
  CHECK(r.finding(canary(32))->locations.at(0).column == (5u << 20) + 5);
  REQUIRE(r.finding(canary(33)));
  CHECK(r.finding(canary(33))->locations.at(0).line == 1);
  CHECK(r.summary.complete());
}

TEST_CASE("fs: non-UTF-8 file names are walked and kept byte for byte") {
  TempDir t;
  const std::string name = std::string("caf\xe9-\xff\xfe") + ".txt"; // Latin-1, not UTF-8
  write(t.path() / name, canary(34));
  auto r = scan({t.path().string()});
  REQUIRE(r.finding(canary(34)));
  CHECK(r.finding(canary(34))->locations.at(0).path == (t.path() / name).string());
}

TEST_CASE("fs: many files scanned in parallel are all found, once each") {
  TempDir t;
  for (int i = 0; i < 300; ++i)
    write(t.path() / ("d" + std::to_string(i % 7)) / ("f" + std::to_string(i) + ".txt"),
          "line\n" + canary(100 + i) + "\n");
  ScanProgress progress;
  FsScanOptions o;
  o.progress = &progress;
  o.live_tokens = 3;
  auto r = scan({t.path().string()}, o);
  CHECK(r.findings.size() == 300);
  CHECK(r.summary.blobs_scanned == 300);
  CHECK(progress.blobs.load() == 300);
  CHECK(progress.bytes.load() == r.summary.bytes_scanned);
  for (int i = 0; i < 300; ++i) CHECK(r.found(canary(100 + i)));
}

TEST_CASE("fs: files deleted during the scan are reported as vanished or absent, never lost") {
  // A race by nature: which odd files vanish when is not fixed, so the test pins the
  // invariants instead: every kept (even) file is found, and every skip says "vanished".
  TempDir t;
  constexpr int kFiles = 600;
  for (int i = 0; i < kFiles; ++i)
    write(t.path() / ("d" + std::to_string(i % 5)) / ("f" + std::to_string(i)), canary(1000 + i));
  std::atomic<bool> go{false};
  std::thread remover([&] {
    while (!go.load()) std::this_thread::yield();
    for (int i = 1; i < kFiles; i += 2) {
      std::error_code ec;
      fs::remove(t.path() / ("d" + std::to_string(i % 5)) / ("f" + std::to_string(i)), ec);
    }
  });
  ScannerPool pool(canary_rules(), 64 << 10);
  FindingCollector collector;
  go = true;
  scan_filesystem({t.path().string()}, {}, pool, collector);
  remover.join();
  const auto findings = collector.findings();
  const ScanResult r{findings, collector.summary()};
  for (int i = 0; i < kFiles; i += 2) CHECK(r.found(canary(1000 + i)));
  for (const auto& s : r.summary.skipped) CHECK(s.reason == "vanished before it could be read");
  CHECK(r.findings.size() + r.summary.skipped.size() <= static_cast<std::size_t>(kFiles));
}
