// Request building (see request_builder.hpp).
#include "request_builder.hpp"

#include "aws_sigv4.hpp"
#include "template.hpp"
#include "url.hpp"

#include <ctime>

namespace vigil::verifiers {
namespace {

Verdict refuse(Reason reason, std::string detail) {
  Verdict v;
  v.status = Status::not_checked;
  v.reason = reason;
  v.detail = std::move(detail);
  return v;
}

bool has_line_break(const std::string& s) {
  return s.find_first_of("\r\n") != std::string::npos || s.find('\0') != std::string::npos;
}

} // namespace

BuiltRequest build_request(const VerifySpec& spec, const std::map<std::string, std::string>& values,
                           const VerifyOptions& options) {
  const auto& rs = spec.request;
  HttpRequest req;
  req.method = rs.method;
  req.content_host = spec.content_host;

  // The authority is rendered raw and must come out a plain host[:port]; the rest of the URL
  // gets its values percent-encoded (keeping ':' in the path, where RFC 3986 allows it).
  const auto authority_end = rs.url.find_first_of("/?#", 8);
  auto authority = render_template(rs.url.substr(0, authority_end), values, Escape::none);
  if (!authority) return refuse(Reason::missing_input, authority.error().message);
  auto rest = render_template(authority_end == std::string::npos ? "" : rs.url.substr(authority_end),
                              values, Escape::url_path);
  if (!rest) return refuse(Reason::missing_input, rest.error().message);
  const std::string url = authority.value() + rest.value();
  const auto parts = split_url(url);
  if (!parts || parts->scheme != "https")
    return refuse(Reason::unsafe_value, "the rendered URL has no plain https host");
  if (spec.content_host && !options.content_hosts)
    return refuse(Reason::content_host,
                  "host comes from scanned content; allow with --verify-content-hosts");
  if (!spec.content_host && spec.url_host.find("{{") != std::string::npos) {
    // "{{dc}}.api.provider.com": the variable part must stay one DNS label of that domain.
    const auto suffix = spec.url_host.substr(spec.url_host.rfind("}}") + 2);
    const auto& h = parts->host;
    if (!parts->port.empty() || h.size() <= suffix.size() ||
        h.compare(h.size() - suffix.size(), suffix.size(), suffix) != 0 ||
        h.substr(0, h.size() - suffix.size()).find('.') != std::string::npos)
      return refuse(Reason::unsafe_value, "the rendered host leaves the provider's domain");
  }
  req.provider = parts->host;
  req.url = url;
  for (const auto& o : options.endpoints) {
    if (o.host == parts->host) {
      req.url = o.base_url + parts->path_query;
      req.allow_loopback = o.loopback;
      req.allow_http = o.loopback;
      break;
    }
  }

  for (const auto& [name, tmpl] : rs.headers) {
    auto value = render_template(tmpl, values, Escape::none);
    if (!value) return refuse(Reason::missing_input, value.error().message);
    if (has_line_break(value.value()))
      return refuse(Reason::unsafe_value, "a header value would contain a line break");
    req.headers.push_back(name + ": " + value.value());
  }
  if (rs.bearer) {
    auto token = render_template(*rs.bearer, values, Escape::none);
    if (!token) return refuse(Reason::missing_input, token.error().message);
    if (has_line_break(token.value()))
      return refuse(Reason::unsafe_value, "a header value would contain a line break");
    req.headers.push_back("Authorization: Bearer " + token.value());
  }
  if (rs.basic) {
    auto user = render_template(rs.basic->first, values, Escape::none);
    if (!user) return refuse(Reason::missing_input, user.error().message);
    auto pass = render_template(rs.basic->second, values, Escape::none);
    if (!pass) return refuse(Reason::missing_input, pass.error().message);
    req.headers.push_back("Authorization: Basic " + base64_encode(user.value() + ":" + pass.value()));
  }
  if (!rs.form.empty()) {
    for (const auto& [name, tmpl] : rs.form) {
      auto value = render_template(tmpl, values, Escape::url);
      if (!value) return refuse(Reason::missing_input, value.error().message);
      if (!req.body.empty()) req.body += '&';
      req.body += url_encode(name) + "=" + value.value();
    }
    req.headers.push_back("Content-Type: application/x-www-form-urlencoded");
  } else if (rs.body) {
    auto body = render_template(*rs.body, values, Escape::json);
    if (!body) return refuse(Reason::missing_input, body.error().message);
    req.body = body.value();
  }
  if (rs.sigv4) {
    SigV4Params p;
    for (auto [tmpl, into] : {std::pair{&rs.sigv4->access_key_id, &p.access_key_id},
                              std::pair{&rs.sigv4->secret_access_key, &p.secret_access_key},
                              std::pair{&rs.sigv4->session_token, &p.session_token},
                              std::pair{&rs.sigv4->region, &p.region},
                              std::pair{&rs.sigv4->service, &p.service}}) {
      auto v = render_template(*tmpl, values, Escape::none);
      if (!v) return refuse(Reason::missing_input, v.error().message);
      if (has_line_break(v.value()))
        return refuse(Reason::unsafe_value, "a signing value would contain a line break");
      *into = v.value();
    }
    sign_sigv4(req, p, static_cast<std::int64_t>(std::time(nullptr)));
  }
  return req;
}

} // namespace vigil::verifiers
