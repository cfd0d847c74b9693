// LoopbackServer: a real HTTP/1.1 (optionally TLS) server on 127.0.0.1 or ::1, port 0, started
// by tests and benchmarks to stand in for providers. Each path answers from a script of
// responses; a response can be delayed, trickled, reset, oversized or redirect anywhere.
// TLS uses a self-signed certificate generated at start-up and written to a temp CA file.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace vigil::test {

/// One scripted answer.
struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0}; ///< wait before answering
  bool trickle = false;               ///< send the body one byte per second
  bool reset = false;                 ///< reset the connection instead of answering
  std::size_t oversize = 0;           ///< append this many filler bytes to the body
};

/// A request as received.
struct Request {
  std::string method;
  std::string target; ///< path and query
  std::map<std::string, std::string> headers; ///< lower-case names
  std::string body;
};

class LoopbackServer {
public:
  struct Options {
    bool tls = true;
    bool ipv6 = false;           ///< bind ::1 instead of 127.0.0.1
    bool untrusted_cert = false; ///< serve a certificate other than the one in ca_file()
  };

  explicit LoopbackServer(Options options);
  LoopbackServer() : LoopbackServer(Options{}) {}
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  int port() const;
  /// "https://127.0.0.1:PORT" (or http, or [::1]).
  std::string base_url() const;
  /// PEM file of the certificate clients should trust.
  const std::string& ca_file() const;

  /// Answers on `path` (query ignored) with `script` in turn; the last one repeats.
  void route(const std::string& path, std::vector<Response> script);
  /// Answer for paths without a route (default: 404 "not found").
  void fallback(Response response);

  /// Requests received on `path`.
  std::size_t hits(const std::string& path) const;
  std::size_t total_hits() const;
  /// Every request received, in arrival order.
  std::vector<Request> requests() const;
  /// Highest number of requests being answered at once on paths starting with `prefix`.
  std::size_t peak_concurrency(const std::string& prefix = "/") const;

  struct Impl;

private:
  std::unique_ptr<Impl> impl_;
};

} // namespace vigil::test
