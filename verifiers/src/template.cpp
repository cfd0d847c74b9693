// Verify-block templates (see template.hpp).
#include "template.hpp"

#include "vigil/detectors/json_text.hpp"

namespace vigil::verifiers {
namespace {

struct Placeholder {
  std::size_t begin = 0, end = 0; // [begin, end) covers "{{ ... }}"
  std::string name, filter;
};

std::string trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

// Walks the placeholders; returns an error on an unterminated one.
template <class F> detectors::Result<void> each_placeholder(std::string_view text, F&& f) {
  std::size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string_view::npos) {
    const auto close = text.find("}}", pos + 2);
    if (close == std::string_view::npos) return detectors::Error{"unterminated '{{' in template"};
    Placeholder p;
    p.begin = pos;
    p.end = close + 2;
    const auto inner = text.substr(pos + 2, close - pos - 2);
    const auto bar = inner.find('|');
    p.name = trim(inner.substr(0, bar));
    if (bar != std::string_view::npos) p.filter = trim(inner.substr(bar + 1));
    if (auto r = f(p); !r) return r;
    pos = close + 2;
  }
  return {};
}

bool valid_filter(const std::string& f) {
  return f.empty() || f == "base64" || f == "urlencode" || f == "json";
}

// Everything but RFC 3986 unreserved characters (and ':' when `keep_colon`) becomes %XX.
std::string percent_encode_impl(std::string_view text, bool keep_colon) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~' || (keep_colon && c == ':')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

} // namespace

std::string url_encode(std::string_view text) { return percent_encode_impl(text, false); }

std::string url_encode_path(std::string_view text) { return percent_encode_impl(text, true); }

std::string base64_encode(std::string_view bytes) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += {table[n >> 18], table[(n >> 12) & 63], table[(n >> 6) & 63], table[n & 63]};
  }
  if (i + 1 == bytes.size()) {
    const unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    out += {table[n >> 18], table[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += {table[n >> 18], table[(n >> 12) & 63], table[(n >> 6) & 63], '='};
  }
  return out;
}

detectors::Result<void> check_template(std::string_view text,
                                       const std::set<std::string>& names) {
  return each_placeholder(text, [&](const Placeholder& p) -> detectors::Result<void> {
    if (p.name.empty()) return detectors::Error{"empty '{{}}' in template"};
    if (!names.count(p.name))
      return detectors::Error{"template uses '" + p.name +
                              "', which is neither 'secret' nor a named group of the pattern"};
    if (!valid_filter(p.filter))
      return detectors::Error{"unknown template filter '" + p.filter +
                              "' (known: base64, urlencode, json)"};
    return {};
  });
}

std::set<std::string> template_variables(std::string_view text) {
  std::set<std::string> out;
  (void)each_placeholder(text, [&](const Placeholder& p) -> detectors::Result<void> {
    out.insert(p.name);
    return {};
  });
  return out;
}

detectors::Result<std::string> render_template(std::string_view text,
                                               const std::map<std::string, std::string>& values,
                                               Escape default_escape) {
  std::string out;
  std::size_t last = 0;
  bool in_path = default_escape == Escape::url_path;
  auto r = each_placeholder(text, [&](const Placeholder& p) -> detectors::Result<void> {
    const auto literal = text.substr(last, p.begin - last);
    if (literal.find_first_of("?#") != std::string_view::npos) in_path = false;
    out.append(literal);
    last = p.end;
    const auto it = values.find(p.name);
    if (it == values.end()) return detectors::Error{"needs '" + p.name + "' beside the secret"};
    const std::string& v = it->second;
    std::string filter = p.filter;
    if (filter.empty() && default_escape == Escape::url_path && in_path) {
      out += url_encode_path(v);
      return {};
    }
    if (filter.empty())
      filter = default_escape == Escape::url || default_escape == Escape::url_path ? "urlencode"
               : default_escape == Escape::json                                   ? "json"
                                                                                  : "";
    if (filter == "base64") out += base64_encode(v);
    else if (filter == "urlencode") out += url_encode(v);
    else if (filter == "json") {
      const auto quoted = detectors::json_string(v);
      out.append(quoted, 1, quoted.size() - 2);
    } else out += v;
    return {};
  });
  if (!r) return r.error();
  out.append(text.substr(last));
  return out;
}

std::set<std::string> pattern_group_names(std::string_view pattern) {
  std::set<std::string> out;
  for (std::size_t i = 0; i + 3 < pattern.size(); ++i) {
    if (pattern[i] != '(' || pattern[i + 1] != '?' || (i > 0 && pattern[i - 1] == '\\')) continue;
    std::size_t start;
    char close;
    if (pattern[i + 2] == 'P' && i + 3 < pattern.size() && pattern[i + 3] == '<') {
      start = i + 4, close = '>';
    } else if (pattern[i + 2] == '<' && pattern[i + 3] != '=' && pattern[i + 3] != '!') {
      start = i + 3, close = '>';
    } else if (pattern[i + 2] == '\'') {
      start = i + 3, close = '\'';
    } else {
      continue;
    }
    const auto end = pattern.find(close, start);
    if (end != std::string_view::npos) out.emplace(pattern.substr(start, end - start));
  }
  return out;
}

} // namespace vigil::verifiers
