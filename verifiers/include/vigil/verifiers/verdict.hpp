// Verdict: a verifier's answer about one secret. Only a provider's determinate answer is valid
// or invalid; everything else is unknown with a reason, or not checked at all.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::verifiers {

/// The four states of the output contract.
enum class Status { valid, invalid, unknown, not_checked };

/// Why a verdict is unknown or not checked (none for valid / invalid).
enum class Reason {
  none,
  timeout,             ///< connect, total or low-speed timeout
  rate_limited,        ///< 429 until the budget ran out, or Retry-After beyond the cap
  server_error,        ///< 5xx
  tls_error,           ///< certificate or handshake failure
  connection_failed,   ///< refused, reset, DNS failure
  blocked_address,     ///< the address guard refused the address about to be connected
  unexpected_response, ///< an answer no rule of the verify block explains (WAF page, odd 200)
  redirect,            ///< a 3xx: redirects are never followed
  too_large,           ///< the body exceeded the response size cap
  content_host,        ///< host comes from scanned content and --verify-content-hosts is off
  missing_input,       ///< a capture the request needs was not found beside the secret
  unsafe_value,        ///< a value would break the request (CR/LF in a header, bad host)
  ambiguous,           ///< claimed by several providers' rules of equal specificity
  no_verifier,         ///< the rule has no verify block
  disabled,            ///< verification was not requested
};

/// "valid" / "invalid" / "unknown" / "not_checked".
std::string_view to_string(Status s);
/// A short snake_case name, e.g. "rate_limited".
std::string_view to_string(Reason r);

/// One answer. `detail` holds identity (account, scopes, expiry) or a human note on the
/// reason; it never contains the secret or any capture.
struct Verdict {
  Status status = Status::not_checked;
  Reason reason = Reason::disabled;
  std::string detail;
  std::int64_t checked_at = 0; ///< Unix seconds of the provider's answer; 0 when not checked
};

/// The contract's `detail` text: identity for valid, otherwise "reason: note".
std::string describe(const Verdict& v);

/// `checked_at` as RFC 3339 UTC ("2026-01-01T00:00:00Z"); empty when 0.
std::string format_rfc3339(std::int64_t unix_seconds);

} // namespace vigil::verifiers
