// BlobScanner: a secret at every offset around chunk edges is found once with the right line
// and column; whole and chunked scans agree on random data; huge lines, binary data,
// `vigil:allow`, empty blobs and read errors.
#include "engine_fixtures.hpp"

#include "vigil/scanner/blob_scan.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <tuple>

using namespace vigil::engine_test;
using vigil::scanner::BlobMatch;
using vigil::scanner::BlobScanner;
using vigil::scanner::ReadFn;

namespace {

// Small windows keep the chunk small (the scanner clamps to 4 x window + 4096).
const std::string kRules =
    rule_yaml("demo.tkn", "\\bTKN_[A-Za-z0-9]{20}\\b", "x", "y") +
    rule_yaml("demo.pair", "(?P<secret>PRK[0-9]{2})[^A-Z]{1,14}(?P<tail>END[0-9]{2})", "x", "y") +
    rule_yaml("demo.hex", "hex:(?P<secret>[a-f0-9]{8,16})", "x", "y");

BlobScanner make_scanner(const std::shared_ptr<const RuleSet>& set, std::size_t chunk = 4096) {
  auto matcher = Matcher::create(set);
  REQUIRE(matcher.ok());
  return BlobScanner(std::move(matcher.value()), chunk);
}

// A ReadFn over `data` handing out pieces of pseudo-random size (1..max_piece bytes).
ReadFn reader(std::string_view data, std::uint32_t seed, std::size_t max_piece = 5000) {
  auto pos = std::make_shared<std::size_t>(0);
  auto rng = std::make_shared<std::mt19937>(seed);
  return [data, pos, rng, max_piece](char* buf, std::size_t cap) -> vigil::detectors::Result<std::size_t> {
    const std::size_t want = 1 + (*rng)() % max_piece;
    const std::size_t n = std::min({cap, want, data.size() - *pos});
    std::copy_n(data.data() + *pos, n, buf);
    *pos += n;
    return n;
  };
}

using Key = std::tuple<std::uint64_t, std::uint64_t, std::uint32_t, std::string>;

std::vector<Key> keys(const std::vector<BlobMatch>& matches) {
  std::vector<Key> out;
  for (const auto& m : matches) out.emplace_back(m.line, m.column, m.rule, m.secret);
  std::sort(out.begin(), out.end());
  return out;
}

// Line and column of byte `offset`, counted independently of the scanner.
std::pair<std::uint64_t, std::uint64_t> line_col(std::string_view data, std::size_t offset) {
  const auto before = data.substr(0, offset);
  const auto line = 1 + static_cast<std::uint64_t>(std::count(before.begin(), before.end(), '\n'));
  const auto nl = before.rfind('\n');
  const std::uint64_t column = nl == std::string_view::npos ? offset + 1 : offset - nl;
  return {line, column};
}

std::vector<BlobMatch> scan_whole(BlobScanner& s, std::string_view data) {
  std::vector<BlobMatch> out;
  auto ok = s.scan(data, out);
  INFO((ok ? "" : ok.error().message));
  REQUIRE(ok.ok());
  return out;
}

std::vector<BlobMatch> scan_chunked(BlobScanner& s, std::string_view data, std::uint32_t seed,
                                    std::size_t max_piece = 5000) {
  std::vector<BlobMatch> out;
  auto ok = s.scan(reader(data, seed, max_piece), out);
  INFO((ok ? "" : ok.error().message));
  REQUIRE(ok.ok());
  return out;
}

// Filler text that no demo rule can match: lower-case words, spaces and newlines.
std::string filler(std::size_t size, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out;
  while (out.size() < size) {
    const auto r = rng() % 12;
    out.push_back(r == 0 ? '\n' : r < 3 ? ' ' : static_cast<char>('a' + rng() % 26));
  }
  return out;
}

} // namespace

TEST_CASE("the chunk size is clamped to 4 x window + 4096", "[blob_scan]") {
  auto set = compile_yaml(kRules);
  REQUIRE(set->max_window() == 24);
  // Found exactly once even when the requested chunk is absurdly small.
  auto scanner = make_scanner(set, 1);
  const std::string data = filler(20000, 3) + " TKN_abcdefghij0123456789 \n";
  CHECK(scan_chunked(scanner, data, 1).size() == 1);
}

