// VerifyOptions: every knob of the verification engine, with the defaults a scan uses.
// The cli fills them from `--verify*` options and the environment.
#pragma once

#include "vigil/verifiers/endpoint_overrides.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::verifiers {

/// Receives one log line (never containing a secret or capture).
using LogSink = std::function<void(std::string_view line)>;

/// Engine limits, network policy and caching.
struct VerifyOptions {
  // Concurrency and pacing
  std::size_t global_concurrency = 128;      ///< requests in flight at once, all providers
  std::size_t provider_concurrency = 16;     ///< requests in flight per provider host
  double provider_rate = 50.0;               ///< requests per second per provider (token bucket)
  double provider_burst = 50.0;              ///< bucket size
  std::size_t queue_capacity = 512;          ///< bounded queue between submitters and the engine

  // Timeouts and limits of one attempt
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{15000};
  long low_speed_limit = 64;                 ///< bytes/s below which ...
  std::chrono::seconds low_speed_time{5};    ///< ... for this long an attempt is abandoned
  std::size_t max_response_bytes = 256 * 1024; ///< enforced while reading

  // Retries
  std::chrono::milliseconds finding_budget{30000}; ///< all attempts of one secret together
  int max_attempts = 4;
  std::chrono::milliseconds backoff_base{250};     ///< doubled per attempt, with full jitter
  std::chrono::milliseconds backoff_max{8000};
  std::chrono::milliseconds retry_after_cap{20000}; ///< a longer Retry-After gives up: unknown

  // Network policy
  bool content_hosts = false;                ///< --verify-content-hosts
  std::vector<EndpointOverride> endpoints;   ///< --verify-endpoint / VIGIL_VERIFY_ENDPOINTS
  std::string ca_bundle;                     ///< CA file ($VIGIL_VERIFY_CA_BUNDLE); empty: system
  /// Proxies as in the lower-case environment variables (https_proxy, all_proxy, no_proxy);
  /// filled by proxy_from_env(). Empty: direct connections.
  std::string https_proxy;
  std::string no_proxy;
  /// Test hook: curl-style "host:port:address" pins, standing in for DNS answers (so tests
  /// can make a name resolve to a blocked address). Never set by the cli.
  std::vector<std::string> resolve;

  // Cache
  std::optional<std::filesystem::path> cache_file; ///< nullopt: no cache (--no-verify-cache)
  std::chrono::seconds valid_ttl{3600};            ///< a live secret is re-asked after an hour
  std::chrono::seconds invalid_ttl{7 * 24 * 3600}; ///< dead secrets stay dead

  LogSink log; ///< optional debug log
};

/// Reads https_proxy / all_proxy / no_proxy (lower-case, as curl does) into `options`.
void proxy_from_env(VerifyOptions& options);

/// The default cache file: <cache dir>/verify-cache.tsv (nullopt without a cache dir).
std::optional<std::filesystem::path> default_verify_cache_file();

} // namespace vigil::verifiers
