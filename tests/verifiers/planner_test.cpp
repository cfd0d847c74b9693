// What gets asked: each distinct secret once, the most specific provider only, pairs by their
// captures, content hosts only when allowed, and the cache answering repeat runs.
#include "verify_fixture.hpp"

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace vigil::verify_test;

TEST_CASE("identical secrets are verified once", "[verifiers][planner]") {
  Harness h;
  h.map("api.provider.test");
  h.server.route("/user", {json(200, R"({"login":"octo"})")});
  const auto rule = rule_with_verify("test.dedup", "(?P<secret>tok_[a-z0-9]+)", basic_block());
  Verifier verifier(h.options);
  std::vector<VerifyInput> inputs;
  for (int i = 0; i < 5; ++i) inputs.push_back({&rule, "tok_same123456", {}, ""});
  inputs.push_back({&rule, "tok_other123456", {}, ""});
  const auto verdicts = verifier.verify(inputs);
  for (const auto& v : verdicts) CHECK(v.status == Status::valid);
  CHECK(h.server.hits("/user") == 2);
  CHECK(verifier.stats().distinct == 2);
}

TEST_CASE("a string claimed by two providers goes to the most specific or to none", "[verifiers][planner]") {
  Harness h;
  h.map("a.provider.test");
  h.map("b.provider.test");
  h.server.route("/a", {json(200, R"({"login":"from-a"})")});
  h.server.route("/b", {json(200, R"({"login":"from-b"})")});
  const std::string secret = "abc_0123456789abcdef";
  SECTION("the more specific rule wins; the other gets its answer") {
    const auto specific = rule_with_verify("test.specific", "(?P<secret>abc_[0-9a-f]{16})",
                                           basic_block("a.provider.test", "/a"), "high");
    const auto generic = rule_with_verify("test.generic", "(?P<secret>[a-z]{3}_[0-9a-f]{16})",
                                          basic_block("b.provider.test", "/b"), "low");
    Verifier verifier(h.options);
    const auto v = verifier.verify({{&generic, secret, {}, ""}, {&specific, secret, {}, ""}});
    CHECK(v[1].status == Status::valid);
    CHECK(v[1].detail == "account from-a");
    CHECK(v[0].status == Status::valid);
    CHECK(v[0].detail == "as test.specific: account from-a");
    CHECK(h.server.hits("/a") == 1);
    CHECK(h.server.hits("/b") == 0);
  }
  SECTION("equally specific rules of two providers: not sent at all") {
    const auto one = rule_with_verify("test.one", "(?P<secret>abc_[0-9a-f]{16})",
                                      basic_block("a.provider.test", "/a"));
    const auto two = rule_with_verify("test.two", "(?P<secret>abc_[0-9a-f]{16})",
                                      basic_block("b.provider.test", "/b"));
    Verifier verifier(h.options);
    const auto v = verifier.verify({{&one, secret, {}, ""}, {&two, secret, {}, ""}});
    for (const auto& x : v) {
      CHECK(x.status == Status::not_checked);
      CHECK(x.reason == Reason::ambiguous);
    }
    CHECK(h.server.total_hits() == 0);
  }
}

TEST_CASE("pairs: id and secret found together; a missing part is not checked", "[verifiers][planner]") {
  Harness h;
  h.map("api.pair.test");
  h.server.route("/Accounts/AC1.json", {json(200, R"({"friendly_name":"one"})")});
  h.server.route("/Accounts/AC2.json", {json(401, R"({"code":20003})")});
  const auto rule = rule_with_verify(
      "test.pair", "(?P<sid>AC[0-9]+).{0,40}?(?P<secret>[0-9a-f]{32})",
      "      read_only: true\n"
      "      request:\n"
      "        url: 'https://api.pair.test/Accounts/{{sid}}.json'\n"
      "        auth: {basic: {username: '{{sid}}', password: '{{secret}}'}}\n"
      "      valid: {status: 200, json: [/friendly_name]}\n"
      "      invalid: {status: 401}\n"
      "      identity: {account: /friendly_name}\n");
  const std::string secret(32, 'a');
  Verifier verifier(h.options);
  const auto v = verifier.verify({{&rule, secret, {{"sid", "AC1"}}, ""},
                                  {&rule, secret, {{"sid", "AC2"}}, ""},
                                  {&rule, secret, {}, ""}});
  CHECK(v[0].status == Status::valid);
  CHECK(v[0].detail == "account one");
  CHECK(v[1].status == Status::invalid);
  CHECK(v[2].status == Status::not_checked);
  CHECK(v[2].reason == Reason::missing_input);
  CHECK(h.server.total_hits() == 2);
  const auto reqs = h.server.requests();
  CHECK(reqs[0].headers.at("authorization").rfind("Basic ", 0) == 0);
}

