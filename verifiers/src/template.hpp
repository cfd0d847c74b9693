// Templates of verify blocks: "{{secret}}", "{{key_id}}", with optional filters
// "{{secret|base64}}", "|urlencode", "|json". Values come from the secret and the named captures
// of the match; a template never reaches a shell or a file, only an HTTP request.
#pragma once

#include "vigil/detectors/result.hpp"

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace vigil::verifiers {

/// How a substituted value is escaped when the template names no filter. `url_path` is for the
/// part of a URL after the host: values keep ':' (an RFC 3986 path character, e.g. a Telegram
/// token in "/bot{{secret}}/getMe") until the template's first literal '?' or '#', after which
/// they are escaped like `url`.
enum class Escape { none, url, url_path, json };

/// Checks syntax, filter names and that every variable is in `names`.
detectors::Result<void> check_template(std::string_view text, const std::set<std::string>& names);

/// The variables a template uses.
std::set<std::string> template_variables(std::string_view text);

/// Renders `text`. A variable without a value is an error naming the variable (never a value).
detectors::Result<std::string> render_template(std::string_view text,
                                               const std::map<std::string, std::string>& values,
                                               Escape default_escape);

/// Percent-encodes everything but RFC 3986 unreserved characters.
std::string url_encode(std::string_view text);
/// Like url_encode, but keeps ':' (allowed in a path segment by RFC 3986).
std::string url_encode_path(std::string_view text);
/// Standard base64 with padding.
std::string base64_encode(std::string_view bytes);

/// The named groups of a PCRE pattern: (?P<name>..), (?<name>..), (?'name'..).
std::set<std::string> pattern_group_names(std::string_view pattern);

} // namespace vigil::verifiers
