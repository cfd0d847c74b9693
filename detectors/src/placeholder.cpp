// Documentation placeholder filter (see placeholder.hpp).
#include "vigil/detectors/placeholder.hpp"

#include <algorithm>
#include <cctype>

namespace vigil::detectors {

bool is_placeholder(std::string_view secret) {
  static constexpr std::string_view word = "example";
  auto it = std::search(secret.begin(), secret.end(), word.begin(), word.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  });
  return it != secret.end();
}

} // namespace vigil::detectors
