// Output formats against the output contract: golden JSONL and JSON for a fixed report
// (corpus/golden/, compared byte for byte), every JSON output parses, SARIF carries what
// GitHub code scanning needs, and the human summary never claims a clean incomplete scan.
// Set VIGIL_UPDATE_GOLDEN=1 to rewrite the golden files after an intended contract change.
#include "report_fixtures.hpp"
#include "report_writer.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace {

using namespace vigil;
using namespace vigil::report_test;
using cli::OutputFormat;
using cli::render_report;

void check_golden(const std::string &name, const std::string &actual) {
  const std::string path = std::string(VIGIL_SOURCE_DIR) + "/corpus/golden/" + name;
  if (std::getenv("VIGIL_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << actual;
    WARN("rewrote " << path);
  }
  std::ifstream in(path, std::ios::binary);
  INFO("golden file " << path);
  REQUIRE(in.good());
  std::stringstream expected;
  expected << in.rdbuf();
  CHECK(actual == expected.str());
}

std::vector<std::string> lines_of(const std::string &text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

} // namespace

TEST_CASE("JSONL and JSON match the golden files", "[report][golden]") {
  const auto rules = fixture_rules();
  const auto report = fixture_report(rules);
  check_golden("report.jsonl", render_report(report, OutputFormat::jsonl, false));
  check_golden("report.json", render_report(report, OutputFormat::json, false));
}

TEST_CASE("JSONL is one vigil.finding/1 object per line, in contract key order", "[report]") {
  const auto rules = fixture_rules();
  const auto report = fixture_report(rules);
  const auto out = render_report(report, OutputFormat::jsonl, false);
  const auto lines = lines_of(out);
  REQUIRE(lines.size() == report.findings.size());
  CHECK(out.back() == '\n');
  simdjson::dom::parser parser;
  const std::vector<std::string> key_order = {"schema", "rule_id",    "rule_name", "fingerprint",
                                              "secret", "confidence", "locations", "validation"};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto doc = parse_json(parser, lines[i]);
    std::vector<std::string> keys;
    for (auto field : simdjson::dom::object(doc))
      keys.emplace_back(field.key);
    const bool validated = report.findings[i].validation.has_value();
    std::vector<std::string> expected(key_order.begin(), key_order.end() - (validated ? 0 : 1));
    CHECK(keys == expected);
    CHECK(std::string_view(doc["schema"]) == "vigil.finding/1");
    CHECK(std::string_view(doc["fingerprint"]) == report.findings[i].fingerprint);
    for (auto loc : simdjson::dom::array(doc["locations"])) {
      const bool git = std::string_view(loc["kind"]) == "git";
      CHECK((loc["commit"].error() == simdjson::SUCCESS) == git);
      CHECK((loc["author"].error() == simdjson::SUCCESS) == git);
      CHECK(loc["line"].get_uint64().value() >= 1);
    }
  }
  CHECK(std::string_view(parse_json(parser, lines[0])["validation"]["status"]) == "valid");
}

TEST_CASE("JSON is one vigil.report/1 document with the summary", "[report]") {
  const auto rules = fixture_rules();
  auto report = fixture_report(rules);
  simdjson::dom::parser parser;
  {
    auto doc = parse_json(parser, render_report(report, OutputFormat::json, false));
    CHECK(std::string_view(doc["schema"]) == "vigil.report/1");
    CHECK(std::string_view(doc["tool"]["name"]) == "vigil");
    CHECK(std::string_view(doc["tool"]["version"]) == "0.1.0");
    CHECK(simdjson::dom::array(doc["findings"]).size() == 2);
    auto summary = doc["summary"];
    CHECK(uint64_t(summary["blobs_scanned"]) == 3);
    CHECK(uint64_t(summary["bytes_scanned"]) == 4096);
    CHECK(uint64_t(summary["findings"]) == 2);
    CHECK(std::string_view(summary["skipped"].at(0)["path"]) == "big.bin");
    CHECK_FALSE(bool(summary["complete"]));
  }
  report.summary.skipped.clear();
  report.findings.clear();
  auto doc = parse_json(parser, render_report(report, OutputFormat::json, false));
  CHECK(simdjson::dom::array(doc["findings"]).size() == 0);
  CHECK(bool(doc["summary"]["complete"]));
}