TEST_CASE("a secret at every offset around chunk edges is found once, placed right",
          "[blob_scan]") {
  auto set = compile_yaml(kRules);
  const std::size_t w = set->max_window();
  const std::size_t chunk = 4 * w + 4096;
  auto scanner = make_scanner(set);
  const std::string token = "TKN_Zq0rT5yu1op2As3dF4gh"; // 24 bytes = the window
  // Chunk k reports ends in its middle; the edges fall near chunk - w + k (chunk - 2w).
  const std::size_t edge1 = chunk - w, edge2 = edge1 + (chunk - 2 * w);
  const std::string base = filler(3 * chunk, 11);
  for (std::size_t edge : {edge1, edge2}) {
    for (std::size_t p = edge - 3 * w; p <= edge + 3 * w; ++p) {
      std::string data = base;
      data[p - 1] = ' ';
      data.replace(p, token.size(), token);
      data[p + token.size()] = '\n';
      const auto [line, column] = line_col(data, p);
      for (std::size_t piece : {std::size_t{1} << 20, std::size_t{7}, std::size_t{4999}}) {
        CAPTURE(edge, p, piece);
        const auto got = scan_chunked(scanner, data, static_cast<std::uint32_t>(p), piece);
        REQUIRE(got.size() == 1);
        CHECK(got[0].secret == token);
        CHECK(got[0].line == line);
        CHECK(got[0].column == column);
      }
      const auto whole = scan_whole(scanner, data);
      REQUIRE(whole.size() == 1);
      CHECK(whole[0].line == line);
      CHECK(whole[0].column == column);
    }
  }
}

TEST_CASE("regression: line numbers stay right when a chunk reports a secret that starts "
          "before the previous chunk's last secret",
          "[blob_scan][regression]") {
  // demo.pair's secret starts a match that runs over a newline; a demo.hex secret on the
  // next line can end earlier. Slide the pair across a chunk edge so that the hex match is
  // reported by one chunk and the pair (with the earlier secret) by the next.
  auto set = compile_yaml(kRules);
  const std::size_t w = set->max_window();
  const std::size_t edge = 4 * w + 4096 - w;
  auto scanner = make_scanner(set);
  const std::string text = "PRK12\nhex:abcdef01\nEND42";
  const std::string base = filler(3 * edge, 5);
  for (std::size_t p = edge - 2 * w; p <= edge + w; ++p) {
    std::string data = base;
    data[p - 1] = '\n';
    data.replace(p, text.size(), text);
    data[p + text.size()] = '\n';
    const auto whole = keys(scan_whole(scanner, data));
    REQUIRE(whole.size() == 2);
    CAPTURE(p);
    CHECK(std::get<0>(whole[0]) == line_col(data, p).first);
    CHECK(std::get<1>(whole[0]) == 1);
    CHECK(keys(scan_chunked(scanner, data, 1, 1 << 20)) == whole);
  }
}

TEST_CASE("whole and chunked scans agree on random data with planted secrets", "[blob_scan]") {
  auto set = compile_yaml(kRules);
  auto scanner = make_scanner(set);
  const char alphabet[] = "abcdefghijklmnopqrstuvwxyzTKNPREDhex:0123456789_ \n\n\n";
  for (std::uint32_t seed = 1; seed <= 25; ++seed) {
    std::mt19937 rng(seed);
    const bool binary = seed % 5 == 0;
    std::string data(20000 + rng() % 60000, ' ');
    for (auto& c : data)
      c = binary ? static_cast<char>(rng() % 256) : alphabet[rng() % (sizeof alphabet - 1)];
    std::vector<std::string> planted;
    for (int k = 0; k < 40; ++k) {
      std::string s;
      switch (rng() % 3) {
      case 0: s = " TKN_" + github_style_token("", rng).substr(0, 20) + " "; break;
      case 1: s = "PRK" + std::to_string(10 + rng() % 90) + "\nEND07"; break;
      default: s = "hex:" + std::string("0123456789abcdef").substr(rng() % 8, 8 + rng() % 9);
      }
      const std::size_t at = rng() % (data.size() - s.size());
      data.replace(at, s.size(), s);
    }
    CAPTURE(seed);
    const auto whole = keys(scan_whole(scanner, data));
    CHECK(whole.size() >= 20);
    CHECK(keys(scan_chunked(scanner, data, seed)) == whole);
    CHECK(keys(scan_chunked(scanner, data, seed + 100, 3)) == whole);
    for (const auto& [line, column, rule, secret] : whole) {
      CHECK(line >= 1);
      CHECK(column >= 1);
      CHECK(column <= data.size());
    }
  }
}

