// Parsing of endpoint overrides (see endpoint_overrides.hpp).
#include "vigil/verifiers/endpoint_overrides.hpp"

#include "url.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace vigil::verifiers {

detectors::Result<std::vector<EndpointOverride>>
parse_endpoint_overrides(const std::vector<std::string>& specs) {
  std::vector<EndpointOverride> out;
  for (const auto& spec : specs) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
      return detectors::Error{"--verify-endpoint '" + spec + "': expected HOST=URL"};
    EndpointOverride o;
    o.host = spec.substr(0, eq);
    std::transform(o.host.begin(), o.host.end(), o.host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!is_plain_host(o.host))
      return detectors::Error{"--verify-endpoint '" + spec + "': '" + o.host +
                              "' is not a host name"};
    o.base_url = spec.substr(eq + 1);
    while (!o.base_url.empty() && o.base_url.back() == '/') o.base_url.pop_back();
    const auto parts = split_url(o.base_url);
    if (!parts || (parts->path_query.find_first_of("?#") != std::string::npos))
      return detectors::Error{"--verify-endpoint '" + spec + "': not a base URL"};
    o.loopback = is_loopback_host(parts->host);
    if (parts->scheme == "http" && !o.loopback)
      return detectors::Error{"--verify-endpoint '" + spec +
                              "': http:// is accepted only for a loopback address; use https://"};
    if (parts->scheme != "http" && parts->scheme != "https")
      return detectors::Error{"--verify-endpoint '" + spec + "': the URL must be https://"};
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<std::string> endpoint_specs_from_env() {
  std::vector<std::string> out;
  const char* env = std::getenv("VIGIL_VERIFY_ENDPOINTS");
  if (!env) return out;
  std::string_view rest(env);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    auto item = rest.substr(0, comma);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front()))) item.remove_prefix(1);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back()))) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

} // namespace vigil::verifiers
