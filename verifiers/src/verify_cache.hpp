// The verification cache on disk: determinate verdicts (valid / invalid) keyed by rule id and
// the finding's fingerprint, so repeated CI and pre-commit runs do not ask providers again.
// Unknown verdicts are never cached: they say nothing about the secret.
#pragma once

#include "vigil/verifiers/verdict.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace vigil::verifiers {

class VerifyCache {
public:
  /// Loads `file` if it exists (a damaged line is skipped, never fatal).
  VerifyCache(std::filesystem::path file, std::chrono::seconds valid_ttl,
              std::chrono::seconds invalid_ttl);

  /// A fresh cached verdict for `key`, if any.
  std::optional<Verdict> lookup(const std::string& key, std::int64_t now) const;
  /// Records a determinate verdict (others are ignored).
  void store(const std::string& key, const Verdict& verdict);
  /// Writes the cache back (atomically, mode 0600), dropping expired entries. Errors are
  /// swallowed: a cache that cannot be written only costs a later re-check.
  void save(std::int64_t now) const;

private:
  bool fresh(const Verdict& v, std::int64_t now) const;
  std::filesystem::path file_;
  std::chrono::seconds valid_ttl_, invalid_ttl_;
  std::map<std::string, Verdict> entries_;
  bool dirty_ = false;
};

} // namespace vigil::verifiers
