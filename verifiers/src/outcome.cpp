// Verdict decisions (see outcome.hpp).
#include "outcome.hpp"

#include <simdjson.h>

#include <ctime>
#include <optional>

namespace vigil::verifiers {
namespace {

namespace dom = simdjson::dom;

// The array held by `e` (empty when it is none), by value: iterating a temporary
// simdjson_result's value() would dangle.
inline dom::array array_of(dom::element e) {
  dom::array a;
  const auto err = e.get_array().get(a); // callers check is_array() first
  (void)err;
  return a;
}

// A parsed JSON body, or nothing when the body is not JSON.
struct Body {
  explicit Body(const std::string& text) {
    if (text.empty()) return;
    thread_local dom::parser parser;
    padded = simdjson::padded_string(text);
    ok = !parser.parse(padded).get(root);
  }
  simdjson::padded_string padded;
  dom::element root;
  bool ok = false;

  std::optional<dom::element> at(const std::string& pointer) const {
    if (!ok) return std::nullopt;
    dom::element e;
    if (root.at_pointer(pointer).get(e)) return std::nullopt;
    return e;
  }
};

std::string text_of(dom::element e) {
  switch (e.type()) {
  case dom::element_type::STRING: return std::string(e.get_string().value());
  case dom::element_type::BOOL: return e.get_bool().value() ? "true" : "false";
  case dom::element_type::INT64: return std::to_string(e.get_int64().value());
  case dom::element_type::UINT64: return std::to_string(e.get_uint64().value());
  case dom::element_type::DOUBLE: return std::to_string(e.get_double().value());
  case dom::element_type::NULL_VALUE: return "null";
  case dom::element_type::ARRAY: {
    std::string out;
    for (auto item : array_of(e)) {
      if (item.is_object() || item.is_array()) continue;
      if (!out.empty()) out += ",";
      out += text_of(item);
    }
    return out;
  }
  default: return "";
  }
}

bool holds(const Condition& c, const HttpResult& r, const Body& body) {
  if (std::find(c.status.begin(), c.status.end(), r.status) == c.status.end()) return false;
  if (!c.json.empty() && !body.ok) return false;
  for (const auto& check : c.json) {
    const auto v = body.at(check.path);
    if (check.absent) {
      if (v && !v->is_null()) return false;
      continue;
    }
    if (!v || v->is_null()) return false;
    if (!check.one_of.empty() &&
        std::find(check.one_of.begin(), check.one_of.end(), text_of(*v)) == check.one_of.end())
      return false;
  }
  for (const auto& t : c.body_contains)
    if (r.body.find(t) == std::string::npos) return false;
  for (const auto& t : c.body_excludes)
    if (r.body.find(t) != std::string::npos) return false;
  return true;
}

std::string xml_text(const std::string& body, const std::string& tag) {
  const auto open = "<" + tag + ">";
  const auto b = body.find(open);
  if (b == std::string::npos) return {};
  const auto e = body.find("</" + tag + ">", b);
  if (e == std::string::npos) return {};
  return body.substr(b + open.size(), e - b - open.size());
}

std::string identity(const VerifySpec& spec, const HttpResult& r, const Body& body,
                     const Scrubber& scrubber) {
  std::string out;
  for (const auto& field : spec.identity) {
    std::string value;
    if (field.source[0] == '/') {
      if (const auto v = body.at(field.source)) value = text_of(*v);
    } else if (field.source.rfind("header:", 0) == 0) {
      std::string name = field.source.substr(7);
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (const auto it = r.headers.find(name); it != r.headers.end()) value = it->second;
    } else if (field.source.rfind("xml:", 0) == 0) {
      value = xml_text(r.body, field.source.substr(4));
    }
    value = printable(scrubber.apply(value));
    if (value.empty()) continue;
    if (!out.empty()) out += "; ";
    out += field.label + " " + value;
  }
  return out;
}

Verdict unknown(Reason reason, std::string detail) {
  Verdict v;
  v.status = Status::unknown;
  v.reason = reason;
  v.detail = std::move(detail);
  return v;
}

} // namespace

Verdict decide_outcome(const VerifySpec& spec, const HttpResult& r, const Scrubber& scrubber) {
  Verdict v;
  const auto with_note = [&](std::string text) {
    if (!r.note.empty()) text += text.empty() ? r.note : " (" + r.note + ")";
    return text;
  };
  switch (r.fault) {
  case Fault::none: break;
  case Fault::timeout: v = unknown(Reason::timeout, with_note("")); break;
  case Fault::tls: v = unknown(Reason::tls_error, with_note("certificate or TLS handshake failed")); break;
  case Fault::connect: v = unknown(Reason::connection_failed, with_note("")); break;
  case Fault::blocked:
    v = unknown(Reason::blocked_address,
                with_note(std::string("refused to connect to a ") +
                          std::string(to_string(r.blocked_class)) + " address"));
    break;
  case Fault::too_large: v = unknown(Reason::too_large, with_note("response over the size cap")); break;
  case Fault::protocol: v = unknown(Reason::unsafe_value, with_note("request refused")); break;
  case Fault::cancelled: v = unknown(Reason::connection_failed, with_note("cancelled")); break;
  }
  if (r.fault == Fault::none) {
    const Body body(r.body);
    const auto status = "HTTP " + std::to_string(r.status);
    bool decided = false;
    for (const auto& c : spec.valid) {
      if (holds(c, r, body)) {
        v.status = Status::valid;
        v.reason = Reason::none;
        v.detail = identity(spec, r, body, scrubber);
        decided = true;
        break;
      }
    }
    for (std::size_t i = 0; !decided && i < spec.invalid.size(); ++i) {
      if (holds(spec.invalid[i], r, body)) {
        v.status = Status::invalid;
        v.reason = Reason::none;
        v.detail = "provider rejected the credential (" + status + ")";
        decided = true;
      }
    }
    if (!decided) {
      if (r.status == 429) v = unknown(Reason::rate_limited, with_note(status));
      else if (r.status >= 500) v = unknown(Reason::server_error, with_note(status));
      else if (r.status >= 300 && r.status < 400) v = unknown(Reason::redirect, with_note(status + ", not followed"));
      else {
        std::string what = status;
        if (const auto ct = r.headers.find("content-type"); ct != r.headers.end())
          what += ", " + printable(ct->second, 40);
        v = unknown(Reason::unexpected_response, with_note(what));
      }
    }
  }
  v.detail = scrubber.apply(v.detail);
  if (r.attempts > 0) v.checked_at = static_cast<std::int64_t>(std::time(nullptr));
  return v;
}

} // namespace vigil::verifiers
