// Shannon entropy (see entropy.hpp).
#include "vigil/detectors/entropy.hpp"

#include <array>
#include <cmath>

namespace vigil::detectors {

double shannon_entropy(std::string_view bytes) {
  if (bytes.empty()) return 0.0;
  std::array<std::size_t, 256> counts{};
  for (unsigned char c : bytes) ++counts[c];
  const double n = static_cast<double>(bytes.size());
  double h = 0.0;
  for (std::size_t k : counts) {
    if (k == 0) continue;
    const double p = static_cast<double>(k) / n;
    h -= p * std::log2(p);
  }
  return h;
}

} // namespace vigil::detectors
