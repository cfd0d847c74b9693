// display_secret (report.hpp): how a secret may appear in output. Redaction reveals at most a
// quarter of a secret, never more than 4 bytes at each end, and nothing of a multi-line body:
//   - one line, n >= 8 bytes: first k + "…" + last k, k = min(4, n / 8)
//       (40-byte "ghp_…9xQa", 20-byte "AK…YZ", 8-byte "a…z");
//   - one line, n < 8 bytes: "…" and the length only, e.g. "…(6 bytes)";
//   - several lines (private keys): the first line only if it is a PEM header
//       ("-----BEGIN RSA PRIVATE KEY-----…"), else "…(N bytes, M lines)"; never a body line.
// Revealed bytes outside printable ASCII (controls, non-ASCII) show as '?', so a redacted
// secret can never carry a terminal escape sequence. With show_secrets the secret is returned
// as is; each format escapes it for its medium (JSON escaping; the human format's sanitizer).
#include "report.hpp"

#include <algorithm>
#include <string_view>

namespace vigil::cli {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6"; // U+2026

void append_visible(std::string &out, std::string_view bytes) {
  for (const char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u >= 0x21 && u <= 0x7E ? c : '?');
  }
}

std::string plural(std::size_t n, std::string_view unit) {
  return std::to_string(n) + " " + std::string(unit) + (n == 1 ? "" : "s");
}

/// "-----BEGIN ... -----" with nothing but printable ASCII between, and not absurdly long.
bool is_pem_header(std::string_view line) {
  constexpr std::string_view begin = "-----BEGIN ";
  constexpr std::string_view dashes = "-----";
  if (line.size() > 80 || line.size() < begin.size() + dashes.size())
    return false;
  if (line.substr(0, begin.size()) != begin)
    return false;
  if (line.substr(line.size() - dashes.size()) != dashes)
    return false;
  return std::all_of(line.begin(), line.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u <= 0x7E;
  });
}

std::string redact_multiline(const std::string &secret) {
  const std::size_t eol = secret.find_first_of("\r\n");
  const std::string_view first = std::string_view(secret).substr(0, eol);
  std::string out;
  if (is_pem_header(first)) {
    out.append(first);
    out.append(kEllipsis);
    return out;
  }
  const auto lines = 1 + static_cast<std::size_t>(std::count(secret.begin(), secret.end(), '\n'));
  out.append(kEllipsis);
  out += "(" + plural(secret.size(), "byte") + ", " + plural(lines, "line") + ")";
  return out;
}

} // namespace

std::string display_secret(const std::string &secret, bool show_secrets) {
  if (show_secrets)
    return secret;
  if (secret.find_first_of("\r\n") != std::string::npos)
    return redact_multiline(secret);
  const std::size_t n = secret.size();
  std::string out;
  if (n < 8) {
    out.append(kEllipsis);
    out += "(" + plural(n, "byte") + ")";
    return out;
  }
  const std::size_t k = std::min<std::size_t>(4, n / 8);
  append_visible(out, std::string_view(secret).substr(0, k));
  out.append(kEllipsis);
  append_visible(out, std::string_view(secret).substr(n - k));
  return out;
}

} // namespace vigil::cli
