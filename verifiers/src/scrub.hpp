// Scrubber: last line of defence against a secret reaching a log, an error or a report, even
// when a provider's body echoes it back. Knows each sensitive value in the forms a request may
// have carried it (raw, URL-encoded, base64, JSON-escaped) and replaces every occurrence.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigil::verifiers {

class Scrubber {
public:
  /// Adds a sensitive value (values shorter than 4 bytes are ignored: they would redact
  /// ordinary words and cannot be secrets).
  void add(std::string_view value);
  /// `text` with every known form of every value replaced by "[redacted]".
  std::string apply(std::string_view text) const;

private:
  std::vector<std::string> forms_;
};

/// Makes `text` safe to show on one line: control characters dropped, at most `max` bytes.
std::string printable(std::string_view text, std::size_t max = 120);

} // namespace vigil::verifiers
