// `vigil scan` as steps: load rules, run the sources into findings, build the report
// (fingerprints), verify (optional), render and write, choose the exit code. Each step is a
// function so the git and verifier layers plug in without touching the others.
#pragma once

#include "report.hpp"
#include "scan_options.hpp"

#include "vigil/detectors/result.hpp"
#include "vigil/detectors/rule_set.hpp"
#include "vigil/scanner/finding.hpp"
#include "vigil/scanner/pipeline.hpp"
#include "vigil/scanner/progress.hpp"

#include <memory>

namespace vigil::cli {

/// The state every source of one scan shares: compiled rules, per-thread scanners, the single
/// collector fed by the pipelines' serial stages, and live counters for the progress line.
struct ScanContext {
  explicit ScanContext(std::shared_ptr<const detectors::RuleSet> r)
      : rules(r), pool(std::move(r)) {}
  std::shared_ptr<const detectors::RuleSet> rules;
  scanner::ScannerPool pool;
  scanner::FindingCollector collector;
  scanner::ScanProgress progress;
};

/// Runs every source the options select (filesystem; git history, staged, ranges) into
/// `context.collector`. Per-input problems are recorded as skipped, not returned; an Error
/// means the scan could not run at all.
detectors::Result<void> collect_findings(const ScanOptions& options, ScanContext& context);

/// The report of what was collected, each finding keyed by its fingerprint.
detectors::Result<Report> build_report(const ScanOptions& options, const ScanContext& context);

/// Checks each finding's validity when --verify was given; otherwise leaves the report as is.
detectors::Result<void> verify_findings(const ScanOptions& options, Report& report);

/// Renders the report in the chosen format and writes it to --output or stdout.
detectors::Result<void> write_report(const ScanOptions& options, const Report& report);

/// 2 if anything was skipped, else 1 if a finding is one to fail on, else 0.
int scan_exit_code(const ScanOptions& options, const Report& report);

/// The whole command; returns the exit code. Errors go to stderr, never with a secret.
int run_scan(const ScanOptions& options);

} // namespace vigil::cli