TEST_CASE("SARIF has what GitHub code scanning requires", "[report][sarif]") {
  const auto rules = fixture_rules();
  auto report = fixture_report(rules);
  simdjson::dom::parser parser;
  auto doc = parse_json(parser, render_report(report, OutputFormat::sarif, false));
  CHECK(std::string_view(doc["version"]) == "2.1.0");
  CHECK_THAT(std::string(std::string_view(doc["$schema"])), Catch::Contains("sarif-schema-2.1.0"));
  REQUIRE(simdjson::dom::array(doc["runs"]).size() == 1);
  auto run = doc["runs"].at(0);
  auto driver = run["tool"]["driver"];
  CHECK(std::string_view(driver["name"]) == "vigil");
  CHECK(std::string_view(driver["semanticVersion"]) == "0.1.0");
  auto sarif_rules = simdjson::dom::array(driver["rules"]);
  REQUIRE(sarif_rules.size() == rules.size());
  auto rule0 = sarif_rules.at(0);
  CHECK(std::string_view(rule0["id"]) == "github.pat.classic");
  CHECK(std::string_view(rule0["name"]) == rules[0].name);
  CHECK(std::string_view(rule0["shortDescription"]["text"]) == rules[0].name);
  CHECK_FALSE(std::string_view(rule0["fullDescription"]["text"]).empty());
  CHECK(std::string_view(rule0["helpUri"]) == rules[0].references[0]);
  CHECK(std::string_view(rule0["defaultConfiguration"]["level"]) == "error");
  std::vector<std::string> tags;
  for (auto t : simdjson::dom::array(rule0["properties"]["tags"]))
    tags.emplace_back(std::string_view(t));
  CHECK(tags == std::vector<std::string>{"security", "api-token", "source-control"});
  CHECK(sarif_rules.at(1)["properties"]["tags"].get_array().size() == 2); // "security" not doubled
  CHECK(sarif_rules.at(1)["helpUri"].error() == simdjson::NO_SUCH_FIELD);
  CHECK(std::string_view(sarif_rules.at(1)["defaultConfiguration"]["level"]) == "warning");

  auto results = simdjson::dom::array(run["results"]);
  REQUIRE(results.size() == report.findings.size());
  auto r0 = results.at(0);
  CHECK(std::string_view(r0["ruleId"]) == "github.pat.classic");
  CHECK(uint64_t(r0["ruleIndex"]) == 0);
  CHECK(std::string_view(r0["level"]) == "error");
  const std::string message{std::string_view(r0["message"]["text"])};
  CHECK_THAT(message, Catch::Contains(rules[0].name));
  CHECK_THAT(message, Catch::Contains(cli::display_secret(kToken, false)));
  CHECK(std::string_view(r0["partialFingerprints"]["vigilFingerprint/v1"]) ==
        report.findings[0].fingerprint);
  auto locations = simdjson::dom::array(r0["locations"]);
  REQUIRE(locations.size() == 2);
  auto phys = locations.at(0)["physicalLocation"];
  CHECK(std::string_view(phys["artifactLocation"]["uri"]) == "src/app.py");
  CHECK(uint64_t(phys["region"]["startLine"]) == 12);
  CHECK(uint64_t(phys["region"]["startColumn"]) == 9);
  CHECK(std::string_view(locations.at(0)["properties"]["commit"]) == kCommit);
  CHECK(std::string_view(locations.at(1)["physicalLocation"]["artifactLocation"]["uri"]) ==
        "dist/app.war%21WEB-INF/lib/core.jar%21app.properties");
  CHECK(uint64_t(results.at(1)["ruleIndex"]) == 1);
  CHECK(std::string_view(results.at(1)["level"]) == "warning");

  auto invocation = run["invocations"].at(0);
  CHECK_FALSE(bool(invocation["executionSuccessful"]));
  auto notes = simdjson::dom::array(invocation["toolExecutionNotifications"]);
  REQUIRE(notes.size() == 1);
  CHECK_THAT(std::string(std::string_view(notes.at(0)["message"]["text"])),
             Catch::Contains("larger than --max-file-size"));

  report.summary.skipped.clear();
  auto complete = parse_json(parser, render_report(report, OutputFormat::sarif, false));
  CHECK(bool(complete["runs"].at(0)["invocations"].at(0)["executionSuccessful"]));
}

