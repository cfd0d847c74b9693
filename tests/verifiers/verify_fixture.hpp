// Helpers for verifier tests: rules parsed from YAML by the real loader, a loopback provider
// server, and options that point a provider host at it with short timeouts.
#pragma once

#include "loopback_server.hpp"
#include "vigil/detectors/rule_loader.hpp"
#include "vigil/verifiers/verifier.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace vigil::verify_test {

using namespace vigil::verifiers;
using vigil::test::LoopbackServer;
using vigil::test::Response;

/// One rule from YAML lines of its `verify:` block (each indented by six spaces).
inline detectors::Rule rule_with_verify(const std::string& id, const std::string& pattern,
                                        const std::string& verify_block,
                                        const std::string& confidence = "high") {
  const std::string yaml = "rules:\n  - id: " + id + "\n    name: Test " + id +
                           "\n    pattern: '" + pattern + "'\n    confidence: " + confidence +
                           "\n    examples: ['x']\n    negative_examples: ['y']\n    verify:\n" +
                           verify_block;
  auto rules = detectors::parse_rules(yaml, "test.yml");
  INFO((rules ? std::string() : rules.error().message));
  REQUIRE(rules.ok());
  REQUIRE(rules.value().size() == 1);
  return rules.value()[0];
}

/// A GitHub-like verify block for host `host`, path /user: 200 with /login valid, 401 invalid.
inline std::string basic_block(const std::string& host = "api.provider.test",
                               const std::string& path = "/user") {
  return "      read_only: true\n"
         "      request:\n"
         "        url: https://" + host + path + "\n"
         "        headers: {Authorization: 'token {{secret}}'}\n"
         "      valid: {status: 200, json: [/login]}\n"
         "      invalid: {status: 401}\n"
         "      identity: {account: /login}\n";
}

/// Options for fast tests: short timeouts and backoff, the server's CA, log captured.
struct Harness {
  explicit Harness(LoopbackServer::Options server_options = {}) : server(server_options) {
    options.ca_bundle = server.ca_file();
    options.connect_timeout = std::chrono::milliseconds(2000);
    options.request_timeout = std::chrono::milliseconds(3000);
    options.low_speed_limit = 100;
    options.low_speed_time = std::chrono::seconds(1);
    options.finding_budget = std::chrono::milliseconds(6000);
    options.backoff_base = std::chrono::milliseconds(20);
    options.backoff_max = std::chrono::milliseconds(100);
    options.retry_after_cap = std::chrono::seconds(3);
    options.log = [this](std::string_view line) {
      std::lock_guard lock(log_mutex);
      logs.emplace_back(line);
    };
  }

  /// Maps `host` to the server's base URL (+ `prefix`).
  void map(const std::string& host, const std::string& prefix = "") {
    auto parsed = parse_endpoint_overrides({host + "=" + server.base_url() + prefix});
    REQUIRE(parsed.ok());
    for (auto& o : parsed.value()) options.endpoints.push_back(o);
  }

  /// Verifies one secret with `rule` on a fresh Verifier.
  Verdict verify_one(const detectors::Rule& rule, const std::string& secret,
                     std::vector<std::pair<std::string, std::string>> captures = {}) {
    Verifier verifier(options);
    return verifier.verify({VerifyInput{&rule, secret, std::move(captures), ""}}).at(0);
  }

  std::string all_logs() {
    std::lock_guard lock(log_mutex);
    std::string out;
    for (const auto& l : logs) out += l + "\n";
    return out;
  }

  LoopbackServer server;
  VerifyOptions options;
  std::mutex log_mutex;
  std::vector<std::string> logs;
};

inline Response json(int status, std::string body) {
  return Response{status, {{"Content-Type", "application/json"}}, std::move(body)};
}

} // namespace vigil::verify_test
