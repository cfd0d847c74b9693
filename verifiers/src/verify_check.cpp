// Verify-block checks for `rules check` (see verify_check.hpp).
#include "vigil/verifiers/verify_check.hpp"

#include "verify_spec.hpp"

namespace vigil::verifiers {

std::vector<VerifyProblem> check_verify_blocks(const std::vector<detectors::Rule>& rules) {
  std::vector<VerifyProblem> out;
  for (const auto& rule : rules) {
    if (!has_verify_block(rule)) continue;
    auto spec = parse_verify_spec(rule);
    if (!spec) out.push_back({rule.id, spec.error().message});
  }
  return out;
}

bool has_verify_block(const detectors::Rule& rule) { return !rule.verify_json.empty(); }

} // namespace vigil::verifiers
