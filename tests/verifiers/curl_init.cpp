// libcurl's global initialisation for the verifier test binary, once, before any thread (the
// vigil executable does the same in main).
#include <curl/curl.h>

namespace {
struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
} curl_global;
} // namespace
