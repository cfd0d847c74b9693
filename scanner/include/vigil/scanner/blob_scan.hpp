// Scanning one blob (a file, a git blob, an archive member): chunked two-stage matching with
// overlap, line and column of each secret, and `vigil:allow` inline suppression.
#pragma once

#include "vigil/detectors/matcher.hpp"
#include "vigil/detectors/result.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vigil::scanner {

using detectors::Error;
using detectors::Result;

/// A confirmed secret inside one blob, positioned by line and column.
struct BlobMatch {
  std::uint32_t rule = 0;
  std::string secret;
  std::uint64_t line = 1;   ///< 1-based
  std::uint64_t column = 1; ///< 1-based byte column of the secret
  std::vector<std::pair<std::string, std::string>> captures; ///< other named groups
};

/// Pulls up to `capacity` bytes into `buffer`; returns how many (0 at end) or an error.
using ReadFn = std::function<Result<std::size_t>(char* buffer, std::size_t capacity)>;

/// Reusable per-thread scan state: the matcher and the chunk buffer.
class BlobScanner {
public:
  /// `chunk_size` bytes are read per step (at least 4 × the rule set's max window).
  explicit BlobScanner(detectors::Matcher matcher, std::size_t chunk_size = 4 << 20);

  /// Scans a blob already in memory, whole.
  Result<void> scan(std::string_view data, std::vector<BlobMatch>& out);

  /// Scans a blob read piecewise; memory stays bounded by the chunk size whatever its length.
  /// A read error ends the blob with that error; matches found before it are kept in `out`.
  Result<void> scan(const ReadFn& read, std::vector<BlobMatch>& out);

  detectors::Matcher& matcher() { return matcher_; }

private:
  detectors::Matcher matcher_;
  std::size_t chunk_size_;
  // Allocated once, never zero-filled: a 20 KB file touches 5 pages of it, not 4 MiB.
  std::unique_ptr<char[]> buffer_;
};

} // namespace vigil::scanner
