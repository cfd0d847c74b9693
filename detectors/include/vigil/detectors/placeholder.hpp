// Documentation placeholders: secrets such as AWS's published AKIAIOSFODNN7EXAMPLE have the
// right shape and entropy but are never live; every rule drops them.
#pragma once

#include <string_view>

namespace vigil::detectors {

/// Whether `secret` is a documentation placeholder (contains "example", any case). A random
/// token contains those seven letters by chance with negligible probability.
bool is_placeholder(std::string_view secret);

} // namespace vigil::detectors
