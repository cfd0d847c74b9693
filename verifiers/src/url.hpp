// Minimal URL splitting for the verifiers: enough to find the host a request goes to and to
// graft a path onto an override's base URL. Not a general URL parser.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vigil::verifiers {

/// scheme://host[:port]/rest, with host lower-cased and IPv6 brackets kept.
struct UrlParts {
  std::string scheme;
  std::string host;      ///< e.g. "api.github.com" or "[::1]"
  std::string port;      ///< empty when absent
  std::string path_query; ///< "/user?x=1"; "/" when absent
};

/// Splits `url`; nullopt when it lacks scheme://host or has user info or odd characters.
std::optional<UrlParts> split_url(std::string_view url);

/// The host without IPv6 brackets.
std::string bare_host(std::string_view host);

/// Whether `host` (bracketed or not) is a loopback literal or "localhost".
bool is_loopback_host(std::string_view host);

/// Whether `host` is a syntactically plain DNS name or IP literal (no '@', '/', spaces...).
bool is_plain_host(std::string_view host);

} // namespace vigil::verifiers
