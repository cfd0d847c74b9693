// VerifySpec: a rule's `verify:` block, parsed and checked. The schema (docs in
// docs/VERIFY.md) in short:
//   verify:
//     read_only: true                       # required: the request creates, changes, bills nothing
//     request: {method: GET|HEAD|POST, url: https://..., headers: {..}, form: {..}, body: "..",
//               auth: {basic: {username: .., password: ..}} | {bearer: ..} |
//                     {aws_sigv4: {access_key_id: .., secret_access_key: .., region: .., service: ..}}}
//     valid:   {status: [200], json: [{path: /login}], body_contains: [..]}   # or a list: any of
//     invalid: {status: [401]}
//     identity: {account: /login, scopes: "header:X-OAuth-Scopes", arn: "xml:Arn"}
#pragma once

#include "vigil/detectors/result.hpp"
#include "vigil/detectors/rule.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vigil::verifiers {

/// A test on one JSON value addressed by a JSON pointer.
struct JsonCheck {
  std::string path;                ///< JSON pointer, e.g. "/ok"
  std::vector<std::string> one_of; ///< text forms the value must equal; empty: must be present
  bool absent = false;             ///< the value must not be present
};

/// One way a response can look; every listed part must hold.
struct Condition {
  std::vector<int> status;                 ///< any of these status codes
  std::vector<JsonCheck> json;             ///< body must be JSON and pass every check
  std::vector<std::string> body_contains;  ///< every text must occur in the body
  std::vector<std::string> body_excludes;  ///< no text may occur in the body
};

/// One identity value to report: label and where it comes from ("/ptr", "header:N", "xml:Tag").
struct IdentityField {
  std::string label;
  std::string source;
};

/// AWS Signature Version 4 parameters (templates).
struct SigV4Spec {
  std::string access_key_id, secret_access_key, session_token, region, service;
};

/// The request, every string a template.
struct RequestSpec {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::pair<std::string, std::string>> form;
  std::optional<std::string> body;
  std::optional<std::pair<std::string, std::string>> basic;
  std::optional<std::string> bearer;
  std::optional<SigV4Spec> sigv4;
};

/// A parsed verify block.
struct VerifySpec {
  RequestSpec request;
  std::vector<Condition> valid;
  std::vector<Condition> invalid;
  std::vector<IdentityField> identity;
  std::string url_host;      ///< host part of the URL template
  bool content_host = false; ///< the host is taken from scanned content (a capture)
  int specificity = 0;       ///< higher wins when two rules claim one secret
};

/// Parses and checks `rule.verify_json`. Errors read "file:rule-id: verify: why".
detectors::Result<VerifySpec> parse_verify_spec(const detectors::Rule& rule);

/// How specific a rule is: confidence first, then the literal prefix of its pattern.
int rule_specificity(const detectors::Rule& rule);

} // namespace vigil::verifiers
