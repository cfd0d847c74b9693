// Every built-in rule with a verify block, against the loopback server standing in for its
// provider (mapped with an endpoint override): the request goes to the documented path with
// the secret where the block puts it, and the verdict table holds: the documented valid answer
// is valid, each documented invalid answer is invalid, and a WAF page, an unexpected 200, a 500
// and a 429 are unknown. Secrets and captures come from each rule's own first example.
#include "verify_fixture.hpp"

#include "template.hpp"
#include "verify_spec.hpp"
#include "vigil/detectors/matcher.hpp"
#include "vigil/detectors/rule_set.hpp"
#include "vigil/verifiers/verify_check.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

using namespace vigil::verify_test;
namespace det = vigil::detectors;

namespace {

// A tiny JSON tree, enough to synthesise bodies that satisfy JSON-pointer checks.
struct Node {
  std::map<std::string, Node> object;
  std::vector<Node> array;
  std::optional<std::string> literal; // raw JSON text
  bool is_array = false;

  void set(const std::string& pointer, const std::string& literal_text) {
    Node* n = this;
    std::size_t pos = 1;
    while (pos <= pointer.size()) {
      const auto slash = pointer.find('/', pos);
      const auto key = pointer.substr(pos, slash - pos);
      const bool index = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
      if (index) {
        n->is_array = true;
        const auto i = std::stoul(key);
        if (n->array.size() <= i) n->array.resize(i + 1);
        n = &n->array[i];
      } else {
        n = &n->object[key];
      }
      if (slash == std::string::npos) break;
      pos = slash + 1;
    }
    n->literal = literal_text;
  }

  std::string dump() const {
    if (literal) return *literal;
    std::string out;
    if (is_array) {
      out = "[";
      for (std::size_t i = 0; i < array.size(); ++i) out += (i ? "," : "") + array[i].dump();
      return out + "]";
    }
    out = "{";
    bool first = true;
    for (const auto& [k, v] : object) {
      out += (first ? "\"" : ",\"") + k + "\":" + v.dump();
      first = false;
    }
    return out + "}";
  }
};

std::string literal_for(const std::string& text) {
  if (text == "true" || text == "false" || text == "null") return text;
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) return text;
  return "\"" + text + "\"";
}

Response synthesise(const Condition& c, const VerifySpec& spec, bool with_identity) {
  Response r;
  r.status = c.status.front();
  Node json;
  bool any_json = !c.json.empty();
  for (const auto& check : c.json)
    if (!check.absent) json.set(check.path, literal_for(check.one_of.empty() ? "present" : check.one_of.front()));
  std::string xml;
  if (with_identity) {
    for (const auto& id : spec.identity) {
      const bool checked = std::any_of(c.json.begin(), c.json.end(),
                                       [&](const JsonCheck& j) { return j.path == id.source; });
      if (id.source[0] == '/' && checked) {
        continue; // the condition fixes this value; an identity label must not overwrite it
      } else if (id.source[0] == '/') {
        json.set(id.source, "\"id-" + id.label + "\"");
        any_json = true;
      } else if (id.source.rfind("header:", 0) == 0) {
        r.headers.emplace_back(id.source.substr(7), "id-" + id.label);
      } else {
        const auto tag = id.source.substr(4);
        xml += "<" + tag + ">id-" + id.label + "</" + tag + ">";
      }
    }
  }
  if (any_json) {
    r.headers.emplace_back("Content-Type", "application/json");
    r.body = json.dump();
  } else {
    for (const auto& t : c.body_contains) r.body += t;
    r.body += xml;
  }
  return r;
}

struct Example {
  std::string secret;
  std::vector<std::pair<std::string, std::string>> captures;
};

struct Sink : det::MatchSink {
  std::vector<det::Match> matches;
  void on_match(const det::Match& m) override { matches.push_back(m); }
};

} // namespace

