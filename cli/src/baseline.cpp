// Baseline files (see baseline.hpp). Written with our JSON string escaping, read with
// simdjson; unknown fields are ignored so later schema versions can add to an entry.
#include "baseline.hpp"

#include "fingerprint.hpp"
#include "formats.hpp"
#include "vigil/detectors/json_text.hpp"

#include <simdjson.h>

#include <algorithm>

namespace vigil::cli {

using detectors::append_json_string;
using detectors::Error;
using detectors::Result;

std::string baseline_key_check(const std::string& key) {
  return fingerprint(key, "vigil.baseline/key-check");
}

std::string render_baseline(const Report& report, const std::string& key) {
  std::string out = "{\"schema\":";
  append_json_string(out, kBaselineSchema);
  out += ",\"key_check\":";
  append_json_string(out, baseline_key_check(key));
  out += ",\"findings\":[";
  bool first = true;
  for (const auto& rf : report.findings) {
    out += first ? "\n  " : ",\n  ";
    first = false;
    out += "{\"fingerprint\":";
    append_json_string(out, rf.fingerprint);
    out += ",\"rule_id\":";
    append_json_string(out, rule_id_for(report, rf.finding));
    if (!rf.finding.locations.empty()) {
      const auto& loc = rf.finding.locations.front();
      out += ",\"location\":{\"kind\":";
      append_json_string(out, scanner::to_string(loc.kind));
      out += ",\"path\":";
      append_json_string(out, loc.path);
      out += ",\"line\":" + std::to_string(loc.line);
      if (!loc.commit.empty()) {
        out += ",\"commit\":";
        append_json_string(out, loc.commit);
      }
      out.push_back('}');
    }
    out.push_back('}');
  }
  out += first ? "]}\n" : "\n]}\n";
  return out;
}

Result<Baseline> load_baseline(const std::string& path) {
  simdjson::padded_string text;
  if (auto err = simdjson::padded_string::load(path).get(text); err)
    return Error{"baseline " + path + ": cannot read: " + simdjson::error_message(err)};
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto err = parser.parse(text).get(doc); err)
    return Error{"baseline " + path + ": not valid JSON: " + simdjson::error_message(err)};
  std::string_view schema;
  if (doc["schema"].get(schema) || schema != kBaselineSchema)
    return Error{"baseline " + path + ": not a " + std::string(kBaselineSchema) + " document"};
  Baseline b;
  std::string_view check;
  if (doc["key_check"].get(check))
    return Error{"baseline " + path + ": key_check is missing"};
  b.key_check.assign(check);
  simdjson::dom::array findings;
  if (doc["findings"].get(findings))
    return Error{"baseline " + path + ": findings is not an array"};
  std::size_t n = 0;
  for (auto entry : findings) {
    ++n;
    std::string_view fp;
    if (entry["fingerprint"].get(fp) || fp.size() != 64 ||
        !std::all_of(fp.begin(), fp.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
      return Error{"baseline " + path + ": finding " + std::to_string(n) +
                   " has no valid fingerprint"};
    b.fingerprints.emplace(fp);
  }
  return b;
}

Result<void> apply_baseline(const Baseline& baseline, const std::string& key, Report& report) {
  if (baseline.key_check != baseline_key_check(key))
    return Error{"the baseline was created with a different fingerprint key, so none of its "
                 "fingerprints can match; use the same key (VIGIL_FINGERPRINT_KEY) or recreate it"};
  auto& f = report.findings;
  f.erase(std::remove_if(f.begin(), f.end(),
                         [&](const ReportedFinding& rf) { return baseline.fingerprints.count(rf.fingerprint) > 0; }),
          f.end());
  return {};
}

Result<void> apply_baseline_file(const std::string& baseline_path, Report& report) {
  if (baseline_path.empty()) return {};
  auto baseline = load_baseline(baseline_path);
  if (!baseline) return baseline.error();
  auto key = load_or_create_fingerprint_key();
  if (!key) return key.error();
  return apply_baseline(baseline.value(), key.value(), report);
}

} // namespace vigil::cli
