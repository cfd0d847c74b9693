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

/// Capture slots every Matcher allocates; validation refuses patterns with more groups.
inline constexpr std::uint32_t kMaxGroups = 64;

/// PCRE2 confirm program of one rule. Compiled and JIT-compiled on first use, once, from any
/// thread: a run that loads a cached database pays only for the rules that actually hit.
class ConfirmProgram {
public:
  ConfirmProgram(std::string pattern, std::size_t window)
      : pattern_(std::move(pattern)), window_(window) {}

  /// Compiles on first call; false if PCRE2 rejects the pattern (validated rules never do).
  bool ready() const {
    std::call_once(once_, [this] { build(); });
    return code_ != nullptr;
  }
  const pcre2_code* code() const { return code_.get(); }
  std::uint32_t secret_group() const { return secret_group_; } ///< 0: the whole match
  const std::vector<std::pair<std::string, std::uint32_t>>& named_groups() const {
    return named_groups_;
  }
  std::size_t window() const { return window_; } ///< longest match, from Hyperscan

private:
  void build() const;
  std::string pattern_;
  std::size_t window_;
  mutable std::once_flag once_;
  mutable Pcre2Code code_;
  mutable std::uint32_t secret_group_ = 0;
  mutable std::vector<std::pair<std::string, std::uint32_t>> named_groups_;
};

class RuleSetImpl {
public:
  std::vector<Rule> rules;
  std::vector<std::unique_ptr<ConfirmProgram>> programs;
  HsDatabase database;
  HsScratch scratch_prototype;
  std::size_t max_window = 0;
  DatabaseOrigin origin = DatabaseOrigin::compiled;
};

/// Checks a rule's pattern with both engines and returns its window (longest match);
/// errors name `file:rule-id` and the engine's message.
Result<std::size_t> validate_pattern(const Rule& rule);

/// The text that identifies a compiled database: patterns, flags, engine versions and CPU.
std::string database_identity(const std::vector<Rule>& rules);

/// A database with the per-rule windows measured when it was compiled.
struct CachedDatabase {
  HsDatabase database;
  std::vector<std::size_t> windows;
};

/// Loads what was stored for exactly `identity` and `rule_count` rules; empty when absent
/// or unusable (corrupt, foreign, another CPU), so the caller recompiles.
CachedDatabase load_cached_database(const std::filesystem::path& dir, const std::string& identity,
                                    std::size_t rule_count);

/// Stores a database for `identity`; failures are ignored (the cache is an optimisation).
void store_cached_database(const std::filesystem::path& dir, const std::string& identity,
                           const hs_database_t* database, const std::vector<std::size_t>& windows);

} // namespace vigil::detectors
