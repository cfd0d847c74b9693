// render_report: picks the output format (report_writer.hpp), plus the rule lookups every
// format shares (formats.hpp).
#include "report_writer.hpp"

#include "formats.hpp"

namespace vigil::cli {

std::string render_report(const Report &report, OutputFormat format, bool color) {
  switch (format) {
  case OutputFormat::human: return render_human(report, color);
  case OutputFormat::json: return render_json(report);
  case OutputFormat::jsonl: return render_jsonl(report);
  case OutputFormat::sarif: return render_sarif(report);
  }
  return render_human(report, color);
}

const detectors::Rule *rule_for(const Report &report, const scanner::Finding &finding) {
  if (report.rules == nullptr || finding.rule >= report.rules->size())
    return nullptr;
  return &(*report.rules)[finding.rule];
}

std::string_view rule_id_for(const Report &report, const scanner::Finding &finding) {
  const auto *rule = rule_for(report, finding);
  return rule ? std::string_view(rule->id) : std::string_view("unknown");
}

std::string_view rule_name_for(const Report &report, const scanner::Finding &finding) {
  const auto *rule = rule_for(report, finding);
  return rule ? std::string_view(rule->name) : std::string_view("unknown rule");
}

std::string_view confidence_for(const Report &report, const scanner::Finding &finding) {
  const auto *rule = rule_for(report, finding);
  return rule ? detectors::to_string(rule->confidence) : std::string_view("unknown");
}

} // namespace vigil::cli
