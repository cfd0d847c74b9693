// --format json: one vigil.report/1 document: the tool, every finding (the same objects as
// JSONL) and the scan summary, so a consumer can tell a clean scan from an incomplete one.
#include "formats.hpp"

#include "finding_json.hpp"
#include "vigil/detectors/json_text.hpp"

namespace vigil::cli {

std::string render_json(const Report &report) {
  using detectors::append_json_string;
  std::string out = "{\"schema\":\"vigil.report/1\",\"tool\":{\"name\":\"vigil\",\"version\":";
  append_json_string(out, report.tool_version);
  out += "},\"findings\":[";
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    if (i)
      out.push_back(',');
    append_finding_json(out, report, report.findings[i]);
  }
  const scanner::ScanSummary &s = report.summary;
  out += "],\"summary\":{\"blobs_scanned\":" + std::to_string(s.blobs_scanned);
  out += ",\"bytes_scanned\":" + std::to_string(s.bytes_scanned);
  out += ",\"findings\":" + std::to_string(report.findings.size());
  out += ",\"skipped\":[";
  for (std::size_t i = 0; i < s.skipped.size(); ++i) {
    if (i)
      out.push_back(',');
    out += "{\"path\":";
    append_json_string(out, s.skipped[i].path);
    out += ",\"reason\":";
    append_json_string(out, s.skipped[i].reason);
    out.push_back('}');
  }
  out += "],\"complete\":";
  out += s.complete() ? "true" : "false";
  out += "}}\n";
  return out;
}

} // namespace vigil::cli
