// Retry decisions and pacing (see retry_policy.hpp).
#include "retry_policy.hpp"

#include "curl_api.hpp"

#include <algorithm>
#include <string>

namespace vigil::verifiers {

bool is_retryable(Fault fault, long status) {
  switch (fault) {
  case Fault::timeout:
  case Fault::connect: return true;
  case Fault::none: return status == 429 || status == 502 || status == 503 || status == 504;
  default: return false;
  }
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::int64_t now_unix) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 12) return std::chrono::seconds(999'999'999'999); // absurd: over any cap
    return std::chrono::seconds(std::stoll(std::string(value)));
  }
  const std::string text(value);
  const time_t when = curl().getdate(text.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  return std::chrono::seconds(std::max<std::int64_t>(0, static_cast<std::int64_t>(when) - now_unix));
}

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds max, std::mt19937_64& rng) {
  const int shift = std::clamp(attempt - 1, 0, 20);
  const auto ceiling = std::min<std::int64_t>(max.count(), base.count() << shift);
  const auto half = ceiling / 2;
  std::uniform_int_distribution<std::int64_t> jitter(0, std::max<std::int64_t>(half, 0));
  return std::chrono::milliseconds(half + jitter(rng));
}

void TokenBucket::refill(Clock::time_point now) {
  if (now <= last_) return;
  const double elapsed = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
  last_ = now;
}

bool TokenBucket::take(Clock::time_point now) {
  if (rate_ <= 0) return true; // no limit configured
  refill(now);
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

Clock::time_point TokenBucket::next_token(Clock::time_point now) {
  refill(now);
  if (tokens_ >= 1.0 || rate_ <= 0) return now;
  const double wait = (1.0 - tokens_) / rate_;
  return now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(wait));
}

} // namespace vigil::verifiers
