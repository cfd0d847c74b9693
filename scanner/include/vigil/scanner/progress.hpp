// Live scan counters, updated by pipeline workers and read by a progress display on another
// thread. Counts only: nothing here can carry content or a path.
#pragma once

#include <atomic>
#include <cstdint>

namespace vigil::scanner {

/// Blobs finished and bytes read so far; relaxed atomics, safe to read at any time.
struct ScanProgress {
  std::atomic<std::uint64_t> blobs{0};
  std::atomic<std::uint64_t> bytes{0};
};

} // namespace vigil::scanner
