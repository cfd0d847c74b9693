// `vigil hook install [--force]`: writes the repository's pre-commit hook (running
// `vigil scan --staged`), and `vigil baseline create -o FILE`: records today's findings so
// later scans with `--baseline FILE` report only new ones.
#include "baseline.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "fingerprint.hpp"
#include "scan_options.hpp"
#include "scan_run.hpp"
#include "terminal_text.hpp"

#include "vigil/scanner/git_source.hpp"

#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

namespace vigil::cli {
namespace {

std::string self_path() {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "vigil";
  return std::string(buf, static_cast<std::size_t>(n));
}

// Single-quoted for sh.
std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// The hook script. `vigil` is the binary that installed it unless $VIGIL names another.
std::string hook_script(const std::string& vigil) {
  return "#!/bin/sh\n"
         "# Installed by `vigil hook install`: stops a commit that adds a secret.\n"
         "# Runs offline on the staged changes only; remove this file to uninstall.\n"
         "installed_vigil=" + sh_quote(vigil) + "\n"
         "VIGIL=\"${VIGIL:-$installed_vigil}\"\n"
         "set -- scan --staged --format human\n"
         "if [ -f .vigil-baseline.json ]; then set -- \"$@\" --baseline .vigil-baseline.json; fi\n"
         "status=0\n"
         "\"$VIGIL\" \"$@\" . || status=$?\n"
         "if [ \"$status\" -eq 1 ]; then\n"
         "  cat >&2 <<'EOF'\n"
         "vigil: commit stopped: the staged changes add the secret(s) above.\n"
         "  Fix: remove the secret from the file, `git add` it again, and rotate the secret if it\n"
         "       was ever real (it may already be in your shell history or editor backups).\n"
         "  A false positive? Add the marker  vigil:allow  in a comment on that line, or record\n"
         "       today's findings:  vigil baseline create -o .vigil-baseline.json --staged .\n"
         "  To commit anyway (not recommended):  git commit --no-verify\n"
         "EOF\n"
         "elif [ \"$status\" -ne 0 ]; then\n"
         "  echo \"vigil: commit stopped: the staged changes could not be fully scanned (see above).\" >&2\n"
         "fi\n"
         "exit \"$status\"\n";
}

int run_hook_install(const std::string& repo, bool force) {
  if (!scanner::is_git_repository(repo)) {
    fmt::print(stderr, "vigil: {} is not a git repository (run in its top folder or give --repo)\n",
               terminal_safe(repo));
    return kExitError;
  }
  // A linked worktree's hooks live in the common dir; `.git` is a file there.
  std::string hooks = repo + "/.git/hooks";
  struct stat st {};
  if (::stat((repo + "/.git").c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) {
    fmt::print(stderr, "vigil: {}/.git is not a folder (a worktree or submodule); install the hook "
                       "in the main repository\n", terminal_safe(repo));
    return kExitError;
  }
  if (::stat((repo + "/.git").c_str(), &st) != 0) hooks = repo + "/hooks"; // bare
  ::mkdir(hooks.c_str(), 0755);
  const std::string path = hooks + "/pre-commit";
  if (::lstat(path.c_str(), &st) == 0 && !force) {
    fmt::print(stderr, "vigil: {} already exists; not replacing it. Use --force to replace it, or "
                       "call `vigil scan --staged .` from your own hook.\n", terminal_safe(path));
    return kExitError;
  }
  const std::string tmp = path + ".vigil-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << hook_script(self_path());
    if (!out) {
      fmt::print(stderr, "vigil: cannot write {}: {}\n", terminal_safe(tmp), std::strerror(errno));
      return kExitError;
    }
  }
  if (::chmod(tmp.c_str(), 0755) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    fmt::print(stderr, "vigil: cannot install {}: {}\n", terminal_safe(path), std::strerror(errno));
    ::unlink(tmp.c_str());
    return kExitError;
  }
  fmt::print("vigil: installed {} (runs `vigil scan --staged` before each commit)\n",
             terminal_safe(path));
  return kExitOk;
}

int run_baseline_create(ScanOptions options, const std::string& output) {
  auto fail = [](const std::string& message) {
    fmt::print(stderr, "vigil: {}\n", terminal_safe(message));
    return kExitError;
  };
  options.verify = false;
  auto rules = load_rule_set(options.rules);
  if (!rules) return fail("cannot load rules: " + rules.error().message);
  ScanContext context(std::move(rules.value()));
  if (auto ok = collect_findings(options, context); !ok) return fail(ok.error().message);
  auto report = build_report(options, context);
  if (!report) return fail(report.error().message);
  auto key = load_or_create_fingerprint_key();
  if (!key) return fail(key.error().message);
  const std::string tmp = output + ".vigil-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << render_baseline(report.value(), key.value());
    if (!out) return fail("cannot write " + tmp + ": " + std::strerror(errno));
  }
  if (::rename(tmp.c_str(), output.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return fail("cannot write " + output + ": " + std::strerror(errno));
  }
  fmt::print("vigil: {} finding(s) recorded in {}\n", report.value().findings.size(),
             terminal_safe(output));
  for (const auto& s : report.value().summary.skipped)
    fmt::print(stderr, "vigil: skipped {}: {}\n", terminal_safe(s.path), terminal_safe(s.reason));
  if (!report.value().summary.complete()) {
    fmt::print(stderr, "vigil: scan incomplete: the baseline may miss findings\n");
    return kExitError;
  }
  return kExitOk;
}

} // namespace

void register_git_commands(CLI::App& app, CommandRegistry& registry) {
  auto* hook = app.add_subcommand("hook", "Install the git pre-commit hook");
  hook->require_subcommand(1);
  auto* install = hook->add_subcommand("install", "Write .git/hooks/pre-commit running `vigil scan --staged`");
  auto force = std::make_shared<bool>(false);
  auto repo = std::make_shared<std::string>(".");
  install->add_flag("--force", *force, "Replace an existing pre-commit hook");
  install->add_option("--repo", *repo, "Repository top folder (default: the current folder)");
  registry.add(install, [force, repo] { return run_hook_install(*repo, *force); });

  auto* baseline = app.add_subcommand("baseline", "Record known findings to suppress later");
  baseline->require_subcommand(1);
  auto* create = baseline->add_subcommand(
      "create", "Scan (same inputs as `vigil scan`) and write every finding's fingerprint to FILE");
  auto output = std::make_shared<std::string>();
  create->add_option("-o,--output", *output, "Baseline file to write")->required()->type_name("FILE");
  auto options = add_scan_input_options(*create);
  registry.add(create, [options, output] { return run_baseline_create(*options, *output); });
}

} // namespace vigil::cli
