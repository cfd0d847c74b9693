// Checksums built into some token formats (e.g. GitHub's CRC32 tail): a rule names one with
// `checksum:`, and a match whose secret fails it is dropped as a look-alike.
#pragma once

#include <string_view>

namespace vigil::detectors {

/// Whether `name` is a checksum this build knows.
bool is_known_checksum(std::string_view name);

/// Whether `secret` passes the checksum `name` (false for an unknown name).
bool checksum_ok(std::string_view name, std::string_view secret);

} // namespace vigil::detectors
