// --format sarif: SARIF 2.1.0 as GitHub code scanning accepts it. One run; every loaded rule
// as a reportingDescriptor (so ruleIndex is the finding's rule index); one result per finding
// with its locations, keyed across runs by partialFingerprints["vigilFingerprint/v1"] (the
// HMAC fingerprint: stable when lines move). Skipped inputs become tool execution
// notifications and make executionSuccessful false. GitHub's documented limits shape it:
// at most 100 of a result's locations are shown (1,000 accepted), 10 of a rule's tags.
#include "formats.hpp"
#include "vigil/detectors/json_text.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

namespace vigil::cli {
namespace {

using detectors::append_json_string;

constexpr std::string_view kSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
// The project's home page for tool.driver.informationUri; omitted while it has none.
constexpr std::string_view kInformationUri = "";
constexpr std::size_t kMaxLocations = 100;
constexpr std::size_t kMaxTags = 10;

std::string_view level_for(detectors::Confidence c) {
  return c == detectors::Confidence::high ? "error" : "warning";
}

/// A file path as a URI reference: relative paths stay relative (leading "./" dropped),
/// absolute ones become file:// URIs; every byte but unreserved characters and '/' is
/// percent-encoded, so non-UTF-8 names, spaces, '#', '?' and ':' survive intact.
std::string path_uri(std::string_view path) {
  while (path.substr(0, 2) == "./")
    path.remove_prefix(2);
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out = !path.empty() && path.front() == '/' ? "file://" : "";
  for (const char c : path) {
    const auto u = static_cast<unsigned char>(c);
    const bool keep = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(hex[u >> 4]);
      out.push_back(hex[u & 0xF]);
    }
  }
  return out;
}

void append_text(std::string &out, std::string_view key, std::string_view text) {
  append_json_string(out, key);
  out += ":{\"text\":";
  append_json_string(out, text);
  out.push_back('}');
}

void append_rule(std::string &out, const detectors::Rule &rule) {
  out += "{\"id\":";
  append_json_string(out, rule.id);
  out += ",\"name\":";
  append_json_string(out, rule.name);
  out.push_back(',');
  append_text(out, "shortDescription", rule.name);
  out.push_back(',');
  append_text(out, "fullDescription",
              rule.name + ", detected by vigil rule " + rule.id + " (confidence " +
                  std::string(detectors::to_string(rule.confidence)) + ").");
  if (!rule.references.empty()) {
    out += ",\"helpUri\":";
    append_json_string(out, rule.references.front());
  }
  out.push_back(',');
  append_text(
      out, "help",
      "Treat the secret as leaked: revoke or rotate it with the provider, then remove it "
      "from the code and its history." +
          (rule.references.empty() ? std::string() : " Format: " + rule.references.front()));
  out += ",\"defaultConfiguration\":{\"level\":";
  append_json_string(out, level_for(rule.confidence));
  // SARIF property bags want unique tags; GitHub keeps only the first 10.
  std::vector<std::string_view> tags = {"security"};
  for (const auto &category : rule.categories)
    if (tags.size() < kMaxTags && std::find(tags.begin(), tags.end(), category) == tags.end())
      tags.push_back(category);
  out += "},\"properties\":{\"tags\":[";
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (i)
      out.push_back(',');
    append_json_string(out, tags[i]);
  }
  out += "],\"precision\":";
  append_json_string(out, detectors::to_string(rule.confidence));
  out += "}}";
}

void append_location(std::string &out, const scanner::Location &loc) {
  out += "{\"physicalLocation\":{\"artifactLocation\":{\"uri\":";
  append_json_string(out, path_uri(loc.path));
  out.push_back('}');
  if (loc.line > 0) { // SARIF lines and columns are 1-based; 0 means unknown
    out += ",\"region\":{\"startLine\":" + std::to_string(loc.line);
    if (loc.column > 0)
      out += ",\"startColumn\":" + std::to_string(loc.column);
    out.push_back('}');
  }
  out.push_back('}');
  if (loc.kind == scanner::LocationKind::git) {
    out += ",\"properties\":{\"commit\":";
    append_json_string(out, loc.commit);
    out += ",\"repo\":";
    append_json_string(out, loc.repo);
    out.push_back('}');
  }
  out.push_back('}');
}

void append_result(std::string &out, const Report &report, const ReportedFinding &rf) {
  const scanner::Finding &f = rf.finding;
  const detectors::Rule *rule = rule_for(report, f);
  out += "{\"ruleId\":";
  append_json_string(out, rule_id_for(report, f));
  if (rule)
    out += ",\"ruleIndex\":" + std::to_string(f.rule);
  out += ",\"level\":";
  append_json_string(out, rule ? level_for(rule->confidence) : "warning");
  out.push_back(',');
  append_text(out, "message",
              std::string(rule_name_for(report, f)) +
                  " found: " + display_secret(f.secret, report.show_secrets));
  out += ",\"locations\":[";
  const std::size_t shown = std::min(f.locations.size(), kMaxLocations);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i)
      out.push_back(',');
    append_location(out, f.locations[i]);
  }
  out += "],\"partialFingerprints\":{\"vigilFingerprint/v1\":";
  append_json_string(out, rf.fingerprint);
  out += "},\"properties\":{\"confidence\":";
  append_json_string(out, confidence_for(report, f));
  out += ",\"locationCount\":" + std::to_string(f.locations.size());
  if (rf.validation) {
    out += ",\"validation\":";
    append_json_string(out, rf.validation->status);
  }
  out += "}}";
}

void append_invocation(std::string &out, const scanner::ScanSummary &summary) {
  out += "{\"executionSuccessful\":";
  out += summary.complete() ? "true" : "false";
  out += ",\"toolExecutionNotifications\":[";
  for (std::size_t i = 0; i < summary.skipped.size(); ++i) {
    const auto &skipped = summary.skipped[i];
    if (i)
      out.push_back(',');
    out += "{\"level\":\"warning\",";
    append_text(out, "message", "not scanned: " + skipped.reason);
    out += ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":";
    append_json_string(out, path_uri(skipped.path));
    out += "}}}]}";
  }
  out += "]}";
}

} // namespace

std::string render_sarif(const Report &report) {
  std::string out = "{\"$schema\":";
  append_json_string(out, kSchema);
  out += ",\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"vigil\"";
  if (!kInformationUri.empty()) {
    out += ",\"informationUri\":";
    append_json_string(out, kInformationUri);
  }
  if (!report.tool_version.empty()) {
    out += ",\"version\":";
    append_json_string(out, report.tool_version);
    out += ",\"semanticVersion\":";
    append_json_string(out, report.tool_version);
  }
  out += ",\"rules\":[";
  if (report.rules) {
    for (std::size_t i = 0; i < report.rules->size(); ++i) {
      if (i)
        out.push_back(',');
      append_rule(out, (*report.rules)[i]);
    }
  }
  out += "]}},\"invocations\":[";
  append_invocation(out, report.summary);
  out += "],\"results\":[";
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    if (i)
      out.push_back(',');
    append_result(out, report, report.findings[i]);
  }
  out += "]}]}\n";
  return out;
}

} // namespace vigil::cli
