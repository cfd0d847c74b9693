// Rule: one detector as data, loaded from detectors/rules/*.yml or a user's --rules file.
// Shared vocabulary of every layer after detectors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigil::detectors {

/// How sure a rule's match is a real credential.
enum class Confidence { low, medium, high };

/// "low" / "medium" / "high".
std::string_view to_string(Confidence c);

/// One detector rule. The secret is the named group `secret`, else group 1, else the match.
struct Rule {
  std::string id;      ///< stable dotted id, e.g. "github.pat.classic"
  std::string name;    ///< human name, e.g. "GitHub personal access token (classic)"
  std::string pattern; ///< PCRE syntax accepted by both Hyperscan and PCRE2
  double min_entropy = 0.0; ///< Shannon bits per byte the secret must reach (0: no gate)
  Confidence confidence = Confidence::medium;
  std::vector<std::string> references;        ///< provider documentation of the format
  std::vector<std::string> categories;        ///< e.g. "api-key", "private-key"
  std::vector<std::string> examples;          ///< texts that must yield a finding
  std::vector<std::string> negative_examples; ///< texts that must not
  std::string checksum;    ///< named checksum the secret must pass (checksum.hpp); empty: none
  std::string verify_json; ///< the rule's `verify:` block as JSON text; empty when absent
  std::string source;      ///< file the rule came from, for error messages
};

} // namespace vigil::detectors
