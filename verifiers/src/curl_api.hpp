// libcurl's entry points, resolved from the shared library at run time. Linking libcurl made
// every process map it and the ~30 libraries it pulls in (TLS, Kerberos, LDAP, ...): about 60%
// of a small scan's start-up. Only verification needs HTTP, so only verification loads it.
#pragma once

#include <curl/curl.h>

#include <string>

namespace vigil::verifiers {

/// The libcurl functions the verifiers call, with libcurl's own signatures.
struct CurlApi {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_reset) easy_reset = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_multi_init) multi_init = nullptr;
  decltype(&::curl_multi_cleanup) multi_cleanup = nullptr;
  decltype(&::curl_multi_setopt) multi_setopt = nullptr;
  decltype(&::curl_multi_add_handle) multi_add_handle = nullptr;
  decltype(&::curl_multi_remove_handle) multi_remove_handle = nullptr;
  decltype(&::curl_multi_perform) multi_perform = nullptr;
  decltype(&::curl_multi_poll) multi_poll = nullptr;
  decltype(&::curl_multi_wakeup) multi_wakeup = nullptr;
  decltype(&::curl_multi_info_read) multi_info_read = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
  decltype(&::curl_getdate) getdate = nullptr;
};

/// Loads libcurl once (from $VIGIL_LIBCURL if set, else libcurl.so.4) and resolves every entry
/// point; returns an empty string on success, else why not (the library or symbol missing).
const std::string& load_curl();

/// The loaded API. Loads on first use; a caller that skipped load_curl() and hit a missing
/// libcurl gets a clear message and an abort, never a call through a null pointer.
const CurlApi& curl();

} // namespace vigil::verifiers
