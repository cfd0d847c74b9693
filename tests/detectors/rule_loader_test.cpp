// Rule loading: every error path of parse_rules / load_rules_path / check_rule_fields names
// `file:rule-id` and the reason; good files load deterministically.
#include "engine_fixtures.hpp"

#include <fstream>

using namespace vigil::engine_test;

namespace {

std::string parse_error(const std::string& yaml) {
  auto rules = parse_rules(yaml, "bad.yml");
  REQUIRE_FALSE(rules.ok());
  return rules.error().message;
}

std::string one_rule(const std::string& extra_lines) {
  return "rules:\n  - id: demo.one\n    name: Demo\n    pattern: 'tok_[a-z]{8}'\n" + extra_lines;
}

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

} // namespace

TEST_CASE("a well-formed rule loads with every field", "[rule_loader]") {
  auto rules = parse_rules(R"(rules:
  - id: demo.full
    name: Demo full
    pattern: 'tok_(?P<secret>[a-z0-9]{16})'
    min_entropy: 2.5
    confidence: high
    checksum: base62-crc32
    categories: [api-token]
    references: ['https://example.invalid/docs']
    description: A rule with everything.
    examples: ['tok_abcdefgh01234567']
    negative_examples: ['tok_short']
    verify:
      url: 'https://api.example.invalid/user'
      status: 200
      strict: true
      code: '401'
      headers: {Authorization: 'Bearer {{secret}}'}
)",
                           "full.yml");
  INFO((rules ? "" : rules.error().message));
  REQUIRE(rules.ok());
  REQUIRE(rules.value().size() == 1);
  const Rule& r = rules.value()[0];
  CHECK(r.id == "demo.full");
  CHECK(r.name == "Demo full");
  CHECK(r.min_entropy == Approx(2.5));
  CHECK(r.confidence == Confidence::high);
  CHECK(r.checksum == "base62-crc32");
  CHECK(r.categories == std::vector<std::string>{"api-token"});
  CHECK(r.examples.size() == 1);
  CHECK(r.negative_examples.size() == 1);
  CHECK(r.source == "full.yml");
  // Plain scalars that read as numbers/booleans keep their type; quoted ones stay strings.
  CHECK(r.verify_json.find("\"status\":200") != std::string::npos);
  CHECK(r.verify_json.find("\"strict\":true") != std::string::npos);
  CHECK(r.verify_json.find("\"code\":\"401\"") != std::string::npos);
  CHECK(r.verify_json.find("\"Authorization\":\"Bearer {{secret}}\"") != std::string::npos);
  CHECK(to_string(Confidence::low) == "low");
  CHECK(to_string(Confidence::medium) == "medium");
}

TEST_CASE("YAML syntax errors name the file, line and column", "[rule_loader]") {
  const auto msg = parse_error("rules:\n  - id: demo.one\n    name: [unclosed\n");
  CHECK_THAT(msg, Catch::StartsWith("bad.yml: YAML error at line"));
  CHECK_THAT(msg, Catch::Contains("column"));
}

TEST_CASE("a file without a top-level rules list is rejected", "[rule_loader]") {
  for (const char* text : {"", "rules: 3\n", "- id: a.b\n", "other: []\n"}) {
    CAPTURE(text);
    CHECK_THAT(parse_error(text), Catch::Contains("bad.yml: expected a top-level 'rules:' list"));
  }
}

TEST_CASE("every rule-level error names file:rule-id and the reason", "[rule_loader]") {
  struct Case {
    std::string yaml;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"rules:\n  - just a string\n", "bad.yml:<no id>: each rule must be a mapping"},
      {one_rule("    patern: 'x'\n"), "bad.yml:demo.one: unknown key 'patern'"},
      {"rules:\n  - name: Demo\n    pattern: 'x'\n", "bad.yml:<no id>: missing 'id'"},
      {"rules:\n  - id: [a, b]\n    name: Demo\n", "bad.yml:<no id>: missing 'id'"},
      {"rules:\n  - id: demo.one\n    pattern: 'x'\n", "bad.yml:demo.one: missing 'name'"},
      {"rules:\n  - id: demo.one\n    name: Demo\n", "bad.yml:demo.one: missing 'pattern'"},
      {one_rule("    min_entropy: lots\n"), "bad.yml:demo.one: 'min_entropy' must be a number"},
      {one_rule("    min_entropy: 9\n"), "bad.yml:demo.one: 'min_entropy' must be between 0 and 8"},
      {one_rule("    min_entropy: -1\n"), "bad.yml:demo.one: 'min_entropy' must be between 0 and 8"},
      {one_rule("    confidence: certain\n"),
       "bad.yml:demo.one: 'confidence' must be low, medium or high"},
      {one_rule("    examples: 'not a list'\n"),
       "bad.yml:demo.one: 'examples' must be a list of strings"},
      {one_rule("    negative_examples: [[nested]]\n"),
       "bad.yml:demo.one: 'negative_examples' must be a list of strings"},
      {one_rule("    references: {a: b}\n"),
       "bad.yml:demo.one: 'references' must be a list of strings"},
      {one_rule("    categories: [{a: b}]\n"),
       "bad.yml:demo.one: 'categories' must be a list of strings"},
      {one_rule("    checksum: luhn-ish\n"), "bad.yml:demo.one: unknown checksum 'luhn-ish'"},
      {one_rule("    verify: 'GET /'\n"), "bad.yml:demo.one: 'verify' must be a mapping"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.yaml);
    CHECK_THAT(parse_error(c.yaml), Catch::StartsWith(c.expected));
  }
}

