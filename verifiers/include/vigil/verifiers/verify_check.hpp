// Checking `verify:` blocks without sending anything: `vigil rules check` and rule loading use
// it so a malformed block is an error naming `file:rule-id` before any scan starts.
#pragma once

#include "vigil/detectors/rule.hpp"

#include <string>
#include <vector>

namespace vigil::verifiers {

/// One malformed verify block: `message` reads "file:rule-id: verify: why".
struct VerifyProblem {
  std::string rule_id;
  std::string message;
};

/// Parses every rule's verify block (rules without one are fine).
std::vector<VerifyProblem> check_verify_blocks(const std::vector<detectors::Rule>& rules);

/// Whether `rule` has a verify block.
bool has_verify_block(const detectors::Rule& rule);

} // namespace vigil::verifiers
