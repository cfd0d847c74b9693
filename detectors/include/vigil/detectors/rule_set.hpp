// RuleSet: the compiled, immutable, shareable form of a rule list: one Hyperscan block-mode
// database (prefilter) plus a PCRE2 confirm program per rule. Built once, used by every thread.
#pragma once

#include "vigil/detectors/result.hpp"
#include "vigil/detectors/rule.hpp"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

namespace vigil::detectors {

/// Where and whether to cache the compiled Hyperscan database.
struct CompileOptions {
  /// Folder for the database cache; nullopt disables caching.
  std::optional<std::filesystem::path> cache_dir;
};

/// How the database was obtained, for diagnostics and benchmarks.
enum class DatabaseOrigin { compiled, cache };

class RuleSetImpl;

/// The compiled rules. Thread-safe to share; per-thread state lives in Matcher.
class RuleSet {
public:
  /// Compiles `rules` (checked with check_rule_fields first). A pattern Hyperscan or PCRE2
  /// rejects is an error naming `file:rule-id` and the engine's message. Zero rules is an error.
  static Result<std::shared_ptr<const RuleSet>> compile(std::vector<Rule> rules,
                                                        const CompileOptions& options = {});
  ~RuleSet();
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  /// The rules, in compiled order; Match::rule indexes this.
  const std::vector<Rule>& rules() const;
  /// The longest match any rule can produce: the overlap chunked scans must keep.
  std::size_t max_window() const;
  /// Whether the Hyperscan database came from the cache.
  DatabaseOrigin origin() const;

  const RuleSetImpl& impl() const { return *impl_; }

private:
  explicit RuleSet(std::unique_ptr<RuleSetImpl> impl);
  std::unique_ptr<RuleSetImpl> impl_;
};

/// The default cache folder: $XDG_CACHE_HOME/vigil or ~/.cache/vigil (nullopt if neither).
std::optional<std::filesystem::path> default_cache_dir();

} // namespace vigil::detectors
