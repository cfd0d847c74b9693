// Names and text forms of verdicts (see verdict.hpp).
#include "vigil/verifiers/verdict.hpp"

#include <ctime>

namespace vigil::verifiers {

std::string_view to_string(Status s) {
  switch (s) {
  case Status::valid: return "valid";
  case Status::invalid: return "invalid";
  case Status::unknown: return "unknown";
  case Status::not_checked: return "not_checked";
  }
  return "unknown";
}

std::string_view to_string(Reason r) {
  switch (r) {
  case Reason::none: return "none";
  case Reason::timeout: return "timeout";
  case Reason::rate_limited: return "rate_limited";
  case Reason::server_error: return "server_error";
  case Reason::tls_error: return "tls_error";
  case Reason::connection_failed: return "connection_failed";
  case Reason::blocked_address: return "blocked_address";
  case Reason::unexpected_response: return "unexpected_response";
  case Reason::redirect: return "redirect";
  case Reason::too_large: return "too_large";
  case Reason::content_host: return "content_host";
  case Reason::missing_input: return "missing_input";
  case Reason::unsafe_value: return "unsafe_value";
  case Reason::ambiguous: return "ambiguous";
  case Reason::no_verifier: return "no_verifier";
  case Reason::disabled: return "disabled";
  }
  return "unknown";
}

std::string describe(const Verdict& v) {
  if (v.status == Status::valid || v.status == Status::invalid) return v.detail;
  std::string out(to_string(v.reason));
  if (!v.detail.empty()) out += ": " + v.detail;
  return out;
}

std::string format_rfc3339(std::int64_t unix_seconds) {
  if (unix_seconds <= 0) return {};
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

} // namespace vigil::verifiers
