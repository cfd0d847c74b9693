// Run-time loading of libcurl (see curl_api.hpp).
#include "curl_api.hpp"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace vigil::verifiers {
namespace {

CurlApi g_api;
std::string g_error;

template <typename Fn>
bool resolve(void* library, const char* name, Fn& out) {
  out = reinterpret_cast<Fn>(::dlsym(library, name));
  if (!out) g_error = std::string("libcurl has no ") + name + " (too old?)";
  return out != nullptr;
}

void load() {
  const char* override_path = std::getenv("VIGIL_LIBCURL");
  const char* path = override_path && *override_path ? override_path : "libcurl.so.4";
  // Never unloaded: handles and callbacks live until the process ends.
  void* lib = ::dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char* why = ::dlerror();
    g_error = std::string("cannot load ") + path + " (install libcurl4): " + (why ? why : "");
    return;
  }
  CurlApi api;
  const bool ok = resolve(lib, "curl_global_init", api.global_init) &&
                  resolve(lib, "curl_easy_init", api.easy_init) &&
                  resolve(lib, "curl_easy_reset", api.easy_reset) &&
                  resolve(lib, "curl_easy_cleanup", api.easy_cleanup) &&
                  resolve(lib, "curl_easy_setopt", api.easy_setopt) &&
                  resolve(lib, "curl_easy_getinfo", api.easy_getinfo) &&
                  resolve(lib, "curl_multi_init", api.multi_init) &&
                  resolve(lib, "curl_multi_cleanup", api.multi_cleanup) &&
                  resolve(lib, "curl_multi_setopt", api.multi_setopt) &&
                  resolve(lib, "curl_multi_add_handle", api.multi_add_handle) &&
                  resolve(lib, "curl_multi_remove_handle", api.multi_remove_handle) &&
                  resolve(lib, "curl_multi_perform", api.multi_perform) &&
                  resolve(lib, "curl_multi_poll", api.multi_poll) &&
                  resolve(lib, "curl_multi_wakeup", api.multi_wakeup) &&
                  resolve(lib, "curl_multi_info_read", api.multi_info_read) &&
                  resolve(lib, "curl_slist_append", api.slist_append) &&
                  resolve(lib, "curl_slist_free_all", api.slist_free_all) &&
                  resolve(lib, "curl_getdate", api.getdate);
  if (ok) g_api = api;
}

} // namespace

const std::string& load_curl() {
  static std::once_flag once;
  std::call_once(once, load);
  return g_error;
}

const CurlApi& curl() {
  if (const auto& error = load_curl(); !error.empty()) {
    std::fprintf(stderr, "vigil: %s\n", error.c_str());
    std::abort();
  }
  return g_api;
}

} // namespace vigil::verifiers
