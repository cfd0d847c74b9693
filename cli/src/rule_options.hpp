// Which rules a command uses: built-ins and/or --rules paths, and the database cache.
#pragma once

#include "vigil/detectors/result.hpp"
#include "vigil/detectors/rule_set.hpp"

#include <memory>
#include <string>
#include <vector>

namespace vigil::cli {

/// Rule selection shared by `scan` and `rules`.
struct RuleOptions {
  std::vector<std::string> rule_paths; ///< --rules (file or folder), repeatable
  bool builtin = true;                 ///< false with --no-builtin-rules
  bool use_cache = true;               ///< false with --no-cache
};

/// Loads and compiles the selected rules; errors name `file:rule-id`.
detectors::Result<std::shared_ptr<const detectors::RuleSet>> load_rule_set(const RuleOptions& o);

} // namespace vigil::cli
