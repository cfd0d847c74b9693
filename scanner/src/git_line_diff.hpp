// Which lines of a new blob were added relative to an old one: libgit2's diff on two buffers
// with no context (no repository, so no attributes, drivers or textconv are consulted).
#pragma once

#include "vigil/detectors/result.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace vigil::scanner {

/// Added lines of `after` relative to `before`: sorted 1-based line numbers in `after`.
/// Binary content is compared as text.
detectors::Result<std::vector<std::uint64_t>> added_lines(std::string_view before,
                                                          std::string_view after);

/// Lines present in both sorted lists.
std::vector<std::uint64_t> intersect_lines(const std::vector<std::uint64_t>& a,
                                           const std::vector<std::uint64_t>& b);

} // namespace vigil::scanner