TEST_CASE("SARIF URIs are relative POSIX references, percent-encoded", "[report][sarif]") {
  const auto rules = fixture_rules();
  cli::Report report;
  report.rules = &rules;
  report.findings.push_back(
      reported(0, kToken,
               {file_location("./a dir/x#1?.py", 1, 1), file_location("/abs/p:q.txt", 2, 3),
                file_location("c:/odd", 0, 0)}));
  simdjson::dom::parser parser;
  auto doc = parse_json(parser, render_report(report, OutputFormat::sarif, false));
  auto locs = simdjson::dom::array(doc["runs"].at(0)["results"].at(0)["locations"]);
  auto uri = [&](std::size_t i) {
    return std::string(std::string_view(locs.at(i)["physicalLocation"]["artifactLocation"]["uri"]));
  };
  CHECK(uri(0) == "a%20dir/x%231%3F.py");
  CHECK(uri(1) == "file:///abs/p%3Aq.txt");
  CHECK(uri(2) == "c%3A/odd"); // not mistaken for a URI scheme
  CHECK(locs.at(2)["physicalLocation"]["region"].error() == simdjson::NO_SUCH_FIELD);
}

TEST_CASE("human output groups by finding and summarises", "[report][human]") {
  const auto rules = fixture_rules();
  auto report = fixture_report(rules);
  const auto out = render_report(report, OutputFormat::human, false);
  CHECK(out.find('\x1b') == std::string::npos);
  const auto lines = lines_of(out);
  REQUIRE(lines.size() >= 4);
  CHECK_THAT(lines[0], Catch::Contains(rules[0].name) && Catch::Contains("[github.pat.classic]") &&
                           Catch::Contains("high") && Catch::Contains("ghp_") &&
                           Catch::Contains(report.findings[0].fingerprint.substr(0, 12)) &&
                           Catch::Contains("validation: valid (user octocat)"));
  CHECK_THAT(lines[1], Catch::Contains("src/app.py:12:9") &&
                           Catch::Contains(kCommit.substr(0, 12)) && Catch::Contains("A <a@x>") &&
                           Catch::Contains("2024-05-01T10:00:00Z"));
  CHECK_THAT(lines[2], Catch::Contains("dist/app.war!WEB-INF/lib/core.jar!app.properties:3:14"));
  CHECK_THAT(out,
             Catch::Contains("2 findings (3 locations)") && Catch::Contains("3 files, 4.0 KiB"));
  CHECK_THAT(out, Catch::Contains("big.bin: larger than --max-file-size (1 MiB)"));
  CHECK_THAT(out, Catch::Contains("scan INCOMPLETE"));
  CHECK_THAT(render_report(report, OutputFormat::human, true), Catch::Contains("\x1b["));
}

TEST_CASE("human output says \"no leaks found\" only for a complete scan", "[report][human]") {
  const auto rules = fixture_rules();
  auto report = fixture_report(rules);
  report.findings.clear();
  const auto incomplete = render_report(report, OutputFormat::human, false);
  CHECK_THAT(incomplete, !Catch::Contains("no leaks found"));
  CHECK_THAT(incomplete, Catch::Contains("scan INCOMPLETE: 1 input was not scanned"));
  report.summary.skipped.clear();
  const auto complete = render_report(report, OutputFormat::human, false);
  CHECK_THAT(complete, Catch::StartsWith("no leaks found"));
  CHECK_THAT(complete, !Catch::Contains("INCOMPLETE"));
}

TEST_CASE("a report without rules still renders", "[report]") {
  cli::Report report;
  report.findings.push_back(reported(7, kToken, {file_location("x", 1, 1)}));
  simdjson::dom::parser parser;
  for (auto format : {OutputFormat::json, OutputFormat::sarif}) {
    auto doc = parse_json(parser, render_report(report, format, false));
    (void)doc;
  }
  CHECK_THAT(render_report(report, OutputFormat::jsonl, false),
             Catch::Contains("\"rule_id\":\"unknown\""));
}

TEST_CASE("SARIF keeps GitHub's 100 shown locations per result and says how many there are",
          "[report][sarif]") {
  const auto rules = fixture_rules();
  cli::Report report;
  report.rules = &rules;
  std::vector<scanner::Location> many;
  for (std::uint64_t i = 1; i <= 150; ++i)
    many.push_back(file_location("f.txt", i, 1));
  report.findings.push_back(reported(0, kToken, many));
  simdjson::dom::parser parser;
  auto doc = parse_json(parser, render_report(report, OutputFormat::sarif, false));
  auto result = doc["runs"].at(0)["results"].at(0);
  CHECK(result["locations"].get_array().size() == 100);
  CHECK(uint64_t(result["properties"]["locationCount"]) == 150);
  // JSON keeps every location.
  auto json = parse_json(parser, render_report(report, OutputFormat::jsonl, false));
  CHECK(json["locations"].get_array().size() == 150);
}
