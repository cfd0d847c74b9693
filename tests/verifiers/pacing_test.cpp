// Pacing: the global and per-provider concurrency caps hold under load (observed by the server),
// the token bucket paces per provider, and the retry policy's pieces behave.
#include "verify_fixture.hpp"

#include "retry_policy.hpp"

using namespace vigil::verify_test;

TEST_CASE("concurrency caps hold per provider and overall", "[verifiers][pacing]") {
  Harness h;
  h.options.global_concurrency = 6;
  h.options.provider_concurrency = 2;
  h.options.provider_rate = 0; // no rate limit: only the caps shape the load
  std::vector<vigil::detectors::Rule> rules;
  for (int p = 0; p < 4; ++p) {
    const auto host = "p" + std::to_string(p) + ".provider.test";
    h.map(host, "/p" + std::to_string(p));
    h.server.route("/p" + std::to_string(p) + "/user",
                   {Response{200, {{"Content-Type", "application/json"}}, R"({"login":"x"})",
                             std::chrono::milliseconds(150)}});
    rules.push_back(rule_with_verify("test.cap" + std::to_string(p), "(?P<secret>tok_[a-z0-9]+)",
                                     basic_block(host)));
  }
  std::vector<VerifyInput> inputs;
  for (int i = 0; i < 40; ++i)
    inputs.push_back({&rules[i % 4], "tok_cap" + std::to_string(i) + "x" + std::to_string(i % 4), {}, ""});
  Verifier verifier(h.options);
  const auto verdicts = verifier.verify(inputs);
  for (const auto& v : verdicts) CHECK(v.status == Status::valid);
  CHECK(h.server.total_hits() == 40);
  CHECK(h.server.peak_concurrency("/") <= 6);
  CHECK(h.server.peak_concurrency("/") >= 2); // requests really overlapped
  for (int p = 0; p < 4; ++p) CHECK(h.server.peak_concurrency("/p" + std::to_string(p)) <= 2);
}

TEST_CASE("the token bucket releases burst then rate", "[verifiers][pacing]") {
  const auto t0 = Clock::now();
  TokenBucket bucket(10.0, 3.0, t0);
  int taken = 0;
  while (bucket.take(t0)) ++taken;
  CHECK(taken == 3);
  CHECK(bucket.next_token(t0) - t0 == std::chrono::milliseconds(100));
  CHECK_FALSE(bucket.take(t0 + std::chrono::milliseconds(50)));
  CHECK(bucket.take(t0 + std::chrono::milliseconds(101)));
  CHECK_FALSE(bucket.take(t0 + std::chrono::milliseconds(102)));
  // Ten seconds idle refill only up to the burst.
  const auto later = t0 + std::chrono::seconds(10);
  taken = 0;
  while (bucket.take(later)) ++taken;
  CHECK(taken == 3);
}

TEST_CASE("retry policy pieces", "[verifiers][pacing]") {
  CHECK(is_retryable(Fault::none, 429));
  CHECK(is_retryable(Fault::none, 502));
  CHECK(is_retryable(Fault::none, 503));
  CHECK(is_retryable(Fault::none, 504));
  CHECK_FALSE(is_retryable(Fault::none, 500));
  CHECK_FALSE(is_retryable(Fault::none, 401));
  CHECK(is_retryable(Fault::connect, 0));
  CHECK(is_retryable(Fault::timeout, 0));
  CHECK_FALSE(is_retryable(Fault::blocked, 0));
  CHECK_FALSE(is_retryable(Fault::tls, 0));
  CHECK(parse_retry_after("7", 0) == std::chrono::seconds(7));
  CHECK(parse_retry_after(" 0 ", 0) == std::chrono::seconds(0));
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470) == std::chrono::seconds(10));
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412490) == std::chrono::seconds(0));
  CHECK(parse_retry_after("99999999999999999999", 0) > std::chrono::hours(24 * 365));
  CHECK_FALSE(parse_retry_after("soon", 0).has_value());
  std::mt19937_64 rng(1);
  for (int attempt = 1; attempt < 8; ++attempt) {
    const auto d = backoff_delay(attempt, std::chrono::milliseconds(100), std::chrono::milliseconds(1000), rng);
    const auto ceiling = std::min<long>(1000, 100L << (attempt - 1));
    CHECK(d.count() >= ceiling / 2);
    CHECK(d.count() <= ceiling);
  }
}
