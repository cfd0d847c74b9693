// libcurl global initialisation (see global_init.hpp).
#include "vigil/verifiers/global_init.hpp"

#include <curl/curl.h>

namespace vigil::verifiers {

bool init_http_library() { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }

} // namespace vigil::verifiers
