// `rules check`: runs every rule's examples and negative examples through the compiled set
// (both stages, entropy gate included), the test that keeps rules honest.
#pragma once

#include "vigil/detectors/rule_set.hpp"

#include <string>
#include <vector>

namespace vigil::detectors {

/// One broken promise of a rule, as `file:rule-id: what went wrong`.
struct RuleProblem {
  std::string rule_id;
  std::string message;
};

/// Every example must yield a non-empty secret from its own rule; no negative example may.
std::vector<RuleProblem> check_rule_examples(const RuleSet& rules);

} // namespace vigil::detectors