TEST_CASE("regression: min_entropy NaN is rejected instead of disabling the gate",
          "[rule_loader][regression]") {
  CHECK_THAT(parse_error(one_rule("    min_entropy: .nan\n")),
             Catch::Contains("bad.yml:demo.one: 'min_entropy' must be between 0 and 8"));
}

TEST_CASE("check_rule_fields rejects bad ids, duplicates and missing examples", "[rule_loader]") {
  auto base = [] {
    Rule r;
    r.id = "demo.one";
    r.name = "Demo";
    r.pattern = "tok_[a-z]{8}";
    r.examples = {"tok_abcdefgh"};
    r.negative_examples = {"tok_abc"};
    r.source = "set.yml";
    return r;
  };
  REQUIRE(check_rule_fields({base()}).ok());

  SECTION("zero rules") {
    auto res = check_rule_fields({});
    REQUIRE_FALSE(res.ok());
    CHECK_THAT(res.error().message, Catch::Contains("no rules"));
  }
  SECTION("malformed ids") {
    for (const char* id : {"", "single", "Upper.case", "double..dot", ".lead", "trail.",
                           "sp ace.x", "semi;colon.x"}) {
      auto r = base();
      r.id = id;
      auto res = check_rule_fields({r});
      CAPTURE(id);
      REQUIRE_FALSE(res.ok());
      CHECK_THAT(res.error().message, Catch::StartsWith("set.yml:"));
      CHECK_THAT(res.error().message, Catch::Contains("id must be lower-case dotted"));
    }
  }
  SECTION("duplicate id names the second rule's file") {
    auto a = base();
    auto b = base();
    b.source = "other.yml";
    auto res = check_rule_fields({a, b});
    REQUIRE_FALSE(res.ok());
    CHECK(res.error().message == "other.yml:demo.one: duplicate rule id");
  }
  SECTION("missing examples") {
    auto r = base();
    r.examples.clear();
    auto res = check_rule_fields({r});
    REQUIRE_FALSE(res.ok());
    CHECK_THAT(res.error().message, Catch::StartsWith("set.yml:demo.one: needs at least one example"));
  }
  SECTION("missing negative examples") {
    auto r = base();
    r.negative_examples.clear();
    auto res = check_rule_fields({r});
    REQUIRE_FALSE(res.ok());
    CHECK_THAT(res.error().message,
               Catch::StartsWith("set.yml:demo.one: needs at least one negative example"));
  }
  SECTION("empty name or pattern") {
    auto r = base();
    r.name.clear();
    CHECK_THAT(check_rule_fields({r}).error().message, Catch::Contains("demo.one: empty name"));
    r = base();
    r.pattern.clear();
    CHECK_THAT(check_rule_fields({r}).error().message, Catch::Contains("demo.one: empty pattern"));
  }
}

TEST_CASE("load_rules_path reads a file or a folder, sorted, and reports what failed",
          "[rule_loader]") {
  TempDir dir;
  const auto rule = [](const std::string& id) {
    return "rules:\n" + rule_yaml(id, "tok_[a-z]{8}", "tok_abcdefgh", "tok_abc");
  };
  write_file(dir.path() / "b.yml", rule("demo.b"));
  write_file(dir.path() / "a.yaml", rule("demo.a"));
  write_file(dir.path() / "nested" / "c.yml", rule("demo.c"));
  write_file(dir.path() / "notes.txt", "rules: not yaml rules at all");

  auto folder = load_rules_path(dir.path());
  INFO((folder ? "" : folder.error().message));
  REQUIRE(folder.ok());
  std::vector<std::string> ids;
  for (const auto& r : folder.value()) ids.push_back(r.id);
  CHECK(ids == std::vector<std::string>{"demo.a", "demo.b", "demo.c"});
  CHECK(folder.value()[2].source == (dir.path() / "nested" / "c.yml").string());

  auto file = load_rules_path(dir.path() / "b.yml");
  REQUIRE(file.ok());
  CHECK(file.value().size() == 1);

  auto missing = load_rules_path(dir.path() / "nope.yml");
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.error().message, Catch::Contains("nope.yml: no such rule file or folder"));

  TempDir empty;
  write_file(empty.path() / "readme.md", "nothing here");
  auto none = load_rules_path(empty.path());
  REQUIRE_FALSE(none.ok());
  CHECK_THAT(none.error().message, Catch::Contains("no rules found"));

  write_file(dir.path() / "z_broken.yml", "rules:\n  - id: demo.z\n    name: Z\n    typo: 1\n");
  auto broken = load_rules_path(dir.path());
  REQUIRE_FALSE(broken.ok());
  CHECK_THAT(broken.error().message, Catch::Contains("z_broken.yml:demo.z: unknown key 'typo'"));
}
