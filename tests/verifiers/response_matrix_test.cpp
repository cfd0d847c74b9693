// The verdict for every kind of answer a provider (or something in front of it) can give,
// against a real HTTPS server on loopback: only declared answers are valid or invalid.
#include "verify_fixture.hpp"

#include <ctime>

using namespace vigil::verify_test;

namespace {

const char* kSecret = "tok_matrix_5bX9qLw2ZrT8vK3m";

struct Case {
  const char* name;
  std::vector<Response> script;
  Status status;
  Reason reason;
};

std::string http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

} // namespace

TEST_CASE("each provider answer maps to one verdict", "[verifiers][matrix]") {
  const auto rule = rule_with_verify("test.matrix", "(?P<secret>tok_[a-z0-9]+)", basic_block());
  const Response waf{403, {{"Content-Type", "text/html"}}, "<html><body>Request blocked</body></html>"};
  const std::vector<Case> cases = {
      {"200 with the expected identity", {json(200, R"({"login":"octo"})")}, Status::valid, Reason::none},
      {"200 without the identity", {json(200, R"({"message":"hello"})")}, Status::unknown, Reason::unexpected_response},
      {"200 HTML", {Response{200, {{"Content-Type", "text/html"}}, "<html>login</html>"}}, Status::unknown, Reason::unexpected_response},
      {"401", {json(401, R"({"message":"Bad credentials"})")}, Status::invalid, Reason::none},
      {"403 JSON (not declared)", {json(403, R"({"message":"forbidden"})")}, Status::unknown, Reason::unexpected_response},
      {"403 HTML WAF page", {waf}, Status::unknown, Reason::unexpected_response},
      {"404", {json(404, R"({"message":"not found"})")}, Status::unknown, Reason::unexpected_response},
      {"500", {json(500, "{}")}, Status::unknown, Reason::server_error},
      {"502 then 200", {json(502, "{}"), json(200, R"({"login":"octo"})")}, Status::valid, Reason::none},
      {"503 always", {json(503, "{}")}, Status::unknown, Reason::server_error},
      {"429 Retry-After seconds then 200",
       {Response{429, {{"Retry-After", "1"}}, ""}, json(200, R"({"login":"octo"})")}, Status::valid, Reason::none},
      {"429 Retry-After absurd", {Response{429, {{"Retry-After", "99999999"}}, ""}}, Status::unknown, Reason::rate_limited},
      {"redirect to a private address",
       {Response{302, {{"Location", "http://10.0.0.1/user"}}, ""}}, Status::unknown, Reason::redirect},
      {"reset connection", {Response{200, {}, "", std::chrono::milliseconds(0), false, true}}, Status::unknown, Reason::connection_failed},
      {"body over the size cap", {Response{200, {}, R"({"login":"x"})", {}, false, false, 300 * 1024}}, Status::unknown, Reason::too_large},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      Harness h;
      h.map("api.provider.test");
      h.server.route("/user", c.script);
      const auto v = h.verify_one(rule, kSecret);
      INFO(c.name << ": " << to_string(v.status) << " / " << describe(v));
      CHECK(v.status == c.status);
      CHECK(v.reason == c.reason);
      CHECK(describe(v).find(kSecret) == std::string::npos);
      if (c.status == Status::valid) CHECK(v.detail == "account octo");
      REQUIRE(h.server.total_hits() >= 1);
      CHECK(h.server.requests().front().headers.at("authorization") == std::string("token ") + kSecret);
    }
  }
}

TEST_CASE("429 with Retry-After as an HTTP date is honoured", "[verifiers][matrix]") {
  const auto rule = rule_with_verify("test.date", "(?P<secret>tok_[a-z0-9]+)", basic_block());
  Harness h;
  h.map("api.provider.test");
  h.server.route("/user", {Response{429, {{"Retry-After", http_date(std::time(nullptr) + 1)}}, ""},
                           json(200, R"({"login":"octo"})")});
  const auto v = h.verify_one(rule, kSecret);
  CHECK(v.status == Status::valid);
  CHECK(h.server.hits("/user") == 2);
}

TEST_CASE("retries stop at the attempt limit and give unknown", "[verifiers][matrix]") {
  const auto rule = rule_with_verify("test.retry", "(?P<secret>tok_[a-z0-9]+)", basic_block());
  Harness h;
  h.options.max_attempts = 3;
  h.map("api.provider.test");
  h.server.route("/user", {json(504, "{}")});
  const auto v = h.verify_one(rule, kSecret);
  CHECK(v.status == Status::unknown);
  CHECK(v.reason == Reason::server_error);
  CHECK(h.server.hits("/user") == 3);
  // A 401 is determinate: asked once, never retried.
  h.server.route("/user", {json(401, "{}")});
  CHECK(h.verify_one(rule, kSecret).status == Status::invalid);
  CHECK(h.server.hits("/user") == 4);
}

TEST_CASE("slow providers time out as unknown", "[verifiers][matrix][slow]") {
  const auto rule = rule_with_verify("test.slow", "(?P<secret>tok_[a-z0-9]+)", basic_block());
  Harness h;
  h.options.max_attempts = 1;
  h.map("api.provider.test");
  SECTION("no answer within the request timeout") {
    h.options.request_timeout = std::chrono::milliseconds(500);
    h.server.route("/user", {Response{200, {}, R"({"login":"x"})", std::chrono::milliseconds(3000)}});
    const auto v = h.verify_one(rule, kSecret);
    CHECK(v.status == Status::unknown);
    CHECK(v.reason == Reason::timeout);
  }
  SECTION("a body trickling at one byte per second") {
    h.server.route("/user", {Response{200, {}, R"({"login":"octocat-with-a-long-name"})", {}, true}});
    const auto v = h.verify_one(rule, kSecret);
    CHECK(v.status == Status::unknown);
    CHECK(v.reason == Reason::timeout);
  }
}

TEST_CASE("a certificate the CA bundle does not vouch for is a TLS error", "[verifiers][matrix]") {
  const auto rule = rule_with_verify("test.tls", "(?P<secret>tok_[a-z0-9]+)", basic_block());
  LoopbackServer::Options o;
  o.untrusted_cert = true;
  Harness h(o);
  h.map("api.provider.test");
  h.server.route("/user", {json(200, R"({"login":"octo"})")});
  const auto v = h.verify_one(rule, kSecret);
  CHECK(v.status == Status::unknown);
  CHECK(v.reason == Reason::tls_error);
  CHECK(h.server.hits("/user") == 0); // the request never left the client
}

TEST_CASE("plain http is used only for a mapped loopback endpoint", "[verifiers][matrix]") {
  const auto rule = rule_with_verify("test.http", "(?P<secret>tok_[a-z0-9]+)", basic_block());
  LoopbackServer::Options o;
  o.tls = false;
  Harness h(o);
  h.map("api.provider.test");
  h.server.route("/user", {json(200, R"({"login":"octo"})")});
  CHECK(h.verify_one(rule, kSecret).status == Status::valid);
  CHECK_FALSE(parse_endpoint_overrides({"api.provider.test=http://203.0.113.5"}).ok());
}
