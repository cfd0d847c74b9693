// RAII owners for libcurl handles. Private to the verifiers layer: curl.h never reaches a
// public header.
#pragma once

#include "curl_api.hpp"

#include <memory>

namespace vigil::verifiers {

struct CurlEasyDeleter {
  void operator()(CURL* h) const noexcept { curl().easy_cleanup(h); }
};
struct CurlMultiDeleter {
  void operator()(CURLM* h) const noexcept { curl().multi_cleanup(h); }
};
struct CurlSlistDeleter {
  void operator()(curl_slist* l) const noexcept { curl().slist_free_all(l); }
};

using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
using CurlMulti = std::unique_ptr<CURLM, CurlMultiDeleter>;
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;

/// Appends `line` to `list`, keeping ownership in the unique_ptr. False on allocation failure.
inline bool slist_append(CurlSlist& list, const char* line) {
  curl_slist* grown = curl().slist_append(list.get(), line);
  if (!grown) return false;
  (void)list.release();
  list.reset(grown);
  return true;
}

} // namespace vigil::verifiers
