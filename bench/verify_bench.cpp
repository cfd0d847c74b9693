// verify_bench: 1,000 distinct secrets verified against a loopback HTTPS server that answers
// each request after 100 ms, with the engine's default concurrency and per-provider caps.
// Prints wall time beside the sequential time (1,000 x the per-request time measured
// sequentially in the same run), the ratio, the server-observed peak concurrency and peak RSS.
#include "loopback_server.hpp"
#include "vigil/detectors/rule_loader.hpp"
#include "vigil/verifiers/global_init.hpp"
#include "vigil/verifiers/verifier.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/resource.h>
#include <vector>

using namespace vigil;
using Clock = std::chrono::steady_clock;

namespace {

detectors::Rule provider_rule(int i) {
  const auto host = "p" + std::to_string(i) + ".bench.test";
  const auto yaml = "rules:\n  - id: bench.p" + std::to_string(i) +
                    "\n    name: bench\n    pattern: '(?P<secret>tok_[a-z0-9]+)'\n    verify:\n"
                    "      read_only: true\n"
                    "      request: {url: 'https://" + host + "/user', headers: {Authorization: 'token {{secret}}'}}\n"
                    "      valid: {status: 200, json: [/login]}\n"
                    "      invalid: {status: 401}\n";
  auto rules = detectors::parse_rules(yaml, "bench.yml");
  if (!rules) {
    std::fprintf(stderr, "%s\n", rules.error().message.c_str());
    std::exit(2);
  }
  return rules.value()[0];
}

struct Run {
  double seconds = 0;
  std::size_t valid = 0;
};

Run run(test::LoopbackServer& server, const std::vector<detectors::Rule>& rules, int secrets,
        verifiers::VerifyOptions options, int salt) {
  for (std::size_t i = 0; i < rules.size(); ++i)
    options.endpoints.push_back(verifiers::parse_endpoint_overrides(
        {"p" + std::to_string(i) + ".bench.test=" + server.base_url() + "/p" + std::to_string(i)}).value()[0]);
  std::vector<verifiers::VerifyInput> inputs;
  for (int s = 0; s < secrets; ++s)
    inputs.push_back({&rules[static_cast<std::size_t>(s) % rules.size()],
                      "tok_" + std::to_string(salt) + "x" + std::to_string(s), {}, ""});
  verifiers::Verifier verifier(options);
  const auto t0 = Clock::now();
  const auto verdicts = verifier.verify(inputs);
  Run r;
  r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  for (const auto& v : verdicts) r.valid += v.status == verifiers::Status::valid;
  return r;
}

} // namespace

int main(int argc, char** argv) {
  if (auto http = verifiers::init_http_library(); !http) {
    std::fprintf(stderr, "verify_bench: %s\n", http.error().message.c_str());
    return 2;
  }
  const int secrets = argc > 1 ? std::atoi(argv[1]) : 1000;
  const int providers = argc > 2 ? std::atoi(argv[2]) : 50;
  test::LoopbackServer server;
  const test::Response slow{200, {{"Content-Type", "application/json"}}, R"({"login":"bench"})",
                            std::chrono::milliseconds(100)};
  std::vector<detectors::Rule> rules;
  for (int i = 0; i < providers; ++i) {
    rules.push_back(provider_rule(i));
    server.route("/p" + std::to_string(i) + "/user", {slow});
  }
  verifiers::VerifyOptions defaults;
  defaults.ca_bundle = server.ca_file();

  // Baseline: the same engine one request at a time, on a sample, scaled to `secrets`.
  auto sequential = defaults;
  sequential.global_concurrency = 1;
  const int sample = 20;
  const auto base = run(server, rules, sample, sequential, 1);
  const double per_request = base.seconds / sample;
  const double sequential_total = per_request * secrets;

  const auto concurrent = run(server, rules, secrets, defaults, 2);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);

  std::printf("verify_bench: %d distinct secrets, %d providers, server delay 100 ms, HTTPS on loopback\n",
              secrets, providers);
  std::printf("defaults: global concurrency %zu, per provider %zu, per-provider rate %.0f/s (burst %.0f)\n",
              defaults.global_concurrency, defaults.provider_concurrency, defaults.provider_rate,
              defaults.provider_burst);
  std::printf("sequential baseline: %.1f ms per request measured (%d requests) -> %.1f s for %d "
              "(nominal 1,000 x 100 ms = %.1f s)\n",
              per_request * 1000, sample, sequential_total, secrets, secrets * 0.1);
  std::printf("concurrent: %.2f s wall, %zu/%d valid\n", concurrent.seconds, concurrent.valid, secrets);
  std::printf("speed-up: %.1fx vs measured sequential, %.1fx vs nominal (target >= 50x)\n",
              sequential_total / concurrent.seconds, secrets * 0.1 / concurrent.seconds);
  std::size_t worst = 0;
  for (int i = 0; i < providers; ++i)
    worst = std::max(worst, server.peak_concurrency("/p" + std::to_string(i)));
  std::printf("server-observed peak concurrency: %zu overall, %zu max per provider (cap %zu)\n",
              server.peak_concurrency("/"), worst, defaults.provider_concurrency);
  std::printf("peak RSS: %.1f MiB (bench process, including the in-process test server)\n",
              usage.ru_maxrss / 1024.0);
  return concurrent.valid == static_cast<std::size_t>(secrets) ? 0 : 1;
}
