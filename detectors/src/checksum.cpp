// Token checksums (see checksum.hpp).
#include "vigil/detectors/checksum.hpp"

#include <array>
#include <cstdint>

namespace vigil::detectors {
namespace {

std::uint32_t crc32_ieee(std::string_view bytes) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char b : bytes) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

// GitHub-style tokens end in six base62 digits ("0-9A-Za-z") of the CRC32 of the 30 random
// characters before them; the same scheme is used by npm tokens.
bool base62_crc32_tail(std::string_view secret) {
  if (secret.size() < 36) return false;
  const auto body = secret.substr(secret.size() - 36, 30);
  const auto tail = secret.substr(secret.size() - 6);
  static constexpr char digits[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::uint32_t crc = crc32_ieee(body);
  char encoded[6];
  for (int i = 5; i >= 0; --i) {
    encoded[i] = digits[crc % 62];
    crc /= 62;
  }
  return tail == std::string_view(encoded, 6);
}

} // namespace

bool is_known_checksum(std::string_view name) { return name == "base62-crc32"; }

bool checksum_ok(std::string_view name, std::string_view secret) {
  if (name == "base62-crc32") return base62_crc32_tail(secret);
  return false;
}

} // namespace vigil::detectors
