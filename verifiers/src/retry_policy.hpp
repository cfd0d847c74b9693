// When to try again: which answers are worth retrying, how long to wait (exponential backoff
// with jitter, or the provider's Retry-After within a cap).
#pragma once

#include "http_request.hpp"

#include <chrono>
#include <optional>
#include <random>
#include <string_view>

namespace vigil::verifiers {

using Clock = std::chrono::steady_clock;

/// 429, 502, 503, 504 and connection faults (refused, reset, timeout) may succeed later.
bool is_retryable(Fault fault, long status);

/// Parses a Retry-After value: delta-seconds or an HTTP date (relative to `now_unix`).
/// nullopt when malformed. Negative deltas (a date in the past) become zero.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::int64_t now_unix);

/// Backoff before attempt `attempt` (1-based count of attempts made): half of
/// min(max, base * 2^(attempt-1)) plus a random share of the other half.
std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds max, std::mt19937_64& rng);

/// A per-provider token bucket.
class TokenBucket {
public:
  TokenBucket(double rate, double burst, Clock::time_point now)
      : rate_(rate), burst_(burst), tokens_(burst), last_(now) {}
  /// Takes a token if one is there.
  bool take(Clock::time_point now);
  /// When the next token will be there.
  Clock::time_point next_token(Clock::time_point now);

private:
  void refill(Clock::time_point now);
  double rate_, burst_, tokens_;
  Clock::time_point last_;
};

} // namespace vigil::verifiers
