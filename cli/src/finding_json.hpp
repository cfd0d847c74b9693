// The vigil.finding/1 object of the output contract (ARCHITECTURE.md), shared by the JSONL
// and JSON formats so both print exactly the same finding.
#pragma once

#include "report.hpp"

#include <string>

namespace vigil::cli {

/// Appends `finding` as one compact vigil.finding/1 JSON object (no trailing newline).
void append_finding_json(std::string &out, const Report &report, const ReportedFinding &finding);

} // namespace vigil::cli
