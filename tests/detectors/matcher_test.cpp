// Matcher: secret extraction (named group, group 1, whole match), named captures, collapse of
// overlapping hits, entropy and checksum gates, \b at buffer edges, report windows, threads.
#include "engine_fixtures.hpp"

#include <thread>

using namespace vigil::engine_test;

namespace {

std::string secret_of(std::string_view data, const Match& m) {
  return std::string(data.substr(m.secret_begin, m.secret_end - m.secret_begin));
}

std::string whole_of(std::string_view data, const Match& m) {
  return std::string(data.substr(m.begin, m.end - m.begin));
}

} // namespace

TEST_CASE("the secret is the named group, else group 1, else the whole match", "[matcher]") {
  auto set = compile_yaml(
      rule_yaml("demo.named", "(?P<kind>ak|sk)_(?P<secret>[0-9a-f]{8})_end", "x", "y") +
      rule_yaml("demo.group1", "key=([a-z0-9]{8});", "x", "y") +
      rule_yaml("demo.whole", "tok_[A-Z]{6}", "x", "y"));
  const std::string text = "ak_0123abcd_end key=zz99yy88; tok_QWERTY";
  const auto m = scan_all(set, text);
  REQUIRE(m.size() == 3);
  CHECK(m[0].rule == 0);
  CHECK(secret_of(text, m[0]) == "0123abcd");
  CHECK(whole_of(text, m[0]) == "ak_0123abcd_end");
  REQUIRE(m[0].captures.size() == 1);
  CHECK(m[0].captures[0].name == "kind");
  CHECK(text.substr(m[0].captures[0].begin, m[0].captures[0].end - m[0].captures[0].begin) == "ak");
  CHECK(m[1].rule == 1);
  CHECK(secret_of(text, m[1]) == "zz99yy88");
  CHECK(m[1].captures.empty());
  CHECK(m[2].rule == 2);
  CHECK(secret_of(text, m[2]) == "tok_QWERTY");
  CHECK(m[2].begin == text.size() - 10);
}

TEST_CASE("named captures beside the secret are reported by name", "[matcher]") {
  auto set = compile_yaml(rule_yaml(
      "demo.pair", "(?P<id>AKX[0-9A-Z]{8})[ :=]{1,3}(?P<secret>[a-zA-Z0-9/+]{20})", "x", "y"));
  const std::string text = "creds: AKX12AB34CD = abcdEFGH0123/+ijklmn\n";
  const auto m = scan_all(set, text);
  REQUIRE(m.size() == 1);
  CHECK(secret_of(text, m[0]) == "abcdEFGH0123/+ijklmn");
  REQUIRE(m[0].captures.size() == 1);
  CHECK(m[0].captures[0].name == "id");
  CHECK(text.substr(m[0].captures[0].begin, 11) == "AKX12AB34CD");
}

TEST_CASE("overlapping hits of one rule collapse into one match", "[matcher]") {
  SECTION("a variable-length run gives one longest match") {
    auto set = compile_yaml(rule_yaml("demo.hex", "hex:[a-f0-9]{8,32}", "x", "y"));
    const std::string text = "hex:0123456789abcdef0123 rest";
    const auto m = scan_all(set, text);
    REQUIRE(m.size() == 1);
    CHECK(secret_of(text, m[0]) == "hex:0123456789abcdef0123");
  }
  SECTION("a prefix repeated inside a match does not split it") {
    auto set = compile_yaml(rule_yaml("demo.key", "key_[a-z_]{4,24}", "x", "y"));
    const std::string text = "key_abc_key_defghij;";
    const auto m = scan_all(set, text);
    REQUIRE(m.size() == 1);
    CHECK(secret_of(text, m[0]) == "key_abc_key_defghij");
  }
  SECTION("separate tokens stay separate, in order") {
    auto set = compile_yaml(rule_yaml("demo.hex", "hex:[a-f0-9]{8,32}", "x", "y"));
    const std::string text = "hex:aaaabbbb hex:ccccdddd\nhex:eeeeffff";
    const auto m = scan_all(set, text);
    REQUIRE(m.size() == 3);
    CHECK(secret_of(text, m[0]) == "hex:aaaabbbb");
    CHECK(secret_of(text, m[1]) == "hex:ccccdddd");
    CHECK(secret_of(text, m[2]) == "hex:eeeeffff");
  }
  SECTION("with cross-rule dedup off, two rules on the same text each report once, ordered "
          "by position then rule") {
    auto set = compile_yaml(rule_yaml("demo.generic", "[a-f0-9]{16}", "x", "y") +
                            rule_yaml("demo.specific", "id=([a-f0-9]{16})", "x", "y"));
    const std::string text = "id=0123456789abcdef";
    const auto m = scan_all(set, text, false);
    REQUIRE(m.size() == 2);
    CHECK(m[0].rule == 0);
    CHECK(m[1].rule == 1);
    CHECK(secret_of(text, m[0]) == secret_of(text, m[1]));
  }
}

