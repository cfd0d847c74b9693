// `vigil rules list|check` (see rules_command.hpp).
#include "rules_command.hpp"

#include "command.hpp"
#include "exit_codes.hpp"
#include "vigil/detectors/rule_check.hpp"
#include "vigil/detectors/rule_loader.hpp"
#include "vigil/verifiers/verify_check.hpp"

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
  auto problems = detectors::check_rule_examples(*set.value());
  for (auto& p : verifiers::check_verify_blocks(set.value()->rules()))
    problems.push_back({std::move(p.rule_id), std::move(p.message)});
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

void add_rule_options(CLI::App& command, RuleOptions& o) {
  command.add_option("--rules", o.rule_paths, "Rule file or folder to add (repeatable)");
  command.add_flag_callback("--no-builtin-rules", [&o] { o.builtin = false; },
                            "Use only the rules given with --rules");
  command.add_flag_callback("--no-cache", [&o] { o.use_cache = false; },
                            "Do not read or write the compiled rule cache");
}

void register_rules_commands(CLI::App& app, CommandRegistry& registry) {
  auto options = std::make_shared<RuleOptions>();
  auto files = std::make_shared<std::vector<std::string>>();
  auto* rules = app.add_subcommand("rules", "List or check detection rules");
  rules->require_subcommand(1);
  auto* list = rules->add_subcommand("list", "List the loaded rules");
  auto* check = rules->add_subcommand("check", "Check rules: ids, compilation, every example");
  check->add_option("files", *files, "Rule files or folders to check beside the built-ins");
  add_rule_options(*list, *options);
  add_rule_options(*check, *options);
  registry.add(list, [options] { return run_rules_list(*options); });
  registry.add(check, [options, files] {
    for (const auto& f : *files) options->rule_paths.push_back(f);
    return run_rules_check(*options);
  });
}

} // namespace vigil::cli
