// Verifier: the entry point of the layer. Takes (rule, secret, captures) triples, decides which
// are asked at all (one request per distinct secret, the most specific provider, the cache),
// runs them on the async engine and returns one verdict per input.
#pragma once

#include "vigil/detectors/rule.hpp"
#include "vigil/verifiers/verdict.hpp"
#include "vigil/verifiers/verify_options.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace vigil::verifiers {

/// One thing to verify. `rule` must outlive the call.
struct VerifyInput {
  const detectors::Rule* rule = nullptr;
  std::string secret;
  std::vector<std::pair<std::string, std::string>> captures; ///< named groups beside the secret
  std::string cache_key; ///< e.g. the finding's HMAC fingerprint; empty: not cached
};

/// Counters of one run, for summaries and benchmarks.
struct VerifyStats {
  std::size_t requested = 0;  ///< inputs
  std::size_t distinct = 0;   ///< distinct secrets asked about
  std::size_t from_cache = 0; ///< answered by the cache
  std::size_t attempts = 0;   ///< HTTP attempts made (retries included)
};

class HttpEngine;

/// Owns the engine thread. Thread-safe: verify() may be called from several threads.
class Verifier {
public:
  explicit Verifier(VerifyOptions options);
  ~Verifier();
  Verifier(const Verifier&) = delete;
  Verifier& operator=(const Verifier&) = delete;

  /// Verdicts for `inputs`, in the same order. Blocks the caller (never a scanning thread:
  /// the cli calls it once findings are collected) until every verdict is known.
  std::vector<Verdict> verify(const std::vector<VerifyInput>& inputs);

  /// Totals since construction.
  VerifyStats stats() const;

private:
  struct State;
  std::unique_ptr<State> state_;
};

} // namespace vigil::verifiers
