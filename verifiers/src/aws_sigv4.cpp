// SigV4 signing with OpenSSL (see aws_sigv4.hpp). Follows AWS's documented steps: canonical
// request, string to sign, derived signing key, signature.
#include "aws_sigv4.hpp"

#include "template.hpp"
#include "url.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <ctime>
#include <utility>
#include <vector>

namespace vigil::verifiers {
namespace {

std::string hex(const unsigned char* p, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(digits[p[i] >> 4]);
    out.push_back(digits[p[i] & 15]);
  }
  return out;
}

std::string hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string url_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Query parameters decoded, re-encoded the AWS way and sorted.
std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (item.empty()) continue;
    const auto eq = item.find('=');
    params.emplace_back(url_encode(url_decode(item.substr(0, eq))),
                        eq == std::string_view::npos ? "" : url_encode(url_decode(item.substr(eq + 1))));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += k + "=" + v;
  }
  return out;
}

std::string canonical_path(std::string_view path) {
  std::string out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    out += url_encode(url_decode(path.substr(start, slash - start)));
    if (slash == std::string_view::npos) break;
    out += '/';
    start = slash + 1;
  }
  return out.empty() ? "/" : out;
}

} // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr);
  return hex(out, len);
}

void sign_sigv4(HttpRequest& request, const SigV4Params& p, std::int64_t now_unix) {
  const auto url = split_url(request.url);
  if (!url) return; // the engine refuses malformed URLs anyway
  const std::time_t t = static_cast<std::time_t>(now_unix);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char amz_date[20], date[10];
  std::strftime(amz_date, sizeof amz_date, "%Y%m%dT%H%M%SZ", &tm);
  std::strftime(date, sizeof date, "%Y%m%d", &tm);

  const auto q = url->path_query.find('?');
  const auto path = url->path_query.substr(0, q);
  const auto query = q == std::string::npos ? std::string() : url->path_query.substr(q + 1);
  const bool default_port = url->port.empty() || (url->scheme == "https" && url->port == "443") ||
                            (url->scheme == "http" && url->port == "80");
  const auto host = default_port ? url->host : url->host + ":" + url->port;

  std::string headers = "host:" + host + "\nx-amz-date:" + amz_date + "\n";
  std::string signed_headers = "host;x-amz-date";
  if (!p.session_token.empty()) {
    headers += "x-amz-security-token:" + p.session_token + "\n";
    signed_headers += ";x-amz-security-token";
  }
  const auto canonical = request.method + "\n" + canonical_path(path) + "\n" +
                         canonical_query(query) + "\n" + headers + "\n" + signed_headers + "\n" +
                         sha256_hex(request.method == "POST" ? request.body : "");
  const auto scope = std::string(date) + "/" + p.region + "/" + p.service + "/aws4_request";
  const auto to_sign =
      std::string("AWS4-HMAC-SHA256\n") + amz_date + "\n" + scope + "\n" + sha256_hex(canonical);
  auto key = hmac("AWS4" + p.secret_access_key, date);
  key = hmac(key, p.region);
  key = hmac(key, p.service);
  key = hmac(key, "aws4_request");
  const auto sig = hmac(key, to_sign);
  request.headers.push_back(std::string("X-Amz-Date: ") + amz_date);
  if (!p.session_token.empty()) request.headers.push_back("X-Amz-Security-Token: " + p.session_token);
  request.headers.push_back("Authorization: AWS4-HMAC-SHA256 Credential=" + p.access_key_id + "/" +
                            scope + ", SignedHeaders=" + signed_headers +
                            ", Signature=" +
                            hex(reinterpret_cast<const unsigned char*>(sig.data()), sig.size()));
}

} // namespace vigil::verifiers
