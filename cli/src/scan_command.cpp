// `vigil scan PATH...`: every ScanOptions field as a command-line option, validated here so
// run_scan only sees well-formed options (scan_run.hpp).
#include "byte_size.hpp"
#include "command.hpp"
#include "rule_options.hpp"
#include "scan_options.hpp"
#include "scan_run.hpp"

#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <unistd.h>

namespace vigil::cli {
namespace {

/// Options whose final value depends on the environment, settled after parsing.
struct ScanCommandState {
  ScanOptions options;
  std::string color = "auto";
  bool progress = false;
};

bool color_wanted(const ScanCommandState& s) {
  if (s.color == "always") return true;
  if (s.color == "never" || !s.options.output_path.empty()) return false;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) == 1 && !(no_color && *no_color) &&
         !(term && std::string(term) == "dumb");
}

void add_input_options(CLI::App& cmd, ScanCommandState& s) {
  ScanOptions& o = s.options;
  cmd.add_option("paths", o.paths, "Files or folders to scan (default: the current folder)");
  // Repeatable options take one value each, so `--exclude x PATH` leaves PATH a path.
  cmd.add_option("--exclude", o.excludes, "Skip paths matching GLOB (.vigilignore syntax)")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  cmd.add_option_function<std::string>(
         "--max-file-size",
         [&o](const std::string& text) {
           auto size = parse_byte_size(text);
           if (!size) throw CLI::ValidationError("--max-file-size", size.error().message);
           o.max_file_size = size.value();
         },
         "Skip (and report) files larger than this: bytes or 512K, 10M, 1G (default 256M)")
      ->type_name("SIZE");
  cmd.add_flag("--follow-symlinks", o.follow_symlinks,
               "Follow symlinks inside the scanned roots (loops and escapes are reported)");
  cmd.add_option("--threads", o.threads, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  add_rule_options(cmd, o.rules);
  if (auto* rules = cmd.get_option_no_throw("--rules")) rules->allow_extra_args(false);
}

void add_output_options(CLI::App& cmd, ScanCommandState& s) {
  ScanOptions& o = s.options;
  static const std::map<std::string, OutputFormat> formats{{"human", OutputFormat::human},
                                                           {"json", OutputFormat::json},
                                                           {"jsonl", OutputFormat::jsonl},
                                                           {"sarif", OutputFormat::sarif}};
  cmd.add_option_function<std::string>(
         "--format", [&o](const std::string& v) { o.format = formats.at(v); },
         "Output format: human (default), json, jsonl or sarif")
      ->check(CLI::IsMember({"human", "json", "jsonl", "sarif"}))
      ->type_name("FORMAT");
  cmd.add_option("--output", o.output_path, "Write the report to FILE instead of stdout")
      ->type_name("FILE");
  cmd.add_flag("--show-secrets", o.show_secrets, "Show secrets in full (redacted by default)");
  static const std::map<std::string, FailOn> fail_on{
      {"any", FailOn::any}, {"none", FailOn::none}, {"valid", FailOn::valid}};
  cmd.add_option_function<std::string>(
         "--fail-on", [&o](const std::string& v) { o.fail_on = fail_on.at(v); },
         "Exit 1 on: any finding (default), none, or valid (verified) findings")
      ->check(CLI::IsMember({"any", "none", "valid"}))
      ->type_name("WHEN");
  cmd.add_option("--color", s.color, "Colour human output: auto (default), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  cmd.add_flag("--progress", s.progress,
               "Show progress on stderr even when it is not a terminal or the scan is short");
}

void add_git_options(CLI::App& cmd, ScanOptions& o) {
  cmd.add_option("--git-history", o.git_history,
                 "Scan the git history of repositories found: full (default) or none")
      ->check(CLI::IsMember({"full", "none"}));
  cmd.add_option("--since", o.since, "Only secrets added in REF..HEAD")->type_name("REF");
  cmd.add_flag("--staged", o.staged, "Scan what is staged versus HEAD (pre-commit)");
  cmd.add_option("--baseline", o.baseline_path, "Suppress findings whose fingerprint is in FILE")
      ->type_name("FILE");
}

void add_verify_options(CLI::App& cmd, ScanOptions& o) {
  cmd.add_flag("--verify", o.verify, "Check whether each secret still works");
  cmd.add_flag_callback("--no-verify-cache", [&o] { o.verify_cache = false; },
                        "Do not reuse recent verification results");
  cmd.add_flag("--verify-content-hosts", o.verify_content_hosts,
               "Allow verification against hosts named in scanned content");
  cmd.add_option("--verify-endpoint", o.verify_endpoints,
                 "Send a provider's checks to URL instead (repeatable), e.g. api.github.com=URL")
      ->type_name("HOST=URL")
      ->allow_extra_args(false)
      ->check(
          [](const std::string& v) -> std::string {
            const auto eq = v.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == v.size())
              return "expected HOST=URL, got '" + v + "'";
            return {};
          },
          "");
}

} // namespace

std::shared_ptr<ScanOptions> add_scan_input_options(CLI::App& cmd) {
  auto state = std::make_shared<ScanCommandState>();
  add_input_options(cmd, *state);
  add_git_options(cmd, state->options);
  return std::shared_ptr<ScanOptions>(state, &state->options);
}

void register_scan_command(CLI::App& app, CommandRegistry& registry) {
  auto state = std::make_shared<ScanCommandState>();
  auto* cmd = app.add_subcommand("scan", "Find leaked secrets in files, folders and git history");
  add_input_options(*cmd, *state);
  add_output_options(*cmd, *state);
  add_git_options(*cmd, state->options);
  add_verify_options(*cmd, state->options);
  registry.add(cmd, [state] {
    state->options.color = color_wanted(*state);
    state->options.progress = state->progress || ::isatty(STDERR_FILENO) == 1;
    return run_scan(state->options);
  });
}

} // namespace vigil::cli
