// The vigil.finding/1 object (see finding_json.hpp). Key order is part of the contract:
// schema, rule_id, rule_name, fingerprint, secret, confidence, locations, validation (only
// when verification ran). Git-only location fields appear only for kind "git".
#include "finding_json.hpp"

#include "formats.hpp"
#include "vigil/detectors/json_text.hpp"

namespace vigil::cli {
namespace {

using detectors::append_json_string;

void append_location(std::string &out, const scanner::Location &loc) {
  const bool git = loc.kind == scanner::LocationKind::git;
  out += "{\"kind\":";
  append_json_string(out, scanner::to_string(loc.kind));
  if (git) {
    out += ",\"repo\":";
    append_json_string(out, loc.repo);
    out += ",\"commit\":";
    append_json_string(out, loc.commit);
  }
  out += ",\"path\":";
  append_json_string(out, loc.path);
  out += ",\"line\":" + std::to_string(loc.line);
  out += ",\"column\":" + std::to_string(loc.column);
  if (git) {
    out += ",\"author\":";
    append_json_string(out, loc.author);
    out += ",\"date\":";
    append_json_string(out, loc.date);
  }
  out.push_back('}');
}

} // namespace

void append_finding_json(std::string &out, const Report &report, const ReportedFinding &rf) {
  const scanner::Finding &f = rf.finding;
  out += "{\"schema\":\"vigil.finding/1\",\"rule_id\":";
  append_json_string(out, rule_id_for(report, f));
  out += ",\"rule_name\":";
  append_json_string(out, rule_name_for(report, f));
  out += ",\"fingerprint\":";
  append_json_string(out, rf.fingerprint);
  out += ",\"secret\":";
  append_json_string(out, display_secret(f.secret, report.show_secrets));
  out += ",\"confidence\":";
  append_json_string(out, confidence_for(report, f));
  out += ",\"locations\":[";
  for (std::size_t i = 0; i < f.locations.size(); ++i) {
    if (i)
      out.push_back(',');
    append_location(out, f.locations[i]);
  }
  out.push_back(']');
  if (rf.validation) {
    out += ",\"validation\":{\"status\":";
    append_json_string(out, rf.validation->status);
    out += ",\"checked_at\":";
    append_json_string(out, rf.validation->checked_at);
    out += ",\"detail\":";
    append_json_string(out, rf.validation->detail);
    out.push_back('}');
  }
  out.push_back('}');
}

} // namespace vigil::cli
