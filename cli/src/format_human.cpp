// --format human: what a person reads in a terminal. One block per finding (a header line,
// then its locations), then a summary that never claims "no leaks" for an incomplete scan.
// All scanned-content text goes through terminal_safe(); colour only when asked.
#include "formats.hpp"
#include "terminal_text.hpp"

#include <fmt/format.h>

namespace vigil::cli {
namespace {

constexpr std::size_t kShortHash = 12;

/// ANSI styling that collapses to nothing when colour is off.
struct Style {
  bool on;
  std::string wrap(std::string_view code, std::string_view text) const {
    if (!on)
      return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  }
  std::string bold(std::string_view t) const { return wrap("1", t); }
  std::string dim(std::string_view t) const { return wrap("2", t); }
  std::string red(std::string_view t) const { return wrap("1;31", t); }
  std::string yellow(std::string_view t) const { return wrap("33", t); }
  std::string green(std::string_view t) const { return wrap("32", t); }
  std::string cyan(std::string_view t) const { return wrap("36", t); }
};

std::string plural(std::uint64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string size_text(std::uint64_t bytes) {
  if (bytes < 1024)
    return plural(bytes, "byte", "bytes");
  constexpr const char *units[] = {"KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes) / 1024.0;
  std::size_t u = 0;
  while (v >= 1024.0 && u + 1 < std::size(units)) {
    v /= 1024.0;
    ++u;
  }
  return fmt::format("{:.1f} {}", v, units[u]);
}

std::string confidence_text(const Style &s, std::string_view confidence) {
  if (confidence == "high")
    return s.red(confidence);
  if (confidence == "medium")
    return s.yellow(confidence);
  return std::string(confidence);
}

std::string validation_text(const Style &s, const Validation &v) {
  std::string status = terminal_safe(v.status);
  if (v.status == "valid")
    status = s.red(status); // a live credential: the loudest line
  else if (v.status == "invalid")
    status = s.green(status);
  std::string out = "validation: " + status;
  if (!v.detail.empty())
    out += " (" + terminal_safe(v.detail) + ")";
  return out;
}

void append_finding(std::string &out, const Style &s, const Report &report,
                    const ReportedFinding &rf) {
  const scanner::Finding &f = rf.finding;
  out += fmt::format("{} [{}]  {}  {}  {}", s.bold(terminal_safe(rule_name_for(report, f))),
                     terminal_safe(rule_id_for(report, f)),
                     confidence_text(s, confidence_for(report, f)),
                     s.cyan(terminal_safe(display_secret(f.secret, report.show_secrets))),
                     s.dim("fp " + rf.fingerprint.substr(0, kShortHash)));
  if (rf.validation)
    out += "  " + validation_text(s, *rf.validation);
  out.push_back('\n');
  for (const auto &loc : f.locations) {
    out += "  ";
    if (loc.kind == scanner::LocationKind::git && !loc.repo.empty() && loc.repo != ".")
      out += terminal_safe(loc.repo) + ": ";
    out += s.bold(terminal_safe(loc.path)) + fmt::format(":{}:{}", loc.line, loc.column);
    if (loc.kind == scanner::LocationKind::git)
      out +=
          s.dim(fmt::format("  commit {}  {}  {}", terminal_safe(loc.commit.substr(0, kShortHash)),
                            terminal_safe(loc.author), terminal_safe(loc.date)));
    out.push_back('\n');
  }
}

void append_summary(std::string &out, const Style &s, const Report &report) {
  const scanner::ScanSummary &sum = report.summary;
  const std::string scanned = fmt::format(
      "{}, {} scanned", plural(sum.blobs_scanned, "file", "files"), size_text(sum.bytes_scanned));
  if (!report.findings.empty()) {
    std::uint64_t locations = 0;
    for (const auto &rf : report.findings)
      locations += rf.finding.locations.size();
    out +=
        fmt::format("{} ({}) · {}\n", s.red(plural(report.findings.size(), "finding", "findings")),
                    plural(locations, "location", "locations"), scanned);
  } else if (sum.complete()) {
    out += fmt::format("{} · {}\n", s.green("no leaks found"), scanned);
  } else {
    out += fmt::format("no findings in what was scanned · {}\n", scanned);
  }
  if (sum.complete())
    return;
  out += fmt::format("skipped {}:\n", plural(sum.skipped.size(), "input", "inputs"));
  for (const auto &skipped : sum.skipped)
    out += fmt::format("  {}: {}\n", terminal_safe(skipped.path), terminal_safe(skipped.reason));
  out += s.red(fmt::format("scan INCOMPLETE: {} not scanned; leaks in {} would not be reported",
                           plural(sum.skipped.size(), "input was", "inputs were"),
                           sum.skipped.size() == 1 ? "it" : "them")) +
         "\n";
}

} // namespace

std::string render_human(const Report &report, bool color) {
  const Style style{color};
  std::string out;
  for (const auto &finding : report.findings) {
    append_finding(out, style, report, finding);
    out.push_back('\n');
  }
  append_summary(out, style, report);
  return out;
}

} // namespace vigil::cli
