// parse_byte_size (see byte_size.hpp). Binary multiples: "10M" is the 10 MiB a user means when
// sizing files, and overflow is an error rather than a wrapped limit.
#include "byte_size.hpp"

#include <cctype>
#include <limits>
#include <string>

namespace vigil::cli {

detectors::Result<std::uint64_t> parse_byte_size(std::string_view text) {
  const std::string shown(text);
  auto bad = [&](const char* why) {
    return detectors::Error{"invalid size '" + shown + "': " + why};
  };
  std::size_t i = 0;
  std::uint64_t value = 0;
  constexpr auto max = std::numeric_limits<std::uint64_t>::max();
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
    const unsigned digit = static_cast<unsigned>(text[i] - '0');
    if (value > (max - digit) / 10) return bad("too large");
    value = value * 10 + digit;
  }
  if (i == 0) return bad("expected a number, e.g. 1048576, 512K, 10M or 1G");
  int shift = 0;
  if (i < text.size()) {
    std::string_view unit = text.substr(i);
    switch (std::toupper(static_cast<unsigned char>(unit.front()))) {
    case 'K': shift = 10; break;
    case 'M': shift = 20; break;
    case 'G': shift = 30; break;
    case 'T': shift = 40; break;
    case 'B': break;
    default: return bad("unknown unit (use K, M, G or T)");
    }
    if (shift != 0) unit.remove_prefix(1);
    if (!unit.empty() && unit != "B" && unit != "b" && unit != "iB" && unit != "ib")
      return bad("unknown unit (use K, M, G or T)");
  }
  if (value > (max >> shift)) return bad("too large");
  value <<= shift;
  if (value == 0) return bad("must be greater than zero");
  return value;
}

} // namespace vigil::cli
