// RuleSet::compile: patterns either engine rejects, unbounded or empty-matching patterns, zero
// rules and duplicate ids are errors naming the rule; good sets expose rules and max window.
#include "engine_fixtures.hpp"

using namespace vigil::engine_test;

namespace {

std::string one(const std::string& id, const std::string& pattern) {
  return rule_yaml(id, pattern, "x", "y");
}

} // namespace

TEST_CASE("a good set compiles, keeps rule order and measures the window", "[rule_set]") {
  auto set = compile_yaml(one("demo.short", "ab[0-9]{3,10}") +
                          one("demo.long", "\\bkey_[a-f0-9]{40}\\b"));
  REQUIRE(set->rules().size() == 2);
  CHECK(set->rules()[0].id == "demo.short");
  CHECK(set->rules()[1].id == "demo.long");
  CHECK(set->max_window() == 44);
  CHECK(set->origin() == DatabaseOrigin::compiled);
}

TEST_CASE("patterns Hyperscan rejects name the rule", "[rule_set]") {
  SECTION("look-behind") {
    const auto msg = compile_error(one("demo.ok", "tok_[a-z]{8}") +
                                   one("demo.lookbehind", "(?<=key=)[a-z]{8}"));
    CHECK_THAT(msg, Catch::StartsWith("test.yml:demo.lookbehind: "));
    CHECK_THAT(msg, Catch::Contains("Hyperscan"));
  }
  SECTION("back-reference") {
    const auto msg = compile_error(one("demo.backref", "(a|b)[a-z]{8}\\1"));
    CHECK_THAT(msg, Catch::StartsWith("test.yml:demo.backref: "));
    CHECK_THAT(msg, Catch::Contains("Hyperscan"));
  }
  SECTION("look-ahead") {
    const auto msg = compile_error(one("demo.lookahead", "[a-z]{8}(?=;)"));
    CHECK_THAT(msg, Catch::StartsWith("test.yml:demo.lookahead: "));
  }
}

TEST_CASE("patterns PCRE2 rejects (but Hyperscan takes) name the rule", "[rule_set]") {
  SECTION("class range from a class escape") {
    const auto msg = compile_error(one("demo.ok", "tok_[a-z]{8}") + one("demo.range", "[\\d-z]{8}"));
    CHECK_THAT(msg, Catch::StartsWith("test.yml:demo.range: PCRE2 rejects the pattern"));
  }
  SECTION("group name over 32 characters") {
    const auto msg =
        compile_error(one("demo.longname", "(?P<" + std::string(40, 'n') + ">[a-z]{8})"));
    CHECK_THAT(msg, Catch::StartsWith("test.yml:demo.longname: PCRE2 rejects the pattern"));
    CHECK_THAT(msg, Catch::Contains("too long"));
  }
}

TEST_CASE("unbounded, oversized and empty-matching patterns are rejected", "[rule_set]") {
  for (const char* pattern : {"tok_[a-z]+", "tok_.*", "tok_[a-z]{8,}", "(?:x[a-z]{1,30000}){3}"}) {
    CAPTURE(pattern);
    const auto msg = compile_error(one("demo.unbounded", pattern));
    CHECK_THAT(msg, Catch::StartsWith("test.yml:demo.unbounded: "));
    CHECK_THAT(msg, Catch::Contains("unbounded or over 64 KiB"));
  }
  // A single repeat this large is beyond Hyperscan itself; still an error naming the rule.
  CHECK_THAT(compile_error(one("demo.huge", "x[\\s\\S]{1,70000}")),
             Catch::StartsWith("test.yml:demo.huge: "));
  for (const char* pattern : {"[a-z]{0,8}", "(?:tok)?", "\\b"}) {
    CAPTURE(pattern);
    const auto msg = compile_error(one("demo.empty", pattern));
    CHECK_THAT(msg, Catch::StartsWith("test.yml:demo.empty: "));
  }
}

TEST_CASE("zero rules is an error", "[rule_set]") {
  auto set = RuleSet::compile({});
  REQUIRE_FALSE(set.ok());
  CHECK_THAT(set.error().message, Catch::Contains("no rules"));
}

TEST_CASE("duplicate ids across files are an error naming the duplicate", "[rule_set]") {
  auto a = parse_rules("rules:\n" + one("demo.same", "aa[0-9]{4}"), "a.yml");
  auto b = parse_rules("rules:\n" + one("demo.same", "bb[0-9]{4}"), "b.yml");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  auto rules = a.value();
  rules.push_back(b.value()[0]);
  auto set = RuleSet::compile(rules);
  REQUIRE_FALSE(set.ok());
  CHECK(set.error().message == "b.yml:demo.same: duplicate rule id");
}

TEST_CASE("missing examples surface at compile time with file:rule-id", "[rule_set]") {
  auto rules = parse_rules("rules:\n  - id: demo.noex\n    name: N\n    pattern: 'tok_[a-z]{8}'\n",
                           "noex.yml");
  REQUIRE(rules.ok());
  auto set = RuleSet::compile(rules.value());
  REQUIRE_FALSE(set.ok());
  CHECK_THAT(set.error().message, Catch::StartsWith("noex.yml:demo.noex: needs at least one example"));
}

TEST_CASE("check_rule_examples reports broken examples per rule", "[rule_set]") {
  auto set = compile_yaml(rule_yaml("demo.good", "tok_[a-z]{8}", "tok_abcdefgh", "tok_abc") +
                          rule_yaml("demo.bad", "key_[0-9]{8}", "key_1234", "key_12345678"));
  const auto problems = check_rule_examples(*set);
  REQUIRE(problems.size() == 2);
  for (const auto& p : problems) {
    CHECK(p.rule_id == "demo.bad");
    CHECK_THAT(p.message, Catch::StartsWith("test.yml:demo.bad: "));
  }
  CHECK_THAT(problems[0].message, Catch::Contains("example 1 does not match"));
  CHECK_THAT(problems[1].message, Catch::Contains("negative example 1 matches"));
}
