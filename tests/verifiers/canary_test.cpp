// A canary secret sent through every verifier path (valid, invalid, echoed back by the
// provider, every kind of failure, refusals before sending) must appear in no verdict and no log.
#include "verify_fixture.hpp"

using namespace vigil::verify_test;

TEST_CASE("the canary secret appears in no verdict and no log", "[verifiers][canary]") {
  const std::string canary = "tok_canary7Qx2Lm9Zp4Rt8Kw";
  const std::string capture = "IDCANARY55AA";
  Harness h;
  h.options.max_attempts = 2;
  h.options.request_timeout = std::chrono::milliseconds(800);
  h.map("api.provider.test");
  h.map("echo.provider.test");
  const std::string echo_body = "{\"login\":\"" + canary + "\",\"note\":\"" + capture +
                                "\",\"error\":\"bad token " + canary + "\"}";
  const std::vector<std::pair<std::string, std::vector<Response>>> routes = {
      {"/valid", {json(200, R"({"login":"octo"})")}},
      {"/echo", {json(200, echo_body)}},
      {"/invalid", {json(401, echo_body)}},
      {"/waf", {Response{403, {{"Content-Type", "text/html"}}, "<p>" + canary + "</p>"}}},
      {"/error", {json(500, echo_body)}},
      {"/limited", {Response{429, {{"Retry-After", "999999"}}, echo_body}}},
      {"/redirect", {Response{302, {{"Location", "https://10.0.0.1/?t=" + canary}}, ""}}},
      {"/reset", {Response{200, {}, "", {}, false, true}}},
      {"/big", {Response{200, {}, echo_body, {}, false, false, 400 * 1024}}},
      {"/slow", {Response{200, {}, echo_body, std::chrono::milliseconds(2000)}}},
  };
  std::vector<vigil::detectors::Rule> rules;
  for (const auto& [path, script] : routes) {
    h.server.route(path, script);
    rules.push_back(rule_with_verify(
        "test.canary" + std::to_string(rules.size()),
        "(?P<secret>tok_[A-Za-z0-9]+)(?P<kid>ID[A-Z0-9]+)?",
        "      read_only: true\n"
        "      request:\n"
        "        method: POST\n"
        "        url: 'https://api.provider.test" + path + "?key={{secret}}&id={{kid}}'\n"
        "        headers: {Authorization: 'Bearer {{secret}}', X-Id: '{{kid}}'}\n"
        "        body: '{\"token\":\"{{secret}}\"}'\n"
        "      valid: {status: 200, json: [/login]}\n"
        "      invalid: {status: 401}\n"
        "      identity: {account: /login, note: /note, error: /error}\n"));
  }
  // Refusals before sending: a content host not allowed, a missing capture.
  rules.push_back(rule_with_verify(
      "test.canary.content", "(?P<host>[a-z.]+)(?P<secret>tok_[A-Za-z0-9]+)",
      "      read_only: true\n"
      "      request: {url: 'https://{{host}}/x?k={{secret}}'}\n"
      "      valid: {status: 200, json: [/id]}\n      invalid: {status: 401}\n"));
  rules.push_back(rule_with_verify(
      "test.canary.missing", "(?P<secret>tok_[A-Za-z0-9]+)(?P<other>O+)?",
      "      read_only: true\n"
      "      request: {url: 'https://api.provider.test/x/{{other}}', headers: {A: '{{secret}}'}}\n"
      "      valid: {status: 200, json: [/id]}\n      invalid: {status: 401}\n"));

  std::vector<VerifyInput> inputs;
  for (const auto& r : rules)
    inputs.push_back({&r, canary, {{"kid", capture}, {"host", "gitlab.test"}}, ""});
  // Each rule gets its own run: one string claimed by many equal rules would be ambiguous.
  std::string everything;
  for (const auto& input : inputs) {
    Verifier verifier(h.options);
    for (const auto& v : verifier.verify({input})) {
      everything += describe(v) + "\n" + v.detail + "\n";
      INFO(input.rule->id << ": " << describe(v));
    }
  }
  everything += h.all_logs();
  INFO(everything);
  CHECK(everything.find(canary) == std::string::npos);
  CHECK(everything.find(capture) == std::string::npos);
  CHECK(everything.find("[redacted]") != std::string::npos);
  // The provider did receive it, in every place the template put it.
  bool seen = false;
  for (const auto& r : h.server.requests()) {
    if (r.target.find("/echo") != 0) continue;
    seen = true;
    CHECK(r.headers.at("authorization") == "Bearer " + canary);
    CHECK(r.body == "{\"token\":\"" + canary + "\"}");
    CHECK(r.target.find("key=" + canary) != std::string::npos);
  }
  CHECK(seen);
}
