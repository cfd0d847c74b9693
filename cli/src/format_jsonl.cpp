// --format jsonl: one vigil.finding/1 object per line, in FindingCollector order; nothing
// else (the summary goes to the exit code and, for humans, stderr).
#include "formats.hpp"

#include "finding_json.hpp"

namespace vigil::cli {

std::string render_jsonl(const Report &report) {
  std::string out;
  for (const auto &finding : report.findings) {
    append_finding_json(out, report, finding);
    out.push_back('\n');
  }
  return out;
}

} // namespace vigil::cli
