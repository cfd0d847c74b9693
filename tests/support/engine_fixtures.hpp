// Helpers for detection-engine tests: compile a small rule set from YAML text written in the
// test, collect matches, make temporary folders, and build checksummed GitHub-style tokens.
#pragma once

#include "vigil/detectors/matcher.hpp"
#include "vigil/detectors/rule_check.hpp"
#include "vigil/detectors/rule_loader.hpp"
#include "vigil/detectors/rule_set.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::engine_test {

using namespace vigil::detectors;

/// YAML text of one rule with the fields check_rule_fields requires; `extra` adds lines
/// (indented by four spaces, e.g. "    min_entropy: 3").
inline std::string rule_yaml(const std::string& id, const std::string& pattern,
                             const std::string& example, const std::string& negative,
                             const std::string& extra = "") {
  return "  - id: " + id + "\n    name: Test rule " + id + "\n    pattern: '" + pattern +
         "'\n    examples: ['" + example + "']\n    negative_examples: ['" + negative + "']\n" +
         extra;
}

/// Parses and compiles `rules:` YAML written in a test; fails the test on any error.
inline std::shared_ptr<const RuleSet> compile_yaml(const std::string& body,
                                                   const CompileOptions& options = {}) {
  auto rules = parse_rules("rules:\n" + body, "test.yml");
  INFO((rules ? std::string() : rules.error().message));
  REQUIRE(rules.ok());
  auto set = RuleSet::compile(std::move(rules.value()), options);
  INFO((set ? std::string() : set.error().message));
  REQUIRE(set.ok());
  return set.value();
}

/// The error message of compiling `body`, which the test expects to fail.
inline std::string compile_error(const std::string& body) {
  auto rules = parse_rules("rules:\n" + body, "test.yml");
  if (!rules) return rules.error().message;
  auto set = RuleSet::compile(std::move(rules.value()));
  REQUIRE_FALSE(set.ok());
  return set.error().message;
}

/// Collects every match pushed by Matcher::scan.
struct CollectSink : MatchSink {
  std::vector<Match> matches;
  void on_match(const Match& m) override { matches.push_back(m); }
};

/// Scans `data` whole with a fresh matcher and returns the matches.
/// Every match in `data`; with `cross_rule_dedup` off, each rule reports on its own.
inline std::vector<Match> scan_all(const std::shared_ptr<const RuleSet>& set,
                                   std::string_view data, bool cross_rule_dedup = true) {
  auto matcher = Matcher::create(set);
  REQUIRE(matcher.ok());
  matcher.value().set_cross_rule_dedup(cross_rule_dedup);
  CollectSink sink;
  auto ok = matcher.value().scan(data, sink);
  INFO((ok ? std::string() : ok.error().message));
  REQUIRE(ok.ok());
  return sink.matches;
}

/// A folder under the system temp dir, removed with everything in it at scope exit.
class TempDir {
public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("vigil-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
};

/// CRC-32 (IEEE, reflected), bit by bit: written apart from the engine's table version.
inline std::uint32_t crc32_bitwise(std::string_view bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    crc ^= b;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

/// `prefix` + 30 random base62 characters + 6 base62 digits of their CRC-32, zero-padded.
inline std::string github_style_token(const std::string& prefix, std::mt19937& rng) {
  static constexpr char digits[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string body;
  for (int i = 0; i < 30; ++i) body.push_back(digits[rng() % 62]);
  std::uint32_t crc = crc32_bitwise(body);
  std::string tail(6, '0');
  for (int i = 5; i >= 0; --i, crc /= 62) tail[static_cast<std::size_t>(i)] = digits[crc % 62];
  return prefix + body + tail;
}

} // namespace vigil::engine_test
