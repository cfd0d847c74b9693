// Command registration: each command file adds its subcommand(s) to the CLI11 app and a runner
// that main() calls when that subcommand was parsed. Keeps main.cpp a list of registrations.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace vigil::cli {

/// Runs a parsed command; returns the process exit code.
using CommandRunner = std::function<int()>;

/// Subcommands and their runners, in registration order.
struct CommandRegistry {
  std::vector<std::pair<CLI::App*, CommandRunner>> commands;
  void add(CLI::App* command, CommandRunner run) { commands.emplace_back(command, std::move(run)); }
};

/// `vigil rules list|check` (rules_command.cpp).
void register_rules_commands(CLI::App& app, CommandRegistry& registry);

/// `vigil scan PATH...` (scan_command.cpp).
void register_scan_command(CLI::App& app, CommandRegistry& registry);

/// `vigil hook install` and `vigil baseline create` (hook_command.cpp).
void register_git_commands(CLI::App& app, CommandRegistry& registry);

/// Adds `scan`'s input, rule and git options (paths, --exclude, --rules, --since, ...) to
/// another command, e.g. `baseline create`; returns the options they fill (scan_command.cpp).
struct ScanOptions;
std::shared_ptr<ScanOptions> add_scan_input_options(CLI::App& command);

/// Options shared by commands that load rules.
struct RuleOptions;
void add_rule_options(CLI::App& command, RuleOptions& options);

} // namespace vigil::cli
