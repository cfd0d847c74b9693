// What the engine sends and what it hands back: plain data, no curl types.
#pragma once

#include "vigil/verifiers/address_guard.hpp"

#include <map>
#include <string>
#include <vector>

namespace vigil::verifiers {

/// One prepared request. URL and headers already hold the secret: never log them.
struct HttpRequest {
  std::string method = "GET";
  std::string url;                  ///< final URL, endpoint override applied
  std::vector<std::string> headers; ///< "Name: value"
  std::string body;                 ///< sent with POST
  std::string provider;             ///< original host: the concurrency and rate-limit key
  bool allow_loopback = false;      ///< explicitly mapped loopback endpoint
  bool allow_http = false;          ///< only with allow_loopback
  bool content_host = false;        ///< host came from scanned content
};

/// Why an exchange produced no usable HTTP answer.
enum class Fault { none, timeout, tls, connect, blocked, too_large, protocol, cancelled };

/// The final outcome of a request after retries.
struct HttpResult {
  Fault fault = Fault::none;
  long status = 0;                            ///< last HTTP status (0 without one)
  std::string body;                           ///< last body, within the size cap
  std::map<std::string, std::string> headers; ///< last response's headers, lower-case names
  int attempts = 0;
  AddressClass blocked_class = AddressClass::public_address; ///< for Fault::blocked
  std::string note; ///< why retries stopped, etc.; built from our own words only
};

} // namespace vigil::verifiers
