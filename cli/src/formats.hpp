// The output formats behind render_report (report_writer.hpp), one file each, and the small
// lookups they share. Private to cli/.
#pragma once

#include "report.hpp"

#include <string>
#include <string_view>

namespace vigil::cli {

/// Terminal text, grouped by finding (format_human.cpp).
std::string render_human(const Report &report, bool color);
/// One vigil.finding/1 object per line (format_jsonl.cpp).
std::string render_jsonl(const Report &report);
/// One vigil.report/1 document (format_json.cpp).
std::string render_json(const Report &report);
/// SARIF 2.1.0 for GitHub code scanning (format_sarif.cpp).
std::string render_sarif(const Report &report);

/// The rule a finding refers to, or nullptr when the report has no such rule.
const detectors::Rule *rule_for(const Report &report, const scanner::Finding &finding);
/// The rule's id, or "unknown" when the report has no such rule.
std::string_view rule_id_for(const Report &report, const scanner::Finding &finding);
/// The rule's name, or "unknown rule".
std::string_view rule_name_for(const Report &report, const scanner::Finding &finding);
/// The rule's confidence as text, or "unknown".
std::string_view confidence_for(const Report &report, const scanner::Finding &finding);

} // namespace vigil::cli
