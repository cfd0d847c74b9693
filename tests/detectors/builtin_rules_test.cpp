// The built-in rules: every file under detectors/rules is embedded, every rule loads, they
// compile into one database, and every example and negative example holds.
#include "engine_fixtures.hpp"

#include "vigil/detectors/builtin_rules.hpp"

#include <set>

using namespace vigil::engine_test;

namespace {

std::vector<Rule> load_builtins() {
  auto rules = builtin_rules();
  INFO((rules ? "" : rules.error().message));
  REQUIRE(rules.ok());
  return std::move(rules.value());
}

// Compiling every built-in rule takes seconds; the tests share one compiled set.
std::shared_ptr<const RuleSet> builtin_set() {
  static const auto set = [] {
    auto compiled = RuleSet::compile(load_builtins());
    INFO((compiled ? "" : compiled.error().message));
    REQUIRE(compiled.ok());
    return compiled.value();
  }();
  return set;
}

} // namespace

TEST_CASE("every rule file in detectors/rules is embedded, sorted", "[builtin]") {
  std::set<std::string> on_disk;
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::path(VIGIL_SOURCE_DIR) / "detectors" /
                                           "rules"))
    if (e.path().extension() == ".yml") on_disk.insert(e.path().filename().string());
  std::vector<std::string> embedded;
  for (const auto& f : embedded_rule_files()) embedded.emplace_back(f.name);
  CHECK(std::is_sorted(embedded.begin(), embedded.end()));
  CHECK(std::set<std::string>(embedded.begin(), embedded.end()) == on_disk);
}

TEST_CASE("the built-in rules load and pass the field checks", "[builtin]") {
  const auto rules = load_builtins();
  REQUIRE_FALSE(rules.empty());
  auto fields = check_rule_fields(rules);
  INFO((fields ? "" : fields.error().message));
  CHECK(fields.ok());
  std::vector<std::string> no_reference;
  for (const auto& r : rules) {
    CHECK_THAT(r.source, Catch::StartsWith("builtin:"));
    if (r.references.empty()) no_reference.push_back(r.id);
  }
  // Rules are written from the provider's documented format; each names where.
  INFO("rules without a reference: " << Catch::Detail::stringify(no_reference));
  CHECK(no_reference.empty());
}

TEST_CASE("the built-in rules compile into one database", "[builtin]") {
  const auto set = builtin_set();
  CHECK(set->rules().size() == load_builtins().size());
  CHECK(set->max_window() > 0);
  CHECK(set->max_window() <= 64 * 1024);
}

TEST_CASE("every built-in example matches and no negative example does", "[builtin]") {
  const auto problems = check_rule_examples(*builtin_set());
  std::set<std::string> failing;
  std::string details;
  for (const auto& p : problems) {
    failing.insert(p.rule_id);
    details += "\n  " + p.message;
  }
  INFO("failing rules: " << Catch::Detail::stringify(failing) << details);
  CHECK(problems.empty());
}

TEST_CASE("built-in examples are found with their own rule inside surrounding text",
          "[builtin]") {
  // An example must still be found when it sits in a line of code and in a larger file,
  // not only as the whole buffer. Each rule is judged on its own (cross-rule dedup off), as
  // `rules check` does: a provider rule may rightly take over a generic rule's example.
  const auto set = builtin_set();
  const auto& rules = set->rules();
  std::vector<std::string> failing;
  for (std::uint32_t i = 0; i < rules.size(); ++i) {
    for (const auto& example : rules[i].examples) {
      const std::string text = "# config\n\n" + example + "\n\nother = 1\n";
      bool hit = false;
      for (const auto& m : scan_all(set, text, false)) hit = hit || m.rule == i;
      if (!hit) failing.push_back(rules[i].id);
    }
  }
  INFO("rules whose examples are lost in context: " << Catch::Detail::stringify(failing));
  CHECK(failing.empty());
}
