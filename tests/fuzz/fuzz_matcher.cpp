// Fuzz target: the built-in rules over the input scanned whole and read in chunks must give the
// same matches at the same lines and columns. The input is also placed across a chunk edge.
#include "vigil/detectors/matcher.hpp"
#include "vigil/detectors/rule_loader.hpp"
#include "vigil/detectors/rule_set.hpp"
#include "vigil/scanner/blob_scan.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

namespace {

using namespace vigil;
using Key = std::tuple<std::uint64_t, std::uint64_t, std::uint32_t, std::string>;

struct Engine {
  std::size_t window = 0;
  std::size_t chunk = 0;
  std::unique_ptr<scanner::BlobScanner> blobs;
};

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "fuzz_matcher: %s\n", why.c_str());
  std::abort();
}

Engine& engine() {
  static Engine e = [] {
    auto rules = detectors::builtin_rules();
    if (!rules) die(rules.error().message);
    // The cache keeps repeated replays fast; a damaged cache is rebuilt, never trusted.
    auto set = detectors::RuleSet::compile(std::move(rules.value()),
                                           detectors::CompileOptions{detectors::default_cache_dir()});
    if (!set) die(set.error().message);
    auto matcher = detectors::Matcher::create(set.value());
    if (!matcher) die(matcher.error().message);
    Engine out;
    out.window = set.value()->max_window();
    out.chunk = 4 * out.window + 4096; // the smallest chunk BlobScanner allows
    out.blobs = std::make_unique<scanner::BlobScanner>(std::move(matcher.value()), 1);
    return out;
  }();
  return e;
}

std::vector<Key> keys(const std::vector<scanner::BlobMatch>& matches) {
  std::vector<Key> out;
  for (const auto& m : matches) out.emplace_back(m.line, m.column, m.rule, m.secret);
  std::sort(out.begin(), out.end());
  return out;
}

void compare(std::string_view data, std::size_t piece) {
  auto& e = engine();
  std::vector<scanner::BlobMatch> whole, chunked;
  if (!e.blobs->scan(data, whole)) die("whole scan failed");
  std::size_t pos = 0;
  const scanner::ReadFn read = [&](char* buf, std::size_t cap) -> detectors::Result<std::size_t> {
    const std::size_t n = std::min({cap, piece, data.size() - pos});
    std::memcpy(buf, data.data() + pos, n);
    pos += n;
    return n;
  };
  if (!e.blobs->scan(read, chunked)) die("chunked scan failed");
  const auto a = keys(whole), b = keys(chunked);
  if (a == b) return;
  std::fprintf(stderr, "whole and chunked scans disagree (%zu vs %zu matches, size %zu):\n",
               a.size(), b.size(), data.size());
  for (const auto& [label, list] : {std::pair{"whole", &a}, std::pair{"chunked", &b}})
    for (const auto& [line, column, rule, secret] : *list)
      std::fprintf(stderr, "  %s: rule %u line %llu column %llu length %zu\n", label, rule,
                   static_cast<unsigned long long>(line), static_cast<unsigned long long>(column),
                   secret.size());
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  compare(input, size % 4093 + 1);
  // Slide the input across the first chunk edge (chunk - window), where chunked scans keep
  // 2 x window of overlap, with neutral padding around it.
  auto& e = engine();
  const std::size_t edge = e.chunk - e.window;
  for (std::size_t shift : {std::size_t{0}, size / 2, size, e.window, 2 * e.window}) {
    const std::size_t lead = edge > shift ? edge - shift : 0;
    std::string padded(lead, ' ');
    padded.append(input);
    padded.append(2 * e.window, ' ');
    compare(padded, 1 << 20);
  }
  return 0;
}
