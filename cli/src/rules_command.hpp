// `vigil rules list|check`: show the loaded rules; prove every rule's examples hold.
#pragma once

#include "rule_options.hpp"

namespace vigil::cli {

/// Prints one line per rule (id, confidence, name). Returns the exit code.
int run_rules_list(const RuleOptions& options);

/// Checks ids, compilation and every example / negative example. Returns the exit code
/// (0 all good, 2 any problem), printing each problem as `file:rule-id: reason`.
int run_rules_check(const RuleOptions& options);

} // namespace vigil::cli
