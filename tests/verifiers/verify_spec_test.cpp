// The verify-block schema: malformed blocks are errors naming file:rule-id, and the promises a
// block must make (read-only, https, determinate answers only) are enforced at load.
#include "verify_fixture.hpp"

#include "template.hpp"
#include "vigil/verifiers/verify_check.hpp"

using namespace vigil::verify_test;

namespace {

std::string problem_for(const std::string& block) {
  const auto rule = rule_with_verify("test.schema", "(?P<secret>tok_[a-z0-9]+)(?P<key_id>K[0-9]+)?", block);
  const auto problems = check_verify_blocks({rule});
  return problems.empty() ? std::string() : problems[0].message;
}

const char* kGoodTail = "      valid: {status: 200, json: [/id]}\n      invalid: {status: 401}\n";

} // namespace

TEST_CASE("a well-formed block passes", "[verifiers][schema]") {
  CHECK(problem_for(basic_block()).empty());
  CHECK(problem_for("      read_only: true\n"
                    "      request:\n"
                    "        method: POST\n"
                    "        url: https://api.provider.test/auth.test\n"
                    "        form: {token: '{{secret}}'}\n"
                    "      valid: {status: 200, json: [{path: /ok, equals: true}]}\n"
                    "      invalid: [{status: 200, json: [{path: /ok, equals: false}, {path: /error, one_of: [invalid_auth, token_revoked]}]}]\n"
                    "      identity: {team: /team, scopes: 'header:X-OAuth-Scopes'}\n")
            .empty());
  CHECK(problem_for("      read_only: true\n"
                    "      request:\n"
                    "        url: https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15\n"
                    "        auth: {aws_sigv4: {access_key_id: '{{key_id}}', secret_access_key: '{{secret}}', region: us-east-1, service: sts}}\n"
                    "      valid: {status: 200, body_contains: '<Arn>'}\n"
                    "      invalid: {status: 403, body_contains: InvalidClientTokenId}\n"
                    "      identity: {arn: 'xml:Arn'}\n")
            .empty());
}

TEST_CASE("malformed blocks name file and rule", "[verifiers][schema]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"      request: {url: 'https://a.test/u'}\n" + std::string(kGoodTail), "read_only: true"},
      {"      read_only: false\n      request: {url: 'https://a.test/u'}\n" + std::string(kGoodTail), "read_only: true"},
      {"      read_only: true\n      request: {method: DELETE, url: 'https://a.test/u'}\n" + std::string(kGoodTail), "not allowed"},
      {"      read_only: true\n      request: {method: PUT, url: 'https://a.test/u'}\n" + std::string(kGoodTail), "not allowed"},
      {"      read_only: true\n      request: {url: 'http://a.test/u'}\n" + std::string(kGoodTail), "https://"},
      {"      read_only: true\n      request: {url: 'https://a.test/{{nope}}'}\n" + std::string(kGoodTail), "'nope'"},
      {"      read_only: true\n      request: {url: 'https://a.test/u', headers: {X: '{{secret|rot13}}'}}\n" + std::string(kGoodTail), "filter"},
      {"      read_only: true\n      request: {url: 'https://a.test/u'}\n      valid: {status: 200}\n      invalid: {status: 401}\n", "check the body"},
      {"      read_only: true\n      request: {url: 'https://a.test/u'}\n      valid: {status: 200, json: [/id]}\n      invalid: {status: 503}\n", "never a determinate"},
      {"      read_only: true\n      request: {url: 'https://a.test/u'}\n      valid: {status: 429, json: [/id]}\n      invalid: {status: 401}\n", "never a determinate"},
      {"      read_only: true\n      request: {url: 'https://a.test/u'}\n      invalid: {status: 401}\n", "needs 'valid'"},
      {"      read_only: true\n      request: {url: 'https://a.test/u', form: {a: b}}\n" + std::string(kGoodTail), "need method POST"},
      {"      read_only: true\n      request: {url: 'https://a.test/u', headers: {Host: evil}}\n" + std::string(kGoodTail), "not allowed"},
      {"      read_only: true\n      request: {url: 'https://a.test/u'}\n      colour: blue\n" + std::string(kGoodTail), "unknown key 'colour'"},
      {"      read_only: true\n      request: {url: 'https://a.test/u'}\n" + std::string(kGoodTail) + "      identity: {who: login}\n", "identity"},
      {"      read_only: true\n      request: {url: 'https://a.test/u', auth: {digest: x}}\n" + std::string(kGoodTail), "auth"},
  };
  for (const auto& [block, expected] : cases) {
    INFO(block);
    const auto message = problem_for(block);
    CHECK(message.rfind("test.yml:test.schema: verify: ", 0) == 0);
    CHECK(message.find(expected) != std::string::npos);
  }
}

TEST_CASE("a block may leave out 'invalid' when no rejection is documented",
          "[verifiers][schema]") {
  // Valid-only: it can prove a secret live; every other answer stays unknown.
  CHECK(problem_for("      read_only: true\n      request: {url: 'https://a.test/u'}\n"
                    "      valid: {status: 200, json: [/id]}\n")
            .empty());
}

TEST_CASE("the loader rejects a verify block that is not a mapping", "[verifiers][schema]") {
  auto rules = vigil::detectors::parse_rules(
      "rules:\n  - id: a.b\n    name: n\n    pattern: x\n    verify: [1]\n", "f.yml");
  REQUIRE_FALSE(rules.ok());
  CHECK(rules.error().message.find("f.yml:a.b") != std::string::npos);
}

TEST_CASE("templates render with escapes and filters", "[verifiers][schema]") {
  const std::map<std::string, std::string> values{{"secret", "a b/c\"d"}, {"id", "AK"}};
  CHECK(render_template("x={{secret}}", values, Escape::url).value() == "x=a%20b%2Fc%22d");
  CHECK(render_template("{\"t\":\"{{ secret }}\"}", values, Escape::json).value() == "{\"t\":\"a b/c\\\"d\"}");
  CHECK(render_template("{{id}}:{{secret|base64}}", values, Escape::none).value() == "AK:YSBiL2MiZA==");
  const auto missing = render_template("{{other}}", values, Escape::none);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("other") != std::string::npos);
  CHECK(pattern_group_names("(?P<a>x)(?<b>y)(?'c'z)(?<=w)(?:v)") == std::set<std::string>{"a", "b", "c"});
}
