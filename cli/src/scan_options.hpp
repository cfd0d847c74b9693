// Everything `vigil scan` can be told, gathered in one place so each concern (inputs, output,
// git, verification) reads its own fields. Option parsing lives in scan_command.cpp.
#pragma once

#include "rule_options.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vigil::cli {

/// Output formats of the output contract.
enum class OutputFormat { human, json, jsonl, sarif };

/// When a scan exits 1.
enum class FailOn { any, none, valid };

/// The options of `vigil scan`.
struct ScanOptions {
  // Inputs
  std::vector<std::string> paths;          ///< PATH...; empty means "."
  std::vector<std::string> excludes;       ///< --exclude GLOB (repeatable)
  std::uint64_t max_file_size = 256ull << 20; ///< --max-file-size BYTES: larger files skipped
  bool follow_symlinks = false;            ///< --follow-symlinks
  std::size_t threads = 0;                 ///< --threads N; 0: all cores
  RuleOptions rules;

  // Output
  OutputFormat format = OutputFormat::human; ///< --format
  std::string output_path;                 ///< --output FILE; empty: stdout
  bool show_secrets = false;               ///< --show-secrets
  FailOn fail_on = FailOn::any;            ///< --fail-on any|none|valid
  bool color = false;                      ///< human output on a TTY (or --color always)
  bool progress = false;                   ///< progress on stderr (TTY and long scans)

  // Git (issue: git history, pre-commit, PR gate)
  std::string git_history = "full";        ///< --git-history full|none
  std::string since;                       ///< --since REF: only secrets added in REF..HEAD
  bool staged = false;                     ///< --staged: what is staged versus HEAD
  std::string baseline_path;               ///< --baseline FILE: suppress known fingerprints

  // Verification (issue: verifiers)
  bool verify = false;                     ///< --verify
  bool verify_cache = true;                ///< false with --no-verify-cache
  bool verify_content_hosts = false;       ///< --verify-content-hosts
  std::vector<std::string> verify_endpoints; ///< --verify-endpoint HOST=URL (repeatable)
};

} // namespace vigil::cli
