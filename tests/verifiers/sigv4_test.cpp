// AWS: SigV4 against AWS's published "get-vanilla" test vector, and the STS GetCallerIdentity
// verifier's verdicts against the loopback server.
#include "verify_fixture.hpp"

#include "aws_sigv4.hpp"

using namespace vigil::verify_test;

TEST_CASE("SigV4 matches the published get-vanilla vector", "[verifiers][aws]") {
  HttpRequest req;
  req.method = "GET";
  req.url = "https://example.amazonaws.com/";
  SigV4Params p{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", "us-east-1", "service"};
  sign_sigv4(req, p, 1440938160); // 2015-08-30T12:36:00Z
  REQUIRE(req.headers.size() == 2);
  CHECK(req.headers[0] == "X-Amz-Date: 20150830T123600Z");
  CHECK(req.headers[1] ==
        "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=host;x-amz-date, "
        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST_CASE("AWS STS verdicts", "[verifiers][aws]") {
  const auto rule = rule_with_verify(
      "test.aws", "(?P<key_id>AKIA[A-Z0-9]{16}).{0,60}?(?P<secret>[A-Za-z0-9/+]{40})",
      "      read_only: true\n"
      "      request:\n"
      "        url: https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15\n"
      "        auth: {aws_sigv4: {access_key_id: '{{key_id}}', secret_access_key: '{{secret}}', region: us-east-1, service: sts}}\n"
      "      valid: {status: 200, body_contains: ['<GetCallerIdentityResult>', '<Arn>']}\n"
      "      invalid: {status: 403, body_contains: [InvalidClientTokenId]}\n"
      "      identity: {arn: 'xml:Arn', account: 'xml:Account'}\n");
  const std::string secret = "q3V9sJc2Lr0pZt8XyWm4Nb6Hk1Gf5Dd7Ss9Aa0Qe";
  const std::string key_id = "AKIAABCDEFGHIJKLMNOP";
  const std::string ok_xml =
      "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/ci</Arn>"
      "<UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
      "</GetCallerIdentityResponse>";
  const std::string bad_xml =
      "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>"
      "<Message>The security token included in the request is invalid.</Message></Error></ErrorResponse>";
  const std::vector<std::tuple<const char*, Response, Status>> table = {
      {"200 with the caller", Response{200, {{"Content-Type", "text/xml"}}, ok_xml}, Status::valid},
      {"403 invalid token", Response{403, {{"Content-Type", "text/xml"}}, bad_xml}, Status::invalid},
      {"403 other", Response{403, {{"Content-Type", "text/html"}}, "<html>denied</html>"}, Status::unknown},
      {"200 unexpected", Response{200, {}, "<html>hi</html>"}, Status::unknown},
      {"500", Response{500, {}, ""}, Status::unknown},
  };
  for (const auto& [name, response, status] : table) {
    SECTION(name) {
      Harness h;
      h.options.max_attempts = 1;
      h.map("sts.amazonaws.com");
      h.server.route("/", {response});
      const auto v = h.verify_one(rule, secret, {{"key_id", key_id}});
      INFO(describe(v));
      CHECK(v.status == status);
      if (status == Status::valid) CHECK(v.detail == "arn arn:aws:iam::123456789012:user/ci; account 123456789012");
      REQUIRE(h.server.total_hits() == 1);
      const auto req = h.server.requests()[0];
      CHECK(req.method == "GET");
      CHECK(req.target == "/?Action=GetCallerIdentity&Version=2011-06-15");
      const auto& auth = req.headers.at("authorization");
      CHECK(auth.rfind("AWS4-HMAC-SHA256 Credential=" + key_id + "/", 0) == 0);
      CHECK(auth.find("/us-east-1/sts/aws4_request") != std::string::npos);
      CHECK(auth.find(secret) == std::string::npos);
      CHECK(req.headers.count("x-amz-date") == 1);
    }
  }
}