TEST_CASE("hosts from scanned content need --verify-content-hosts", "[verifiers][planner]") {
  Harness h;
  h.server.route("/api/v4/user", {json(200, R"({"username":"root"})")});
  const auto rule = rule_with_verify(
      "test.selfhosted", "(?P<host>[a-z.]+)/(?P<secret>glpat-[a-z0-9]+)",
      "      read_only: true\n"
      "      request: {url: 'https://{{host}}/api/v4/user', headers: {PRIVATE-TOKEN: '{{secret}}'}}\n"
      "      valid: {status: 200, json: [/username]}\n"
      "      invalid: {status: 401}\n"
      "      identity: {user: /username}\n");
  h.map("gitlab.corp.test");
  const std::vector<std::pair<std::string, std::string>> captures{{"host", "gitlab.corp.test"}};
  auto v = h.verify_one(rule, "glpat-abcdef123456", captures);
  CHECK(v.status == Status::not_checked);
  CHECK(v.reason == Reason::content_host);
  CHECK(h.server.total_hits() == 0);
  h.options.content_hosts = true;
  v = h.verify_one(rule, "glpat-abcdef123456", captures);
  CHECK(v.status == Status::valid);
  CHECK(v.detail == "user root");
  // A capture that is not a plain host never becomes a request.
  v = h.verify_one(rule, "glpat-abcdef123456", {{"host", "evil.test@10.0.0.1"}});
  CHECK(v.status == Status::not_checked);
  CHECK(h.server.total_hits() == 1);
}

TEST_CASE("a provider-owned host with a variable label stays on the provider's domain", "[verifiers][planner]") {
  Harness h;
  const auto rule = rule_with_verify(
      "test.dc", "(?P<secret>[0-9a-f]{8}-(?P<dc>[a-z0-9]+))",
      "      read_only: true\n"
      "      request: {url: 'https://{{dc}}.api.provider.test/3.0/ping', auth: {basic: {username: any, password: '{{secret}}'}}}\n"
      "      valid: {status: 200, json: [/health_status]}\n"
      "      invalid: {status: 401}\n");
  h.map("us6.api.provider.test");
  h.server.route("/3.0/ping", {json(200, R"({"health_status":"ok"})")});
  CHECK(h.verify_one(rule, "0123abcd-us6", {{"dc", "us6"}}).status == Status::valid);
  const auto v = h.verify_one(rule, "0123abcd-x", {{"dc", "evil.test:443/x#"}});
  CHECK(v.status == Status::not_checked);
  CHECK(h.server.total_hits() == 1);
}

TEST_CASE("the cache answers repeat runs; without it providers are asked again", "[verifiers][planner][cache]") {
  Harness h;
  h.map("api.provider.test");
  h.server.route("/user", {json(200, R"({"login":"octo"})")});
  const auto dir = std::filesystem::temp_directory_path() / ("vigil-vcache-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  const auto rule = rule_with_verify("test.cache", "(?P<secret>tok_[a-z0-9]+)", basic_block());
  const std::vector<VerifyInput> inputs{{&rule, "tok_cached123456", {}, "fp-1"}};
  h.options.cache_file = dir / "verify-cache.tsv";
  {
    Verifier first(h.options);
    CHECK(first.verify(inputs)[0].status == Status::valid);
  }
  CHECK(h.server.hits("/user") == 1);
  {
    Verifier second(h.options);
    const auto v = second.verify(inputs)[0];
    CHECK(v.status == Status::valid);
    CHECK(v.detail == "account octo");
    CHECK(second.stats().from_cache == 1);
  }
  CHECK(h.server.hits("/user") == 1);
  // The file holds no secret, only the caller's key.
  std::ifstream in(dir / "verify-cache.tsv");
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  CHECK(text.find("tok_cached123456") == std::string::npos);
  CHECK(text.find("fp-1") != std::string::npos);
  // --no-verify-cache (and ledger rechecks): asked again.
  h.options.cache_file.reset();
  Verifier third(h.options);
  CHECK(third.verify(inputs)[0].status == Status::valid);
  CHECK(h.server.hits("/user") == 2);
  // Unknown answers are never cached.
  h.options.cache_file = dir / "verify-cache.tsv";
  h.server.route("/user", {json(500, "{}")});
  const std::vector<VerifyInput> other{{&rule, "tok_flaky123456", {}, "fp-2"}};
  h.options.max_attempts = 1;
  Verifier fourth(h.options);
  CHECK(fourth.verify(other)[0].status == Status::unknown);
  Verifier fifth(h.options);
  CHECK(fifth.verify(other)[0].status == Status::unknown);
  CHECK(h.server.hits("/user") == 4);
  std::filesystem::remove_all(dir);
}

TEST_CASE("rules without verify blocks are not checked", "[verifiers][planner]") {
  Harness h;
  auto rules = vigil::detectors::parse_rules(
      "rules:\n  - id: a.b\n    name: n\n    pattern: x\n", "f.yml");
  REQUIRE(rules.ok());
  Verifier verifier(h.options);
  const auto v = verifier.verify({{&rules.value()[0], "x", {}, ""}});
  CHECK(v[0].status == Status::not_checked);
  CHECK(v[0].reason == Reason::no_verifier);
  CHECK(v[0].checked_at == 0);
}
