// The private inside of RuleSet: the Hyperscan database, a scratch prototype for cloning, and
// one confirm program per rule. Shared read-only by every Matcher.
#pragma once

#include "handles.hpp"
#include "vigil/detectors/rule_set.hpp"

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace vigil::detectors {

/// Hyperscan flags every rule is compiled with; PCRE2 gets the matching options.
inline constexpr unsigned kHsFlags = HS_FLAG_MULTILINE;
inline constexpr std::uint32_t kPcre2Options = PCRE2_MULTILINE | PCRE2_ENDANCHORED;

/// PCRE2 confirm program of one rule. JIT-compiled on first use, once, from any thread.
struct ConfirmProgram {
  Pcre2Code code;
  std::uint32_t secret_group = 0; ///< 0: the whole match
  std::vector<std::pair<std::string, std::uint32_t>> named_groups; ///< other named captures
  std::size_t window = 0;          ///< longest match, from Hyperscan's expression info
  mutable std::once_flag jit_once;
};

class RuleSetImpl {
public:
  std::vector<Rule> rules;
  std::vector<std::unique_ptr<ConfirmProgram>> programs;
  HsDatabase database;
  HsScratch scratch_prototype;
  std::size_t max_window = 0;
  std::uint32_t max_groups = 1;
  DatabaseOrigin origin = DatabaseOrigin::compiled;
};

/// Compiles one rule's confirm program and measures its window; errors name the rule.
Result<std::unique_ptr<ConfirmProgram>> compile_confirm_program(const Rule& rule);

/// The text that identifies a compiled database: patterns, flags, Hyperscan version and CPU.
std::string database_identity(const std::vector<Rule>& rules);

/// Loads a database compiled earlier for exactly `identity`; nullptr when absent or unusable.
HsDatabase load_cached_database(const std::filesystem::path& dir, const std::string& identity);

/// Stores a database for `identity`; failures are ignored (the cache is an optimisation).
void store_cached_database(const std::filesystem::path& dir, const std::string& identity,
                           const hs_database_t* database);

} // namespace vigil::detectors
