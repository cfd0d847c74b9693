// URL splitting (see url.hpp).
#include "url.hpp"

#include "vigil/verifiers/address_guard.hpp"

#include <algorithm>
#include <cctype>

namespace vigil::verifiers {

std::optional<UrlParts> split_url(std::string_view url) {
  const auto sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) return std::nullopt;
  UrlParts p;
  p.scheme = std::string(url.substr(0, sep));
  std::transform(p.scheme.begin(), p.scheme.end(), p.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto rest = url.substr(sep + 3);
  const auto end = rest.find_first_of("/?#");
  auto authority = rest.substr(0, end);
  p.path_query = end == std::string_view::npos ? "/" : std::string(rest.substr(end));
  if (!p.path_query.empty() && p.path_query[0] != '/') p.path_query = "/" + p.path_query;
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  if (authority[0] == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    p.host = std::string(authority.substr(0, close + 1));
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return std::nullopt;
      p.port = std::string(after.substr(1));
    }
  } else {
    const auto colon = authority.rfind(':');
    p.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) p.port = std::string(authority.substr(colon + 1));
  }
  std::transform(p.host.begin(), p.host.end(), p.host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!is_plain_host(p.host)) return std::nullopt;
  for (char c : p.port)
    if (c < '0' || c > '9') return std::nullopt;
  return p;
}

std::string bare_host(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    return std::string(host.substr(1, host.size() - 2));
  return std::string(host);
}

bool is_loopback_host(std::string_view host) {
  const auto bare = bare_host(host);
  if (bare == "localhost") return true;
  const auto c = classify_ip_text(bare);
  return c && *c == AddressClass::loopback;
}

bool is_plain_host(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  if (host.front() == '[') {
    if (host.back() != ']') return false;
    for (char c : host.substr(1, host.size() - 2))
      if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.')) return false;
    return true;
  }
  for (char c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return false;
  return host.front() != '.' && host.front() != '-';
}

} // namespace vigil::verifiers
