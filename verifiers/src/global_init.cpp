// libcurl global initialisation (see global_init.hpp).
#include "vigil/verifiers/global_init.hpp"

#include "curl_api.hpp"

#include <mutex>

namespace vigil::verifiers {

detectors::Result<void> init_http_library() {
  static std::once_flag once;
  static std::string error;
  // call_once serialises callers, so curl_global_init never runs twice or concurrently.
  std::call_once(once, [] {
    error = load_curl();
    if (error.empty() && curl().global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      error = "libcurl could not initialise (curl_global_init failed)";
  });
  if (!error.empty()) return detectors::Error{error};
  return {};
}

} // namespace vigil::verifiers
