// HttpEngine: one thread running a libcurl multi loop. Requests arrive through a bounded queue;
// the loop keeps many in flight under a global and a per-provider cap and a per-provider rate,
// retries what may succeed later within each request's time budget, and guards every address
// it connects to.
#pragma once

#include "http_request.hpp"
#include "vigil/verifiers/verify_options.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

namespace vigil::verifiers {

/// Called once per request on the engine thread with the final result.
using HttpDone = std::function<void(HttpResult)>;

class HttpEngine {
public:
  /// Starts the engine thread. `options` must outlive the engine.
  explicit HttpEngine(const VerifyOptions& options);
  /// Stops the thread; requests still queued or in flight complete with Fault::cancelled.
  ~HttpEngine();
  HttpEngine(const HttpEngine&) = delete;
  HttpEngine& operator=(const HttpEngine&) = delete;

  /// Queues a request; blocks while the queue is full. Thread-safe.
  void submit(HttpRequest request, HttpDone done);

  /// HTTP attempts made so far (retries included).
  std::size_t attempts() const { return attempts_.load(); }

  struct Loop;

private:
  std::unique_ptr<Loop> loop_;
  std::atomic<std::size_t> attempts_{0};
  std::thread thread_;
};

} // namespace vigil::verifiers
