// Progress line (see progress_line.hpp). A separate thread samples the counters a few times a
// second; scanning threads never wait on it.
#include "progress_line.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <unistd.h>

namespace vigil::cli {
namespace {

constexpr auto kDelay = std::chrono::seconds(1); // short scans stay silent
constexpr auto kTick = std::chrono::milliseconds(250);

} // namespace

ProgressLine::ProgressLine(const scanner::ScanProgress& progress, bool enabled)
    : progress_(progress), enabled_(enabled), tty_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()) {
  if (enabled_) thread_ = std::thread([this] { run(); });
}

ProgressLine::~ProgressLine() { finish(); }

void ProgressLine::finish() {
  {
    std::lock_guard lock(mutex_);
    if (stop_) return;
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (!enabled_) return;
  if (tty_) {
    if (shown_) fmt::print(stderr, "\r\x1b[K");
  } else {
    print(true);
  }
  std::fflush(stderr);
}

void ProgressLine::run() {
  std::unique_lock lock(mutex_);
  if (wake_.wait_for(lock, kDelay, [this] { return stop_; })) return;
  auto last_line = std::chrono::steady_clock::now();
  for (;;) {
    // A terminal line is redrawn each tick; a log gets one line a second at most.
    if (tty_ || std::chrono::steady_clock::now() - last_line >= kDelay) {
      print(false);
      last_line = std::chrono::steady_clock::now();
    }
    if (wake_.wait_for(lock, kTick, [this] { return stop_; })) return;
  }
}

void ProgressLine::print(bool final_line) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const auto files = progress_.blobs.load(std::memory_order_relaxed);
  const double mb = static_cast<double>(progress_.bytes.load(std::memory_order_relaxed)) / 1e6;
  const double rate = seconds > 0 ? mb / seconds : 0.0;
  const auto text = fmt::format("vigil: {} {}, {:.1f} MB, {:.1f} MB/s{}", files,
                                files == 1 ? "file" : "files", mb, rate,
                                final_line ? fmt::format(" ({:.1f} s)", seconds) : "");
  if (tty_) fmt::print(stderr, "\r{}\x1b[K", text);
  else fmt::print(stderr, "{}\n", text);
  std::fflush(stderr);
  shown_ = true;
}

} // namespace vigil::cli
