// Shannon entropy of a byte string, the gate that keeps low-randomness strings out.
#pragma once

#include <string_view>

namespace vigil::detectors {

/// Bits per byte, 0 for an empty string, at most 8.
double shannon_entropy(std::string_view bytes);

} // namespace vigil::detectors
