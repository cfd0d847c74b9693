// `vigil rules list|check` (see rules_command.hpp).
#include "rules_command.hpp"

#include "exit_codes.hpp"
#include "vigil/detectors/rule_check.hpp"
#include "vigil/detectors/rule_loader.hpp"

#include <fmt/core.h>

namespace vigil::cli {

detectors::Result<std::shared_ptr<const detectors::RuleSet>> load_rule_set(const RuleOptions& o) {
  std::vector<detectors::Rule> rules;
  if (o.builtin) {
    auto builtin = detectors::builtin_rules();
    if (!builtin) return builtin.error();
    rules = std::move(builtin.value());
  }
  for (const auto& path : o.rule_paths) {
    auto loaded = detectors::load_rules_path(path);
    if (!loaded) return loaded.error();
    for (auto& r : loaded.value()) rules.push_back(std::move(r));
  }
  detectors::CompileOptions compile;
  if (o.use_cache) compile.cache_dir = detectors::default_cache_dir();
  return detectors::RuleSet::compile(std::move(rules), compile);
}

int run_rules_list(const RuleOptions& options) {
  auto set = load_rule_set(options);
  if (!set) {
    fmt::print(stderr, "vigil: {}\n", set.error().message);
    return kExitError;
  }
  for (const auto& r : set.value()->rules())
    fmt::print("{:<40} {:<6} {}\n", r.id, detectors::to_string(r.confidence), r.name);
  return kExitOk;
}

int run_rules_check(const RuleOptions& options) {
  auto set = load_rule_set(options);
  if (!set) {
    fmt::print(stderr, "vigil: {}\n", set.error().message);
    return kExitError;
  }
  const auto problems = detectors::check_rule_examples(*set.value());
  for (const auto& p : problems) fmt::print(stderr, "{}\n", p.message);
  std::size_t examples = 0, negatives = 0;
  for (const auto& r : set.value()->rules()) {
    examples += r.examples.size();
    negatives += r.negative_examples.size();
  }
  fmt::print("{} rules, {} examples, {} negative examples: {}\n", set.value()->rules().size(),
             examples, negatives, problems.empty() ? "all good" : fmt::format("{} problems", problems.size()));
  return problems.empty() ? kExitOk : kExitError;
}

} // namespace vigil::cli
