// Environment-derived defaults of VerifyOptions (see verify_options.hpp), and no_proxy matching.
#include "vigil/verifiers/verify_options.hpp"

#include "no_proxy.hpp"
#include "vigil/detectors/rule_set.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

namespace vigil::verifiers {

void proxy_from_env(VerifyOptions& options) {
  // Lower-case only, as curl does for https (HTTPS_PROXY upper-case is honoured by curl too).
  for (const char* name : {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    if (const char* v = std::getenv(name); v && *v) {
      options.https_proxy = v;
      break;
    }
  }
  for (const char* name : {"no_proxy", "NO_PROXY"}) {
    if (const char* v = std::getenv(name); v && *v) {
      options.no_proxy = v;
      break;
    }
  }
}

std::optional<std::filesystem::path> default_verify_cache_file() {
  auto dir = detectors::default_cache_dir();
  if (!dir) return std::nullopt;
  return *dir / "verify-cache.tsv";
}

bool no_proxy_matches(std::string_view no_proxy, std::string_view host) {
  std::string h(host);
  std::transform(h.begin(), h.end(), h.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!no_proxy.empty()) {
    const auto comma = no_proxy.find(',');
    auto item = no_proxy.substr(0, comma);
    no_proxy = comma == std::string_view::npos ? std::string_view{} : no_proxy.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) continue;
    if (item == "*") return true;
    if (item.front() == '.') item.remove_prefix(1);
    std::string pattern(item);
    std::transform(pattern.begin(), pattern.end(), pattern.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (h == pattern) return true;
    if (h.size() > pattern.size() && h.compare(h.size() - pattern.size(), pattern.size(), pattern) == 0 &&
        h[h.size() - pattern.size() - 1] == '.')
      return true;
  }
  return false;
}

} // namespace vigil::verifiers
