// The progress line of long scans on stderr: files, MB and MB/s, from live counters only, so
// it can never show a path or a secret.
#pragma once

#include "vigil/scanner/progress.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace vigil::cli {

/// Shows progress while alive. On a terminal the line appears after ~1 s and is redrawn in
/// place, then erased; when forced (--progress) onto a non-terminal, it prints a line about
/// each second and a final total.
class ProgressLine {
public:
  /// `enabled`: show at all; stderr being a terminal is detected here.
  ProgressLine(const scanner::ScanProgress& progress, bool enabled);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  /// Stops the display (erasing it on a terminal, printing the total otherwise).
  void finish();

private:
  void run();
  void print(bool final_line);

  const scanner::ScanProgress& progress_;
  const bool enabled_;
  const bool tty_;
  const std::chrono::steady_clock::time_point start_;
  bool shown_ = false;
  bool stop_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

} // namespace vigil::cli