TEST_CASE("a secret at the end of a 10 MB single line is at line 1, right column",
          "[blob_scan]") {
  auto set = compile_yaml(kRules);
  auto scanner = make_scanner(set, 1 << 20);
  const std::string token = "TKN_0123456789ABCDEFghij";
  std::string data(10 * 1024 * 1024, 'x');
  data.replace(data.size() - token.size() - 1, 1, " ");
  data.replace(data.size() - token.size(), token.size(), token);
  const std::uint64_t column = data.size() - token.size() + 1;
  for (const auto& got : {scan_whole(scanner, data), scan_chunked(scanner, data, 9, 1 << 20)}) {
    REQUIRE(got.size() == 1);
    CHECK(got[0].secret == token);
    CHECK(got[0].line == 1);
    CHECK(got[0].column == column);
  }
}

TEST_CASE("binary data with NUL bytes still yields embedded secrets", "[blob_scan]") {
  auto set = compile_yaml(kRules);
  auto scanner = make_scanner(set);
  std::mt19937 rng(77);
  std::string data(50000, '\0');
  for (auto& c : data) c = static_cast<char>(rng() % 4 == 0 ? rng() % 256 : 0);
  const std::string token = "TKN_binaryBINARY01234567";
  const std::size_t at = 33333;
  data.replace(at - 1, 1, std::string(1, '\0'));
  data.replace(at, token.size(), token);
  data[at + token.size()] = '\0';
  const auto [line, column] = line_col(data, at);
  for (const auto& got : {scan_whole(scanner, data), scan_chunked(scanner, data, 2)}) {
    std::vector<BlobMatch> ours;
    for (const auto& m : got)
      if (m.secret == token) ours.push_back(m);
    REQUIRE(ours.size() == 1);
    CHECK(ours[0].line == line);
    CHECK(ours[0].column == column);
  }
}

TEST_CASE("vigil:allow on a secret's own line suppresses it, and only it", "[blob_scan]") {
  auto set = compile_yaml(kRules);
  auto scanner = make_scanner(set);
  const std::string data =
      "a = 'TKN_aaaaaaaaaabbbbbb0001' # vigil:allow\n"
      "# vigil:allow applies to this line only\n"
      "b = 'TKN_aaaaaaaaaabbbbbb0002'\n"
      "c = 'TKN_aaaaaaaaaabbbbbb0003' // vigil:allow reviewed, fake\n"
      "d = hex:0123abcd vigil:allow\n";
  for (const auto& got : {scan_whole(scanner, data), scan_chunked(scanner, data, 4, 5)}) {
    REQUIRE(got.size() == 1);
    CHECK(got[0].secret == "TKN_aaaaaaaaaabbbbbb0002");
    CHECK(got[0].line == 3);
    CHECK(got[0].column == 6);
  }
}

TEST_CASE("empty and tiny blobs scan cleanly", "[blob_scan]") {
  auto set = compile_yaml(kRules);
  auto scanner = make_scanner(set);
  CHECK(scan_whole(scanner, std::string_view{}).empty());
  CHECK(scan_chunked(scanner, std::string_view{}, 1).empty());
  const auto one = scan_chunked(scanner, "hex:abcdef01", 1, 1);
  REQUIRE(one.size() == 1);
  CHECK(one[0].secret == "abcdef01");
  CHECK(one[0].column == 5);
}

TEST_CASE("a read error mid-blob keeps earlier matches and returns the error", "[blob_scan]") {
  auto set = compile_yaml(kRules);
  auto scanner = make_scanner(set);
  std::string data = filler(200000, 21);
  data.replace(100, 26, " TKN_firstFIRST0123456789 ");
  data.replace(150000, 26, " TKN_afterAFTER0123456789 ");
  const std::size_t fail_at = 120000;
  std::size_t pos = 0;
  ReadFn failing = [&](char* buf, std::size_t cap) -> vigil::detectors::Result<std::size_t> {
    if (pos >= fail_at) return vigil::detectors::Error{"blob.bin: read failed: I/O error"};
    const std::size_t n = std::min({cap, std::size_t{3000}, fail_at - pos});
    std::copy_n(data.data() + pos, n, buf);
    pos += n;
    return n;
  };
  std::vector<BlobMatch> out;
  auto ok = scanner.scan(failing, out);
  REQUIRE_FALSE(ok.ok());
  CHECK(ok.error().message == "blob.bin: read failed: I/O error");
  REQUIRE(out.size() == 1);
  CHECK(out[0].secret == "TKN_firstFIRST0123456789");
  CHECK(out[0].line == line_col(data, 101).first);
}

