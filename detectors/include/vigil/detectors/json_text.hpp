// JSON string escaping shared by every layer that writes JSON (rule verify blocks, reports).
// Invalid UTF-8 bytes (file names, binary content) become U+FFFD so output is always valid JSON.
#pragma once

#include <string>
#include <string_view>

namespace vigil::detectors {

/// Appends `text` to `out` as a quoted JSON string.
void append_json_string(std::string& out, std::string_view text);

/// `text` as a quoted JSON string.
std::string json_string(std::string_view text);

} // namespace vigil::detectors
