// The built-in rule list (see rule_loader.hpp): a copy of the table parsed at build time.
#include "vigil/detectors/builtin_rules.hpp"
#include "vigil/detectors/rule_loader.hpp"

namespace vigil::detectors {

Result<std::vector<Rule>> builtin_rules() { return builtin_rule_table(); }

} // namespace vigil::detectors
