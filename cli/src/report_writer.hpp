// Output formats: render a Report as human text, JSON, JSONL or SARIF 2.1.0 (ARCHITECTURE.md's
// output contract). Every format redacts secrets through display_secret().
#pragma once

#include "report.hpp"
#include "scan_options.hpp"

#include <string>

namespace vigil::cli {

/// The whole report in `format`. `color` applies to human output only.
std::string render_report(const Report& report, OutputFormat format, bool color);

} // namespace vigil::cli