TEST_CASE("every built-in verify block maps its provider's answers", "[verifiers][providers]") {
  auto rules = det::builtin_rules();
  REQUIRE(rules.ok());
  CHECK(check_verify_blocks(rules.value()).empty());
  auto set = det::RuleSet::compile(rules.value());
  REQUIRE(set.ok());
  auto matcher = det::Matcher::create(set.value());
  REQUIRE(matcher.ok());

  std::size_t covered = 0;
  for (std::size_t index = 0; index < set.value()->rules().size(); ++index) {
    const auto& rule = set.value()->rules()[index];
    if (!has_verify_block(rule)) continue;
    INFO("rule " << rule.id);
    const auto spec = parse_verify_spec(rule);
    REQUIRE(spec.ok());
    // The secret and captures of the rule's first example, as a scan would find them.
    REQUIRE_FALSE(rule.examples.empty());
    const auto& text = rule.examples.front();
    Sink sink;
    REQUIRE(matcher.value().scan(text, sink).ok());
    std::optional<Example> example;
    for (const auto& m : sink.matches) {
      if (m.rule != index) continue;
      Example e{text.substr(m.secret_begin, m.secret_end - m.secret_begin), {}};
      for (const auto& c : m.captures) e.captures.emplace_back(c.name, text.substr(c.begin, c.end - c.begin));
      example = e;
      break;
    }
    REQUIRE(example.has_value());
    std::map<std::string, std::string> values{{"secret", example->secret}};
    for (const auto& [k, v] : example->captures) values[k] = v;

    const auto& url = spec.value().request.url;
    const auto host_end = url.find_first_of("/?#", 8);
    // A templated first label ("{{dc}}.api.provider.com") renders from the example's captures.
    const auto host_rendered = render_template(url.substr(8, host_end - 8), values, Escape::none);
    REQUIRE(host_rendered.ok());
    const auto host = host_rendered.value();
    auto rendered = render_template(url.substr(host_end), values, Escape::url_path);
    REQUIRE(rendered.ok());
    const auto path = rendered.value().substr(0, rendered.value().find('?'));
    // Which values the request templates use.
    std::set<std::string> used_captures;
    bool secret_used = false;
    {
      const auto& rs = spec.value().request;
      std::vector<std::string> templates{rs.url};
      for (const auto& h : rs.headers) templates.push_back(h.second);
      for (const auto& f : rs.form) templates.push_back(f.second);
      if (rs.body) templates.push_back(*rs.body);
      if (rs.bearer) templates.push_back(*rs.bearer);
      for (const auto& t : templates)
        for (const auto& name : template_variables(t)) {
          if (name == "secret") secret_used = true;
          else used_captures.insert(name);
        }
    }

    std::vector<std::tuple<std::string, Response, Status>> table;
    table.emplace_back("documented valid answer", synthesise(spec.value().valid.front(), spec.value(), true), Status::valid);
    for (std::size_t i = 0; i < spec.value().invalid.size(); ++i)
      table.emplace_back("documented invalid answer " + std::to_string(i),
                         synthesise(spec.value().invalid[i], spec.value(), false), Status::invalid);
    if (spec.value().invalid.empty()) // no documented rejection: a 401 proves nothing either way
      table.emplace_back("undocumented 401", json(401, R"({"error":"unauthorized"})"), Status::unknown);
    table.emplace_back("WAF page", Response{403, {{"Content-Type", "text/html"}}, "<html>Access denied</html>"}, Status::unknown);
    table.emplace_back("unexpected 200", json(200, R"({"unexpected":true})"), Status::unknown);
    table.emplace_back("server error", json(500, R"({"error":"boom"})"), Status::unknown);
    table.emplace_back("rate limited", Response{429, {{"Retry-After", "86400"}}, ""}, Status::unknown);

    for (const auto& [name, response, expected] : table) {
      INFO(name);
      Harness h;
      h.options.max_attempts = 1;
      h.map(host);
      h.server.route(path, {response});
      const auto v = h.verify_one(rule, example->secret, example->captures);
      INFO(describe(v));
      CHECK(v.status == expected);
      CHECK(describe(v).find(example->secret) == std::string::npos);
      if (expected == Status::valid && !spec.value().identity.empty())
        CHECK_FALSE(v.detail.empty()); // identity reported
      REQUIRE(h.server.hits(path) == 1);
      const auto req = h.server.requests().front();
      CHECK(req.method == spec.value().request.method);
      // The secret travels where the block says: raw, encoded, in basic auth, or as a signature.
      std::string carried = req.target + "\n" + req.body;
      for (const auto& [k, val] : req.headers) carried += "\n" + val;
      const auto carries = [&](const std::string& v) {
        return carried.find(v) != std::string::npos || carried.find(url_encode(v)) != std::string::npos;
      };
      // A secret that is a whole URL (a webhook) travels as the captures the block names.
      bool parts = !secret_used && !used_captures.empty();
      for (const auto& name : used_captures) parts = parts && carries(values.at(name));
      const bool raw = carries(example->secret) || parts;
      const bool basic = req.headers.count("authorization") &&
                         req.headers.at("authorization").rfind("Basic ", 0) == 0;
      const bool signed_v4 = req.headers.count("authorization") &&
                             req.headers.at("authorization").rfind("AWS4-HMAC-SHA256", 0) == 0;
      CHECK((raw || basic || signed_v4));
    }
    ++covered;
  }
  INFO("rules with verify blocks covered: " << covered);
  CHECK(covered >= 30);
}
