// Matcher: the per-thread scanning state over a shared RuleSet (Hyperscan scratch, PCRE2 match
// data and JIT stack). Prefilters a buffer with Hyperscan, confirms each hit with PCRE2 on a
// bounded window ending at the hit, gates on entropy, collapses overlaps, pushes to a sink.
#pragma once

#include "vigil/detectors/match.hpp"
#include "vigil/detectors/result.hpp"
#include "vigil/detectors/rule_set.hpp"

#include <memory>
#include <string_view>

namespace vigil::detectors {

class MatcherState;

/// One per thread; not thread-safe itself.
class Matcher {
public:
  /// Allocates scratch for `rules`; fails only if Hyperscan cannot allocate.
  static Result<Matcher> create(std::shared_ptr<const RuleSet> rules);
  Matcher(Matcher&&) noexcept;
  Matcher& operator=(Matcher&&) noexcept;
  ~Matcher();

  /// Scans `data` and pushes every confirmed match whose end lies in
  /// (report_from, report_until]. A whole buffer is (0, data.size()]. Chunked callers overlap
  /// neighbouring chunks by 2 * RuleSet::max_window() and report only the middle, so each
  /// match is reported by exactly one chunk and sees all the context it would see whole.
  /// Fails only on an engine error.
  Result<void> scan(std::string_view data, std::size_t report_from, std::size_t report_until,
                    MatchSink& sink);

  /// Scans a whole buffer.
  Result<void> scan(std::string_view data, MatchSink& sink) {
    return scan(data, 0, data.size(), sink);
  }

  const RuleSet& rules() const;

  /// When on (the default), a secret claimed by several rules is reported once, by the most
  /// specific rule: provider over generic, then higher confidence, then the longer match.
  /// `rules check` turns it off to test each rule on its own.
  void set_cross_rule_dedup(bool enabled);

private:
  explicit Matcher(std::unique_ptr<MatcherState> state);
  std::unique_ptr<MatcherState> state_;
};

} // namespace vigil::detectors