TEST_CASE("a secret claimed by several rules is reported by the most specific one",
          "[matcher]") {
  const std::string text = "id=0123456789abcdef";
  SECTION("equal standing: the match carrying more context wins") {
    auto set = compile_yaml(rule_yaml("demo.bare", "[a-f0-9]{16}", "x", "y") +
                            rule_yaml("demo.keyed", "id=([a-f0-9]{16})", "x", "y"));
    const auto m = scan_all(set, text);
    REQUIRE(m.size() == 1);
    CHECK(m[0].rule == 1);
  }
  SECTION("higher confidence wins over more context") {
    auto set = compile_yaml(
        rule_yaml("demo.bare", "[a-f0-9]{16}", "x", "y", "    confidence: high\n") +
        rule_yaml("demo.keyed", "id=([a-f0-9]{16})", "x", "y", "    confidence: low\n"));
    const auto m = scan_all(set, text);
    REQUIRE(m.size() == 1);
    CHECK(m[0].rule == 0);
  }
  SECTION("a provider rule wins over a generic one whatever the confidence") {
    auto set = compile_yaml(
        rule_yaml("demo.bare", "[a-f0-9]{16}", "x", "y", "    confidence: low\n") +
        rule_yaml("demo.keyed", "id=([a-f0-9]{16})", "x", "y",
                  "    confidence: high\n    categories: [generic]\n"));
    const auto m = scan_all(set, text);
    REQUIRE(m.size() == 1);
    CHECK(m[0].rule == 0);
  }
  SECTION("secrets that only overlap, neither inside the other, are both kept") {
    auto set = compile_yaml(rule_yaml("demo.left", "id=([a-f0-9]{10})", "x", "y") +
                            rule_yaml("demo.right", "([a-f0-9]{10})\\b", "x", "y"));
    CHECK(scan_all(set, text).size() == 2);
  }
}

TEST_CASE("the entropy gate drops low-randomness secrets", "[matcher]") {
  auto set = compile_yaml(
      rule_yaml("demo.ent", "tok=(?P<secret>[A-Za-z0-9]{24})", "x", "y", "    min_entropy: 3.5\n"));
  CHECK(scan_all(set, "tok=aaaaaaaaaaaaaaaaaaaaaaaa").empty());
  CHECK(scan_all(set, "tok=abababababababababababab").empty());
  CHECK(scan_all(set, "tok=abcdabcdabcdabcdabcdabcd").empty()); // 2 bits
  CHECK(scan_all(set, "tok=Q8vZ2kLmP4xR7tYw1NcB5hJd").size() == 1);
}

TEST_CASE("the checksum gate keeps only GitHub-style tokens with a valid CRC32 tail",
          "[matcher]") {
  auto set = compile_yaml(rule_yaml("demo.gh", "\\b(?P<secret>ghx_[A-Za-z0-9]{36})\\b", "x", "y",
                                    "    checksum: base62-crc32\n"));
  std::mt19937 rng(1234);
  for (int i = 0; i < 50; ++i) {
    const auto token = github_style_token("ghx_", rng);
    const std::string text = "token: " + token + "\n";
    const auto m = scan_all(set, text);
    REQUIRE(m.size() == 1);
    CHECK(secret_of(text, m[0]) == token);
    // Any change to the body or the tail breaks the checksum.
    for (std::size_t at : {std::size_t{4}, std::size_t{20}, token.size() - 1}) {
      auto bad = token;
      bad[at] = bad[at] == 'A' ? 'B' : 'A';
      CHECK(scan_all(set, "token: " + bad + "\n").empty());
    }
  }
}

