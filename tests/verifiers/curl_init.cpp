// libcurl's global initialisation for the verifier test binary, once, before any thread, through
// the product's own loader (the vigil executable does the same on its first verification).
#include "vigil/verifiers/global_init.hpp"

#include <cstdio>
#include <cstdlib>

namespace {
struct CurlGlobal {
  CurlGlobal() {
    if (auto ok = vigil::verifiers::init_http_library(); !ok) {
      std::fprintf(stderr, "%s\n", ok.error().message.c_str());
      std::exit(2);
    }
  }
} curl_global;
} // namespace
