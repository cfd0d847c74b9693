// URL templating of values in a path: ':' stays as is (RFC 3986 allows it in a path segment, and
// tokens such as Telegram's "<bot id>:<secret>" live there), everything else keeps its escapes,
// and a query after the path escapes ':' again.
#include "verify_fixture.hpp"

#include "template.hpp"

using namespace vigil::verify_test;

TEST_CASE("path values keep ':' and escape the rest", "[verifiers][template]") {
  const std::map<std::string, std::string> values{{"secret", "123:AA/b?c#d e"}};
  CHECK(url_encode_path("123:AA/b") == "123:AA%2Fb");
  CHECK(url_encode("123:AA") == "123%3AAA");
  CHECK(render_template("/bot{{secret}}/getMe", values, Escape::url_path).value() ==
        "/bot123:AA%2Fb%3Fc%23d%20e/getMe");
  // After a literal '?' the value is in the query and ':' is escaped as before.
  CHECK(render_template("/v1/{{secret}}?key={{secret}}", values, Escape::url_path).value() ==
        "/v1/123:AA%2Fb%3Fc%23d%20e?key=123%3AAA%2Fb%3Fc%23d%20e");
  CHECK(render_template("/x#{{secret}}", values, Escape::url_path).value() ==
        "/x#123%3AAA%2Fb%3Fc%23d%20e");
  // An explicit filter wins over the path default; plain `url` is unchanged.
  CHECK(render_template("/bot{{secret|urlencode}}", values, Escape::url_path).value() ==
        "/bot123%3AAA%2Fb%3Fc%23d%20e");
  CHECK(render_template("/bot{{secret}}", values, Escape::url).value() ==
        "/bot123%3AAA%2Fb%3Fc%23d%20e");
}

TEST_CASE("a token with ':' reaches the provider path unescaped", "[verifiers][template]") {
  const auto rule = rule_with_verify("test.colon", "(?P<secret>[0-9]{4}:[A-Za-z]{6})",
                                     "      read_only: true\n"
                                     "      request:\n"
                                     "        url: 'https://api.provider.test/bot{{secret}}/getMe'\n"
                                     "      valid: {status: 200, json: [{path: /ok, equals: true}]}\n"
                                     "      invalid: {status: 401}\n");
  Harness h;
  h.map("api.provider.test");
  const std::string secret = "4821:kQzWmP";
  h.server.route("/bot" + secret + "/getMe", {json(200, R"({"ok":true})")});
  const auto v = h.verify_one(rule, secret);
  INFO(describe(v));
  CHECK(v.status == Status::valid);
  REQUIRE(h.server.requests().size() == 1);
  CHECK(h.server.requests().front().target == "/bot4821:kQzWmP/getMe");
  CHECK(h.all_logs().find(secret) == std::string::npos);
}