TEST_CASE("\\b is honoured at both buffer edges and next to word characters", "[matcher]") {
  auto set = compile_yaml(rule_yaml("demo.b", "\\bAKID[0-9]{8}\\b", "x", "y"));
  const std::string token = "AKID12345678";
  CHECK(scan_all(set, token).size() == 1);            // both edges are buffer edges
  CHECK(scan_all(set, token + "\n").size() == 1);
  CHECK(scan_all(set, "=" + token).size() == 1);
  CHECK(scan_all(set, "x" + token).empty());          // word character before
  CHECK(scan_all(set, token + "9").empty());          // word character after
  CHECK(scan_all(set, "_" + token + " ").empty());    // '_' is a word character
  CHECK(scan_all(set, "AKID1234567").empty());        // cut short by the buffer end

  // A window of the rule's width before the hit keeps the text before the match visible.
  const std::string padded = std::string(100, 'z') + token;
  CHECK(scan_all(set, padded).empty());
  const std::string spaced = std::string(100, 'z') + " " + token;
  CHECK(scan_all(set, spaced).size() == 1);
}

TEST_CASE("only matches ending inside (report_from, report_until] are pushed", "[matcher]") {
  auto set = compile_yaml(rule_yaml("demo.t", "tok_[0-9]{4}", "x", "y"));
  const std::string text = "tok_1111 tok_2222 tok_3333"; // ends at 8, 17, 26
  auto matcher = Matcher::create(set);
  REQUIRE(matcher.ok());
  auto run = [&](std::size_t from, std::size_t until) {
    CollectSink sink;
    REQUIRE(matcher.value().scan(text, from, until, sink).ok());
    std::vector<std::size_t> ends;
    for (const auto& m : sink.matches) ends.push_back(m.end);
    return ends;
  };
  CHECK(run(0, text.size()) == std::vector<std::size_t>{8, 17, 26});
  CHECK(run(8, 17) == std::vector<std::size_t>{17});
  CHECK(run(7, 16) == std::vector<std::size_t>{8});
  CHECK(run(17, 25).empty());
  CHECK(run(8, 26) == std::vector<std::size_t>{17, 26});
}

TEST_CASE("regression: scanning an empty buffer with a null data pointer succeeds",
          "[matcher][regression]") {
  auto set = compile_yaml(rule_yaml("demo.t", "tok_[0-9]{4}", "x", "y"));
  auto matcher = Matcher::create(set);
  REQUIRE(matcher.ok());
  CollectSink sink;
  auto ok = matcher.value().scan(std::string_view{}, sink);
  INFO((ok ? "" : ok.error().message));
  CHECK(ok.ok());
  CHECK(matcher.value().scan(std::string_view(""), sink).ok());
  CHECK(sink.matches.empty());
}

TEST_CASE("matchers on one shared rule set agree across threads", "[matcher]") {
  auto set = compile_yaml(rule_yaml("demo.t", "\\btok_[0-9a-z]{10}\\b", "x", "y") +
                          rule_yaml("demo.u", "(?P<secret>U[0-9]{6})", "x", "y"));
  std::string text;
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    text += (i % 3 ? " tok_" : " U") + std::to_string(1000000000 + rng() % 1000000000) + "\n";
  }
  const auto expected = scan_all(set, text).size();
  REQUIRE(expected > 1000);
  std::vector<std::size_t> counts(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < counts.size(); ++t)
    threads.emplace_back([&, t] {
      auto matcher = Matcher::create(set);
      if (!matcher) return;
      for (int round = 0; round < 5; ++round) {
        CollectSink sink;
        if (!matcher.value().scan(text, sink)) return;
        counts[t] = sink.matches.size();
      }
    });
  for (auto& th : threads) th.join();
  for (auto c : counts) CHECK(c == expected);
}
