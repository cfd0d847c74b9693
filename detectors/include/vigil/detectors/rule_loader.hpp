// Rule loading: YAML rule files (embedded built-ins or user paths) into checked Rule values.
// Structural errors name `file:rule-id` and the reason; patterns are checked when compiled.
#pragma once

#include "vigil/detectors/result.hpp"
#include "vigil/detectors/rule.hpp"

#include <filesystem>
#include <string_view>
#include <vector>

namespace vigil::detectors {

/// Parses one rule file's text (top-level `rules:` list). `source` names it in errors.
Result<std::vector<Rule>> parse_rules(std::string_view yaml_text, std::string_view source);

/// Loads a rule file, or every *.yml / *.yaml file below a folder (sorted, so loading is
/// deterministic). A folder holding no rule at all is an error.
Result<std::vector<Rule>> load_rules_path(const std::filesystem::path& path);

/// The rules compiled into the binary from detectors/rules/*.yml.
Result<std::vector<Rule>> builtin_rules();

/// Checks a set as a whole: ids well-formed and unique, required fields present.
Result<void> check_rule_fields(const std::vector<Rule>& rules);

} // namespace vigil::detectors
