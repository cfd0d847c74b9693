// Byte sizes as users write them on the command line: "1048576", "512K", "10M", "1G", "2GiB".
#pragma once

#include "vigil/detectors/result.hpp"

#include <cstdint>
#include <string_view>

namespace vigil::cli {

/// Parses a positive size: digits, then an optional K/M/G/T (powers of 1024, any case),
/// optionally followed by "B" or "iB". Errors say what was wrong with `text`.
detectors::Result<std::uint64_t> parse_byte_size(std::string_view text);

} // namespace vigil::cli
