// Match: one confirmed rule match inside a scanned buffer, as byte offsets into that buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vigil::detectors {

/// A named capture group of a match (e.g. the AWS key id found beside its secret).
struct Capture {
  std::string name;
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// A match confirmed by both stages. Offsets are into the buffer given to Matcher::scan.
struct Match {
  std::uint32_t rule = 0;     ///< index into RuleSet::rules()
  std::size_t begin = 0;      ///< whole match
  std::size_t end = 0;
  std::size_t secret_begin = 0; ///< the secret's capture
  std::size_t secret_end = 0;
  std::vector<Capture> captures; ///< other named groups that participated
};

/// Receives matches pushed by Matcher::scan, in order of secret position.
class MatchSink {
public:
  virtual ~MatchSink() = default;
  virtual void on_match(const Match& match) = 0;
};

} // namespace vigil::detectors
