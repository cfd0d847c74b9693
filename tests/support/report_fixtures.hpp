// Helpers for output-format tests: a fixed Report (two rules, a git + archive finding with a
// validation, a private key, one skipped input) with synthetic secrets, and JSON parsing.
#pragma once

#include "fingerprint.hpp"
#include "report.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <string>
#include <vector>

namespace vigil::report_test {

/// Synthetic values in the documented shapes (random characters; not real credentials).
inline const std::string kToken = "ghp_H5zab5REC39NVimG9bkBIjGUs5BvuDzzqaXB";
inline const std::string kKeyBody1 =
    "CDlXtucipVpCJIFzG1y0+dARTpntHjIdpkwUz7DCeE0WkTwSNThB6HLJhDjD1MDH";
inline const std::string kKeyBody2 =
    "uuogTPU9QsTRghUX1gPOpghd/b9gtNfYHmjK/MTwpzposbNsYGGuDPPQEIN/S3uR";
inline const std::string kPrivateKey = "-----BEGIN RSA PRIVATE KEY-----\n" + kKeyBody1 + "\n" +
                                       kKeyBody2 + "\n-----END RSA PRIVATE KEY-----";
inline const std::string kCommit = "48c4f43ec1aa9e82eb04965c984f36924f0cbdc0";
inline const std::string kFingerprintKey = "golden-test-key";

inline std::vector<detectors::Rule> fixture_rules() {
  detectors::Rule github;
  github.id = "github.pat.classic";
  github.name = "GitHub personal access token (classic)";
  github.confidence = detectors::Confidence::high;
  github.categories = {"api-token", "source-control"};
  github.references = {
      "https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/"};
  detectors::Rule key;
  key.id = "test.private-key";
  key.name = "Test private key";
  key.confidence = detectors::Confidence::medium;
  key.categories = {"private-key", "security", "private-key"}; // duplicates on purpose
  return {github, key};
}

inline cli::ReportedFinding reported(std::uint32_t rule, std::string secret,
                                     std::vector<scanner::Location> locations) {
  cli::ReportedFinding rf;
  rf.finding.rule = rule;
  rf.finding.secret = std::move(secret);
  rf.finding.locations = std::move(locations);
  rf.fingerprint = cli::fingerprint(kFingerprintKey, rf.finding.secret);
  return rf;
}

inline scanner::Location file_location(std::string path, std::uint64_t line, std::uint64_t col) {
  scanner::Location loc;
  loc.kind = scanner::LocationKind::file;
  loc.path = std::move(path);
  loc.line = line;
  loc.column = col;
  return loc;
}

inline scanner::Location git_location(std::string path, std::uint64_t line, std::uint64_t col) {
  scanner::Location loc = file_location(std::move(path), line, col);
  loc.kind = scanner::LocationKind::git;
  loc.repo = ".";
  loc.commit = kCommit;
  loc.author = "A <a@x>";
  loc.date = "2024-05-01T10:00:00Z";
  return loc;
}

/// The fixed report of the golden files. `rules` must outlive it.
inline cli::Report fixture_report(const std::vector<detectors::Rule> &rules) {
  cli::Report report;
  report.rules = &rules;
  report.tool_version = "0.1.0";
  auto token = reported(0, kToken,
                        {git_location("src/app.py", 12, 9),
                         file_location("dist/app.war!WEB-INF/lib/core.jar!app.properties", 3, 14)});
  token.validation = cli::Validation{"valid", "2026-01-01T00:00:00Z", "user octocat"};
  report.findings.push_back(std::move(token));
  report.findings.push_back(reported(1, kPrivateKey, {file_location("keys/id_rsa", 1, 1)}));
  report.summary.blobs_scanned = 3;
  report.summary.bytes_scanned = 4096;
  report.summary.skipped.push_back({"big.bin", "larger than --max-file-size (1 MiB)"});
  return report;
}

/// Parses `json` with simdjson (which also validates UTF-8); fails the test when invalid.
inline simdjson::dom::element parse_json(simdjson::dom::parser &parser, const std::string &json) {
  simdjson::dom::element doc;
  const auto error = parser.parse(json).get(doc);
  INFO("JSON: " << json);
  INFO("simdjson: " << simdjson::error_message(error));
  REQUIRE(error == simdjson::SUCCESS);
  return doc;
}

} // namespace vigil::report_test
