// The built-in rule list (see rule_loader.hpp): built from the table parsed at build time.
#include "vigil/detectors/builtin_rules.hpp"
#include "vigil/detectors/rule_loader.hpp"

namespace vigil::detectors {

Result<std::vector<Rule>> builtin_rules() { return build_builtin_rules(); }

} // namespace vigil::detectors
