// `vigil scan` steps (see scan_run.hpp). Per-input problems never stop the scan; they are
// reported and make the exit code 2 at the end, as ripgrep does with unreadable files.
#include "scan_run.hpp"

#include "baseline.hpp"
#include "exit_codes.hpp"
#include "fingerprint.hpp"
#include "git_scan.hpp"
#include "progress_line.hpp"
#include "report_writer.hpp"
#include "terminal_text.hpp"
#include "verify_step.hpp"

#include "vigil/scanner/fs_source.hpp"

#include <fmt/core.h>
#include <tbb/global_control.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

namespace vigil::cli {
namespace {

using detectors::Error;
using detectors::Result;

constexpr const char* kToolVersion = "0.1.0";

/// Options parsed by `scan` whose behaviour arrives with the git and verifier layers. Until a
/// layer is wired in, asking for it is an error: a silent plain filesystem scan would pass
/// for the scan the user asked for.
Result<void> check_available(const ScanOptions& o) {
  if (auto ok = check_git_options(o); !ok) return ok;
  return {};
}

Result<void> write_all(std::FILE* out, const std::string& text, const std::string& name) {
  if (std::fwrite(text.data(), 1, text.size(), out) != text.size() || std::fflush(out) != 0)
    return Error{"cannot write " + name + ": " + std::strerror(errno)};
  return {};
}

/// For machine formats the skipped list sits in the document (or nowhere, for JSONL); a person
/// watching the terminal should still see it. Human output lists it itself.
void note_skipped(const ScanOptions& options, const scanner::ScanSummary& summary) {
  if (options.format == OutputFormat::human && options.output_path.empty()) return;
  for (const auto& s : summary.skipped)
    fmt::print(stderr, "vigil: skipped {}: {}\n", terminal_safe(s.path), terminal_safe(s.reason));
  if (!summary.skipped.empty())
    fmt::print(stderr, "vigil: scan incomplete: {} input(s) not fully scanned\n",
               summary.skipped.size());
}

} // namespace

Result<void> collect_findings(const ScanOptions& options, ScanContext& context) {
  if (auto ok = check_available(options); !ok) return ok;
  std::vector<std::string> paths = options.paths;
  if (paths.empty()) paths.push_back(".");
  scanner::FsScanOptions fs;
  fs.excludes = options.excludes;
  fs.max_file_size = options.max_file_size;
  fs.follow_symlinks = options.follow_symlinks;
  fs.progress = &context.progress;
  auto rest = collect_git_sources(options, context, paths); // repositories: git_scan.cpp
  if (!rest) return rest.error();
  if (!rest.value().empty()) scanner::scan_filesystem(rest.value(), fs, context.pool, context.collector);
  return {};
}

Result<Report> build_report(const ScanOptions& options, const ScanContext& context) {
  Report report;
  report.rules = &context.rules->rules();
  report.summary = context.collector.summary();
  report.show_secrets = options.show_secrets;
  report.tool_version = kToolVersion;
  auto findings = context.collector.findings();
  if (findings.empty()) return report;
  // The key is only needed (and only created) once there is something to key.
  auto key = load_or_create_fingerprint_key();
  if (!key) return key.error();
  report.findings.reserve(findings.size());
  for (auto& f : findings) {
    ReportedFinding rf;
    rf.fingerprint = fingerprint(key.value(), f.secret);
    rf.finding = std::move(f);
    report.findings.push_back(std::move(rf));
  }
  return report;
}

Result<void> verify_findings(const ScanOptions& options, Report& report) {
  return verify_report(options, report);
}

Result<void> write_report(const ScanOptions& options, const Report& report) {
  const std::string text = render_report(report, options.format, options.color);
  if (options.output_path.empty()) return write_all(stdout, text, "standard output");
  std::FILE* out = std::fopen(options.output_path.c_str(), "wb");
  if (!out) return Error{"cannot open " + options.output_path + ": " + std::strerror(errno)};
  auto written = write_all(out, text, options.output_path);
  if (std::fclose(out) != 0 && written)
    return Error{"cannot write " + options.output_path + ": " + std::strerror(errno)};
  return written;
}

int scan_exit_code(const ScanOptions& options, const Report& report) {
  if (!report.summary.complete()) return kExitError;
  switch (options.fail_on) {
  case FailOn::none: return kExitOk;
  case FailOn::any: return report.findings.empty() ? kExitOk : kExitFindings;
  case FailOn::valid:
    for (const auto& f : report.findings)
      if (f.validation && f.validation->status == "valid") return kExitFindings;
    return kExitOk;
  }
  return kExitError;
}

int run_scan(const ScanOptions& options) {
  auto fail = [](const Error& e) {
    fmt::print(stderr, "vigil: {}\n", terminal_safe(e.message));
    return kExitError;
  };
  if (auto ok = check_available(options); !ok) return fail(ok.error());
  std::optional<tbb::global_control> threads;
  if (options.threads > 0)
    threads.emplace(tbb::global_control::max_allowed_parallelism, options.threads);

  auto rules = load_rule_set(options.rules);
  if (!rules) return fail(Error{"cannot load rules: " + rules.error().message});
  ScanContext context(std::move(rules.value()));

  ProgressLine progress(context.progress, options.progress);
  auto collected = collect_findings(options, context);
  progress.finish();
  if (!collected) return fail(collected.error());

  auto report = build_report(options, context);
  if (!report) return fail(report.error());
  if (auto ok = apply_baseline_file(options.baseline_path, report.value()); !ok)
    return fail(ok.error());
  if (auto ok = verify_findings(options, report.value()); !ok) return fail(ok.error());
  if (auto ok = write_report(options, report.value()); !ok) return fail(ok.error());
  note_skipped(options, report.value().summary);
  return scan_exit_code(options, report.value());
}

} // namespace vigil::cli
