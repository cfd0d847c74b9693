// libcurl global initialisation (see global_init.hpp).
#include "vigil/verifiers/global_init.hpp"

#include <curl/curl.h>

#include <mutex>

namespace vigil::verifiers {

bool init_http_library() {
  static std::once_flag once;
  static bool ok = false;
  // call_once serialises callers, so curl_global_init never runs twice or concurrently.
  std::call_once(once, [] { ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; });
  return ok;
}

} // namespace vigil::verifiers
