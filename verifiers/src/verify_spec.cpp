// Parsing and checking of `verify:` blocks (see verify_spec.hpp). The loader has already turned
// the YAML block into JSON; simdjson reads it here.
#include "verify_spec.hpp"

#include "template.hpp"
#include "url.hpp"

#include <simdjson.h>

#include <set>

namespace vigil::verifiers {
namespace {

namespace dom = simdjson::dom;
using detectors::Error;
using detectors::Result;

// The array held by `e` (empty when it is none), by value: iterating a temporary
// simdjson_result's value() would dangle.
inline dom::array array_of(dom::element e) {
  dom::array a;
  const auto err = e.get_array().get(a); // callers check is_array() first
  (void)err;
  return a;
}

struct Ctx {
  std::set<std::string> names; // variables a template may use
};

Result<void> only_keys(dom::object obj, std::initializer_list<std::string_view> allowed,
                       std::string_view where) {
  for (auto field : obj) {
    bool ok = false;
    for (auto a : allowed) ok = ok || field.key == a;
    if (!ok) return Error{"unknown key '" + std::string(field.key) + "' in " + std::string(where)};
  }
  return {};
}

Result<std::string> text(dom::element e, std::string_view what) {
  std::string_view s;
  if (e.get_string().get(s)) return Error{std::string(what) + " must be a string"};
  return std::string(s);
}

Result<std::string> template_text(dom::element e, std::string_view what, const Ctx& ctx) {
  auto s = text(e, what);
  if (!s) return s;
  if (auto r = check_template(s.value(), ctx.names); !r)
    return Error{std::string(what) + ": " + r.error().message};
  return s;
}

// Scalars compared by their text form: strings as-is, true/false, numbers as written.
Result<std::string> scalar_text(dom::element e) {
  switch (e.type()) {
  case dom::element_type::STRING: return std::string(e.get_string().value());
  case dom::element_type::BOOL: return std::string(e.get_bool().value() ? "true" : "false");
  case dom::element_type::INT64: return std::to_string(e.get_int64().value());
  case dom::element_type::UINT64: return std::to_string(e.get_uint64().value());
  case dom::element_type::NULL_VALUE: return std::string("null");
  default: return Error{"json checks compare strings, numbers, booleans or null"};
  }
}

Result<std::vector<std::string>> string_or_list(dom::element e, std::string_view what) {
  std::vector<std::string> out;
  if (e.is_array()) {
    for (auto item : array_of(e)) {
      auto s = text(item, what);
      if (!s) return s.error();
      out.push_back(std::move(s.value()));
    }
  } else {
    auto s = text(e, what);
    if (!s) return s.error();
    out.push_back(std::move(s.value()));
  }
  return out;
}

Result<JsonCheck> parse_json_check(dom::element e) {
  JsonCheck c;
  if (e.is_string()) {
    c.path = std::string(e.get_string().value());
  } else {
    dom::object obj;
    if (e.get_object().get(obj)) return Error{"each json check must be a pointer or a mapping"};
    if (auto r = only_keys(obj, {"path", "equals", "one_of", "absent"}, "json check"); !r)
      return r.error();
    dom::element v;
    if (obj["path"].get(v)) return Error{"json check needs 'path'"};
    auto p = text(v, "json check 'path'");
    if (!p) return p.error();
    c.path = p.value();
    if (!obj["equals"].get(v)) {
      auto s = scalar_text(v);
      if (!s) return s.error();
      c.one_of.push_back(s.value());
    }
    if (!obj["one_of"].get(v)) {
      dom::array arr;
      if (v.get_array().get(arr)) return Error{"'one_of' must be a list"};
      for (auto item : arr) {
        auto s = scalar_text(item);
        if (!s) return s.error();
        c.one_of.push_back(s.value());
      }
    }
    if (!obj["absent"].get(v)) {
      bool b = false;
      if (v.get_bool().get(b)) return Error{"'absent' must be true or false"};
      c.absent = b;
    }
  }
  if (!c.path.empty() && c.path[0] != '/')
    return Error{"json path '" + c.path + "' must be a JSON pointer starting with '/'"};
  return c;
}

Result<Condition> parse_condition(dom::element e, bool is_valid) {
  dom::object obj;
  if (e.get_object().get(obj)) return Error{"a condition must be a mapping"};
  if (auto r = only_keys(obj, {"status", "json", "body_contains", "body_excludes"}, "condition"); !r)
    return r.error();
  Condition c;
  dom::element v;
  if (obj["status"].get(v)) return Error{"a condition needs 'status'"};
  auto add_status = [&](dom::element s) -> Result<void> {
    std::int64_t code = 0;
    if (s.get_int64().get(code) || code < 100 || code > 599)
      return Error{"'status' must hold HTTP status codes"};
    if (code == 429 || code >= 500 || (code >= 300 && code < 400))
      return Error{"status " + std::to_string(code) +
                   " is never a determinate answer (429, 3xx and 5xx are unknown)"};
    c.status.push_back(static_cast<int>(code));
    return {};
  };
  if (v.is_array()) {
    for (auto s : array_of(v))
      if (auto r = add_status(s); !r) return r.error();
  } else if (auto r = add_status(v); !r) {
    return r.error();
  }
  if (c.status.empty()) return Error{"'status' must not be empty"};
  if (!obj["json"].get(v)) {
    if (v.is_array()) {
      for (auto item : array_of(v)) {
        auto jc = parse_json_check(item);
        if (!jc) return jc.error();
        c.json.push_back(jc.value());
      }
    } else {
      auto jc = parse_json_check(v);
      if (!jc) return jc.error();
      c.json.push_back(jc.value());
    }
  }
  for (auto [key, into] : {std::pair{"body_contains", &c.body_contains},
                           std::pair{"body_excludes", &c.body_excludes}}) {
    if (obj[key].get(v)) continue;
    auto list = string_or_list(v, key);
    if (!list) return list.error();
    *into = list.value();
  }
  if (is_valid && c.json.empty() && c.body_contains.empty())
    return Error{"a 'valid' condition must check the body (json or body_contains): a bare "
                 "status could be a proxy's or a WAF's page"};
  return c;
}

Result<std::vector<Condition>> parse_conditions(dom::element e, bool is_valid) {
  std::vector<Condition> out;
  if (e.is_array()) {
    for (auto item : array_of(e)) {
      auto c = parse_condition(item, is_valid);
      if (!c) return c.error();
      out.push_back(c.value());
    }
  } else {
    auto c = parse_condition(e, is_valid);
    if (!c) return c.error();
    out.push_back(c.value());
  }
  if (out.empty()) return Error{"needs at least one condition"};
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> template_map(dom::element e,
                                                                      std::string_view what,
                                                                      const Ctx& ctx) {
  dom::object obj;
  if (e.get_object().get(obj)) return Error{std::string(what) + " must be a mapping"};
  std::vector<std::pair<std::string, std::string>> out;
  for (auto field : obj) {
    auto v = template_text(field.value, std::string(what) + " '" + std::string(field.key) + "'", ctx);
    if (!v) return v.error();
    out.emplace_back(std::string(field.key), v.value());
  }
  return out;
}

bool header_name_ok(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  std::string lower;
  for (char c : name) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower != "host" && lower != "content-length" && lower != "transfer-encoding" &&
         lower != "connection";
}

Result<void> parse_auth(dom::element e, RequestSpec& req, const Ctx& ctx) {
  dom::object obj;
  if (e.get_object().get(obj) || obj.size() != 1)
    return Error{"'auth' must hold exactly one of basic, bearer, aws_sigv4"};
  dom::element v;
  if (!obj["bearer"].get(v)) {
    auto t = template_text(v, "auth 'bearer'", ctx);
    if (!t) return t.error();
    req.bearer = t.value();
  } else if (!obj["basic"].get(v)) {
    dom::object b;
    if (v.get_object().get(b)) return Error{"auth 'basic' must be a mapping"};
    if (auto r = only_keys(b, {"username", "password"}, "auth 'basic'"); !r) return r;
    std::string user, pass;
    dom::element f;
    if (b["username"].get(f)) return Error{"auth 'basic' needs 'username'"};
    auto u = template_text(f, "auth 'basic' username", ctx);
    if (!u) return u.error();
    if (!b["password"].get(f)) {
      auto p = template_text(f, "auth 'basic' password", ctx);
      if (!p) return p.error();
      pass = p.value();
    }
    req.basic = std::pair{u.value(), pass};
  } else if (!obj["aws_sigv4"].get(v)) {
    dom::object a;
    if (v.get_object().get(a)) return Error{"auth 'aws_sigv4' must be a mapping"};
    if (auto r = only_keys(a, {"access_key_id", "secret_access_key", "session_token", "region",
                               "service"}, "auth 'aws_sigv4'"); !r)
      return r;
    SigV4Spec s;
    for (auto [key, into] : {std::pair{"access_key_id", &s.access_key_id},
                             std::pair{"secret_access_key", &s.secret_access_key},
                             std::pair{"session_token", &s.session_token},
                             std::pair{"region", &s.region}, std::pair{"service", &s.service}}) {
      dom::element f;
      if (a[key].get(f)) {
        if (std::string_view(key) == "session_token") continue;
        return Error{std::string("auth 'aws_sigv4' needs '") + key + "'"};
      }
      auto t = template_text(f, std::string("aws_sigv4 '") + key + "'", ctx);
      if (!t) return t.error();
      *into = t.value();
    }
    req.sigv4 = s;
  } else {
    return Error{"'auth' must hold exactly one of basic, bearer, aws_sigv4"};
  }
  return {};
}

Result<void> parse_request(dom::element e, VerifySpec& spec, const Ctx& ctx) {
  dom::object obj;
  if (e.get_object().get(obj)) return Error{"'request' must be a mapping"};
  if (auto r = only_keys(obj, {"method", "url", "headers", "form", "body", "auth"}, "request"); !r)
    return r;
  auto& req = spec.request;
  dom::element v;
  if (!obj["method"].get(v)) {
    auto m = text(v, "'method'");
    if (!m) return m.error();
    req.method = m.value();
  }
  if (req.method != "GET" && req.method != "HEAD" && req.method != "POST")
    return Error{"method '" + req.method + "' is not allowed: only GET, HEAD or POST (for "
                 "read-only RPC-style endpoints)"};
  if (obj["url"].get(v)) return Error{"'request' needs 'url'"};
  auto url = template_text(v, "'url'", ctx);
  if (!url) return url.error();
  req.url = url.value();
  if (req.url.rfind("https://", 0) != 0) return Error{"'url' must start with https://"};
  const auto host_end = req.url.find_first_of("/?#", 8);
  spec.url_host = req.url.substr(8, host_end == std::string::npos ? std::string::npos : host_end - 8);
  if (spec.url_host.empty()) return Error{"'url' has no host"};
  if (spec.url_host.find("{{") != std::string::npos) {
    // "{{dc}}.api.provider.com" keeps the provider's domain: only the first label is variable.
    const auto last = spec.url_host.rfind("}}");
    const auto suffix = spec.url_host.substr(last + 2);
    const auto dots = std::count(suffix.begin(), suffix.end(), '.');
    spec.content_host = !(suffix.size() > 1 && suffix[0] == '.' && dots >= 2 &&
                          suffix.find(':') == std::string::npos);
  } else if (!split_url(req.url.substr(0, host_end))) {
    return Error{"'url' host is not a plain host name"};
  }
  if (!obj["headers"].get(v)) {
    auto h = template_map(v, "header", ctx);
    if (!h) return h.error();
    for (const auto& [name, value] : h.value())
      if (!header_name_ok(name)) return Error{"header name '" + name + "' is not allowed"};
    req.headers = h.value();
  }
  if (!obj["form"].get(v)) {
    auto f = template_map(v, "form field", ctx);
    if (!f) return f.error();
    req.form = f.value();
  }
  if (!obj["body"].get(v)) {
    auto b = template_text(v, "'body'", ctx);
    if (!b) return b.error();
    req.body = b.value();
  }
  if ((!req.form.empty() || req.body) && req.method != "POST")
    return Error{"'form' and 'body' need method POST"};
  if (!req.form.empty() && req.body) return Error{"give 'form' or 'body', not both"};
  if (!obj["auth"].get(v))
    if (auto r = parse_auth(v, req, ctx); !r) return r;
  return {};
}

Result<VerifySpec> parse_block(const detectors::Rule& rule) {
  simdjson::dom::parser parser;
  dom::element root;
  if (parser.parse(simdjson::padded_string(rule.verify_json)).get(root))
    return Error{"not valid JSON after conversion"};
  dom::object obj;
  if (root.get_object().get(obj)) return Error{"must be a mapping"};
  if (auto r = only_keys(obj, {"read_only", "request", "valid", "invalid", "identity"}, "verify");
      !r)
    return r.error();
  dom::element v;
  bool read_only = false;
  if (obj["read_only"].get(v) || v.get_bool().get(read_only) || !read_only)
    return Error{"must declare 'read_only: true': a verify request may not create, change or "
                 "bill anything"};
  Ctx ctx;
  ctx.names = pattern_group_names(rule.pattern);
  ctx.names.insert("secret");
  VerifySpec spec;
  if (obj["request"].get(v)) return Error{"needs 'request'"};
  if (auto r = parse_request(v, spec, ctx); !r) return r.error();
  for (auto [key, is_valid, into] :
       {std::tuple{"valid", true, &spec.valid}, std::tuple{"invalid", false, &spec.invalid}}) {
    // `invalid` may be left out where a provider documents its success answer but not its
    // rejection: such a block can prove a secret live, and every other answer stays unknown.
    if (obj[key].get(v)) {
      if (!is_valid) continue;
      return Error{std::string("needs '") + key + "'"};
    }
    auto c = parse_conditions(v, is_valid);
    if (!c) return Error{std::string("'") + key + "': " + c.error().message};
    *into = c.value();
  }
  if (!obj["identity"].get(v)) {
    dom::object ids;
    if (v.get_object().get(ids)) return Error{"'identity' must be a mapping"};
    for (auto field : ids) {
      auto src = text(field.value, "identity source");
      if (!src) return src.error();
      const auto& s = src.value();
      if (!(s.rfind("/", 0) == 0 || (s.rfind("header:", 0) == 0 && s.size() > 7) ||
            (s.rfind("xml:", 0) == 0 && s.size() > 4)))
        return Error{"identity '" + std::string(field.key) +
                     "' must be a JSON pointer, 'header:Name' or 'xml:Tag'"};
      spec.identity.push_back({std::string(field.key), s});
    }
  }
  spec.specificity = rule_specificity(rule);
  return spec;
}

} // namespace

int rule_specificity(const detectors::Rule& rule) {
  int literal = 0;
  std::string_view p = rule.pattern;
  // Skip leading anchors and group openers, then count plain literal characters.
  while (true) {
    if (p.rfind("\\b", 0) == 0) p.remove_prefix(2);
    else if (p.rfind("(?:", 0) == 0) p.remove_prefix(3);
    else if (p.rfind("(?P<", 0) == 0 || p.rfind("(?<", 0) == 0) {
      const auto close = p.find('>');
      if (close == std::string_view::npos) break;
      p.remove_prefix(close + 1);
    } else if (!p.empty() && p[0] == '(') p.remove_prefix(1);
    else break;
  }
  for (char c : p) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':') ++literal;
    else break;
  }
  const int confidence = rule.confidence == detectors::Confidence::high     ? 2
                         : rule.confidence == detectors::Confidence::medium ? 1
                                                                            : 0;
  return confidence * 1000 + literal;
}

Result<VerifySpec> parse_verify_spec(const detectors::Rule& rule) {
  if (rule.verify_json.empty())
    return Error{rule.source + ":" + rule.id + ": verify: the rule has no verify block"};
  auto spec = parse_block(rule);
  if (!spec) return Error{rule.source + ":" + rule.id + ": verify: " + spec.error().message};
  return spec;
}

} // namespace vigil::verifiers
