// The vigil executable: parses the command line and dispatches to a command.
#include "exit_codes.hpp"
#include "rules_command.hpp"

#include <CLI/CLI.hpp>

namespace {

void add_rule_options(CLI::App& cmd, vigil::cli::RuleOptions& o, bool& no_builtin) {
  cmd.add_option("--rules", o.rule_paths, "Rule file or folder to add (repeatable)");
  cmd.add_flag("--no-builtin-rules", no_builtin, "Use only the rules given with --rules");
  cmd.add_flag("--no-cache", [&o](std::int64_t) { o.use_cache = false; },
               "Do not read or write the compiled rule cache");
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"vigil: find leaked secrets, check whether they still work, track revocation"};
  app.require_subcommand(1);
  vigil::cli::RuleOptions rule_options;
  bool no_builtin = false;

  auto* rules = app.add_subcommand("rules", "List or check detection rules");
  rules->require_subcommand(1);
  auto* list = rules->add_subcommand("list", "List the loaded rules");
  auto* check = rules->add_subcommand("check", "Check rules: ids, compilation, examples");
  std::vector<std::string> check_files;
  check->add_option("files", check_files, "Rule files or folders to check (with the built-ins)");
  for (auto* cmd : {list, check}) add_rule_options(*cmd, rule_options, no_builtin);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : vigil::cli::kExitError;
  }
  rule_options.builtin = !no_builtin;
  for (auto& f : check_files) rule_options.rule_paths.push_back(f);
  if (list->parsed()) return vigil::cli::run_rules_list(rule_options);
  if (check->parsed()) return vigil::cli::run_rules_check(rule_options);
  return vigil::cli::kExitError;
}
