// Secrets stay secret in every format: the redaction scheme, canary secrets that must appear
// nowhere without --show-secrets (and everywhere with it), hostile paths (non-UTF-8, terminal
// escapes) that still give valid JSON and a harmless terminal.
#include "report_fixtures.hpp"
#include "report_writer.hpp"
#include "terminal_text.hpp"

namespace {

using namespace vigil;
using namespace vigil::report_test;
using cli::display_secret;
using cli::OutputFormat;
using cli::render_report;

const std::string kEllipsis = "\xE2\x80\xA6";

std::vector<std::pair<std::string, std::string>> all_formats(const cli::Report &report) {
  return {{"human", render_report(report, OutputFormat::human, false)},
          {"human+color", render_report(report, OutputFormat::human, true)},
          {"jsonl", render_report(report, OutputFormat::jsonl, false)},
          {"json", render_report(report, OutputFormat::json, false)},
          {"sarif", render_report(report, OutputFormat::sarif, false)}};
}

/// True when any `window`-byte piece of `hidden` occurs in `text`.
bool leaks_piece(const std::string &text, const std::string &hidden, std::size_t window) {
  for (std::size_t i = 0; i + window <= hidden.size(); ++i)
    if (text.find(hidden.substr(i, window)) != std::string::npos)
      return true;
  return false;
}

} // namespace

TEST_CASE("display_secret redacts to at most a quarter of the secret", "[redact]") {
  CHECK(display_secret("ghp_1234567890abcdefghijklmnopqrstu9xQa", false) ==
        "ghp_" + kEllipsis + "9xQa");
  CHECK(display_secret("AKIAABCDEFGHIJKLMNYZ", false) == "AK" + kEllipsis + "YZ");
  CHECK(display_secret("abcdefgh", false) == "a" + kEllipsis + "h");
  CHECK(display_secret("abcdefg", false) == kEllipsis + "(7 bytes)");
  CHECK(display_secret("", false) == kEllipsis + "(0 bytes)");
  CHECK(display_secret("ghp_1234567890abcdefghijklmnopqrstu9xQa", true) ==
        "ghp_1234567890abcdefghijklmnopqrstu9xQa");
  for (std::size_t n = 1; n <= 200; ++n) {
    const std::string secret(n, 'x');
    const auto shown = display_secret(secret, false);
    const auto revealed = std::count(shown.begin(), shown.end(), 'x');
    INFO("length " << n);
    CHECK(static_cast<std::size_t>(revealed) * 4 <= n);
    CHECK(revealed <= 8);
  }
}

TEST_CASE("display_secret shows a private key's PEM header only", "[redact]") {
  CHECK(display_secret(kPrivateKey, false) == "-----BEGIN RSA PRIVATE KEY-----" + kEllipsis);
  CHECK(display_secret("-----BEGIN OPENSSH PRIVATE KEY-----\r\nAAAA\r\n", false) ==
        "-----BEGIN OPENSSH PRIVATE KEY-----" + kEllipsis);
  CHECK(display_secret("user=admin\npass=hunter2hunter2", false) ==
        kEllipsis + "(30 bytes, 2 lines)");
}

TEST_CASE("display_secret never reveals control bytes", "[redact]") {
  const auto shown = display_secret("\x1b[31mAAAAAAAAAAAAAAAAAAAAAAAAA\x07\x7f\xff", false);
  CHECK(shown == "?[31" + kEllipsis + "A???");
}

TEST_CASE("canary secrets appear in no format without --show-secrets", "[redact][canary]") {
  const auto rules = fixture_rules();
  auto report = fixture_report(rules);
  const std::string canary_middle = kToken.substr(4, kToken.size() - 8);
  for (const auto &[name, text] : all_formats(report)) {
    INFO("format " << name);
    CHECK(text.find(kToken) == std::string::npos);
    CHECK_FALSE(leaks_piece(text, canary_middle, 5));
    CHECK_FALSE(leaks_piece(text, kKeyBody1, 5));
    CHECK_FALSE(leaks_piece(text, kKeyBody2, 5));
    CHECK(text.find(report.findings[0].fingerprint.substr(0, 12)) != std::string::npos);
  }
}

TEST_CASE("with --show-secrets every format shows the secret", "[redact][canary]") {
  const auto rules = fixture_rules();
  auto report = fixture_report(rules);
  report.show_secrets = true;
  for (const auto &[name, text] : all_formats(report)) {
    INFO("format " << name);
    CHECK(text.find(kToken) != std::string::npos);
    CHECK(text.find(kKeyBody1) != std::string::npos);
  }
}

TEST_CASE("non-UTF-8 and control characters in paths give valid JSON and a safe terminal",
          "[redact][paths]") {
  const auto rules = fixture_rules();
  cli::Report report;
  report.rules = &rules;
  const std::string bad_path = "dir/\xff\xfe-name\x1b]0;owned\x07.txt";
  report.findings.push_back(reported(0, kToken, {file_location(bad_path, 1, 2)}));
  report.summary.skipped.push_back({"other/\xc3\x28.bin", "unreadable: \x1b[2J"});
  simdjson::dom::parser parser;
  for (const auto &[name, text] : all_formats(report)) {
    INFO("format " << name);
    if (name == "jsonl" || name == "json" || name == "sarif")
      (void)parse_json(parser, text);
  }
  const auto jsonl = render_report(report, OutputFormat::jsonl, false);
  auto doc = parse_json(parser, jsonl);
  CHECK(std::string_view(doc["locations"].at(0)["path"]) ==
        "dir/\xEF\xBF\xBD\xEF\xBF\xBD-name\x1b]0;owned\x07.txt");
  auto sarif = parse_json(parser, render_report(report, OutputFormat::sarif, false));
  CHECK(std::string_view(sarif["runs"].at(0)["results"].at(0)["locations"].at(
            0)["physicalLocation"]["artifactLocation"]["uri"]) ==
        "dir/%FF%FE-name%1B%5D0%3Bowned%07.txt");
  const auto human = render_report(report, OutputFormat::human, false);
  CHECK(human.find('\x1b') == std::string::npos);
  CHECK(human.find('\x07') == std::string::npos);
  CHECK_THAT(human, Catch::Contains("dir/\\xff\\xfe-name\\x1b]0;owned\\x07.txt:1:2"));
  CHECK_THAT(human, Catch::Contains("other/\\xc3(.bin: unreadable: \\x1b[2J"));
}

TEST_CASE("terminal_safe escapes controls, bidi overrides and bad UTF-8 only", "[redact]") {
  using cli::terminal_safe;
  CHECK(terminal_safe("plain/path.txt") == "plain/path.txt");
  CHECK(terminal_safe("caf\xC3\xA9 \xE2\x80\xA6 \xF0\x9F\x94\x91") ==
        "caf\xC3\xA9 \xE2\x80\xA6 \xF0\x9F\x94\x91");
  CHECK(terminal_safe("a\nb\tc\r\x7f") == "a\\nb\\tc\\r\\x7f");
  CHECK(terminal_safe("x\xE2\x80\xAEy") == "x\\u{202e}y");
  CHECK(terminal_safe("\xC2\x9B"
                      "31m") == "\\u{009b}31m");
  CHECK(terminal_safe("\xC0\xAF") == "\\xc0\\xaf");
  CHECK(terminal_safe("\xED\xA0\x80") == "\\xed\\xa0\\x80");
}