TEST_CASE("regression: bytes read before a read error are scanned, not dropped",
          "[blob_scan][regression]") {
  // The error comes before the first chunk is full: everything read so far is still scanned.
  auto set = compile_yaml(kRules);
  auto scanner = make_scanner(set, 1 << 20);
  const std::string data = "line one\nkey = TKN_beforeERROR012345678\n";
  bool served = false;
  ReadFn failing = [&](char* buf, std::size_t cap) -> vigil::detectors::Result<std::size_t> {
    if (served) return vigil::detectors::Error{"blob.bin: read failed"};
    served = true;
    const std::size_t n = std::min(cap, data.size());
    std::copy_n(data.data(), n, buf);
    return n;
  };
  std::vector<BlobMatch> out;
  auto ok = scanner.scan(failing, out);
  CHECK_FALSE(ok.ok());
  REQUIRE(out.size() == 1);
  CHECK(out[0].secret == "TKN_beforeERROR012345678");
  CHECK(out[0].line == 2);
  CHECK(out[0].column == 7);
}

TEST_CASE("regression: an in-memory blob over 4 GiB is scanned to its end, not truncated",
          "[blob_scan][regression]") {
  // Untouched pages of an anonymous mapping read as zeros without using memory.
  const std::size_t size = (std::size_t{1} << 32) + (std::size_t{1} << 20);
  void* mem = ::mmap(nullptr, size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mem == MAP_FAILED) {
    WARN("cannot map 4 GiB of address space; skipped");
    return;
  }
  struct Unmap {
    void* p;
    std::size_t n;
    ~Unmap() { ::munmap(p, n); }
  } unmap{mem, size};
  char* data = static_cast<char*>(mem);
  const std::string token = "TKN_pastFourGiB012345678";
  const std::size_t at = size - 1000; // beyond what a 32-bit length would reach
  std::memcpy(data + at, token.data(), token.size());
  data[at - 2] = '\n';

  auto set = compile_yaml(kRules);
  auto scanner = make_scanner(set, 64 << 20);
  CollectSink direct;
  auto refused = scanner.matcher().scan(std::string_view(data, size), direct);
  CHECK_FALSE(refused.ok());

  std::vector<BlobMatch> out;
  auto ok = scanner.scan(std::string_view(data, size), out);
  INFO((ok ? "" : ok.error().message));
  REQUIRE(ok.ok());
  REQUIRE(out.size() == 1);
  CHECK(out[0].secret == token);
  CHECK(out[0].line == 2);
  CHECK(out[0].column == 2);
}

TEST_CASE("known limitation: chains of self-overlapping matches split differently at chunk edges",
          "[blob_scan][!shouldfail]") {
  // A rule with no left anchor over a long run ([A-Z]{8,16} on 100 capitals) collapses its
  // overlapping hits greedily from the run's start; a chunk that starts inside the run starts
  // the chain elsewhere, so whole and chunked scans report different pieces. Built-in rules are
  // anchored by keywords or \b and are not affected (the fuzz target checks them); this test
  // starts passing, and must lose its [!shouldfail] tag, once collapse is made chunk-local.
  auto set = compile_yaml(rule_yaml("demo.run", "[A-Z]{8,16}", "x", "y"));
  auto scanner = make_scanner(set);
  const std::size_t w = set->max_window();
  const std::size_t edge = 4 * w + 4096 - w;
  std::string data(3 * edge, ' ');
  for (std::size_t i = 0; i < 100; ++i) data[edge - 49 + i] = static_cast<char>('A' + i % 26);
  CHECK(keys(scan_chunked(scanner, data, 1, 1 << 20)) == keys(scan_whole(scanner, data)));
}
