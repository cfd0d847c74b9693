// --verify-endpoint HOST=URL and VIGIL_VERIFY_ENDPOINTS: https anywhere, http only to loopback.
#include "verify_fixture.hpp"

#include <cstdlib>

using namespace vigil::verify_test;

TEST_CASE("endpoint overrides parse and enforce https", "[verifiers][endpoints]") {
  auto ok = parse_endpoint_overrides({"API.GitHub.com=https://ghe.corp.example/api/v3/",
                                      "slack.com=http://127.0.0.1:8080", "x.test=http://[::1]:99"});
  REQUIRE(ok.ok());
  CHECK(ok.value()[0].host == "api.github.com");
  CHECK(ok.value()[0].base_url == "https://ghe.corp.example/api/v3");
  CHECK_FALSE(ok.value()[0].loopback);
  CHECK(ok.value()[1].loopback);
  CHECK(ok.value()[2].loopback);
  for (const char* bad : {"noequals", "=https://x", "h=", "h=http://10.0.0.1", "h=http://example.com",
                          "h=ftp://127.0.0.1", "h=https://user@x.test", "bad host=https://x.test",
                          "h=https://x.test/?q=1"}) {
    INFO(bad);
    const auto r = parse_endpoint_overrides({bad});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find(bad) != std::string::npos);
  }
}

TEST_CASE("endpoint specs come from VIGIL_VERIFY_ENDPOINTS", "[verifiers][endpoints]") {
  setenv("VIGIL_VERIFY_ENDPOINTS", " a.test=https://x.test , b.test=http://127.0.0.1:1,", 1);
  const auto specs = endpoint_specs_from_env();
  unsetenv("VIGIL_VERIFY_ENDPOINTS");
  REQUIRE(specs.size() == 2);
  CHECK(specs[0] == "a.test=https://x.test");
  CHECK(specs[1] == "b.test=http://127.0.0.1:1");
}

TEST_CASE("a base URL with a path prefixes the provider's path", "[verifiers][endpoints]") {
  Harness h;
  h.map("api.provider.test", "/ghe/api/v3");
  h.server.route("/ghe/api/v3/user", {json(200, R"({"login":"octo"})")});
  const auto rule = rule_with_verify("test.prefix", "(?P<secret>tok_[a-z0-9]+)", basic_block());
  CHECK(h.verify_one(rule, "tok_prefix123456").status == Status::valid);
}
