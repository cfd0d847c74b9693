// The verify step (see verify_step.hpp). Nothing is sent anywhere unless --verify was given.
#include "verify_step.hpp"

#include "terminal_text.hpp"
#include "vigil/verifiers/global_init.hpp"
#include "vigil/verifiers/verifier.hpp"

#include <fmt/core.h>

#include <cstdlib>

namespace vigil::cli {

detectors::Result<verifiers::VerifyOptions> verify_options_from(const ScanOptions& options) {
  verifiers::VerifyOptions vo;
  auto specs = options.verify_endpoints;
  for (auto& s : verifiers::endpoint_specs_from_env()) specs.push_back(std::move(s));
  auto endpoints = verifiers::parse_endpoint_overrides(specs);
  if (!endpoints) return endpoints.error();
  vo.endpoints = std::move(endpoints.value());
  vo.content_hosts = options.verify_content_hosts;
  if (const char* ca = std::getenv("VIGIL_VERIFY_CA_BUNDLE"); ca && *ca) vo.ca_bundle = ca;
  verifiers::proxy_from_env(vo);
  if (options.verify_cache) vo.cache_file = verifiers::default_verify_cache_file();
  if (const char* debug = std::getenv("VIGIL_VERIFY_LOG"); debug && *debug == '1')
    vo.log = [](std::string_view line) { fmt::print(stderr, "vigil: {}\n", terminal_safe(line)); };
  return vo;
}

detectors::Result<void> verify_report(const ScanOptions& options, Report& report) {
  if (!options.verify || report.findings.empty()) return {};
  if (!report.rules) return detectors::Error{"internal: report without rules"};
  auto vo = verify_options_from(options);
  if (!vo) return vo.error();
  std::vector<verifiers::VerifyInput> inputs;
  inputs.reserve(report.findings.size());
  for (const auto& rf : report.findings) {
    verifiers::VerifyInput in;
    in.rule = &report.rules->at(rf.finding.rule);
    in.secret = rf.finding.secret;
    in.captures = rf.finding.captures;
    in.cache_key = rf.fingerprint;
    inputs.push_back(std::move(in));
  }
  if (auto http = verifiers::init_http_library(); !http)
    return detectors::Error{"cannot verify: " + http.error().message};
  verifiers::Verifier verifier(std::move(vo.value()));
  const auto verdicts = verifier.verify(inputs);
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    const auto& v = verdicts[i];
    report.findings[i].validation =
        Validation{std::string(verifiers::to_string(v.status)), verifiers::format_rfc3339(v.checked_at),
                   verifiers::describe(v)};
  }
  return {};
}

} // namespace vigil::cli
