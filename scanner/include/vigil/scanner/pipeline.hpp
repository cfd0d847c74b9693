// The scanning pipeline every source uses: a serial producer of work items, a parallel stage
// that reads and scans each item with the calling thread's own BlobScanner, and one serial
// consumer (the single writer). At most `live_tokens` items are in flight (back-pressure).
#pragma once

#include "vigil/detectors/rule_set.hpp"
#include "vigil/scanner/blob_scan.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_pipeline.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <thread>

namespace vigil::scanner {

/// Per-thread BlobScanners over one RuleSet, created on first use in each thread.
class ScannerPool {
public:
  explicit ScannerPool(std::shared_ptr<const detectors::RuleSet> rules,
                       std::size_t chunk_size = 4 << 20)
      : rules_(std::move(rules)), chunk_size_(chunk_size) {}

  /// The calling thread's scanner, or nullptr if scratch could not be allocated.
  BlobScanner* local() {
    auto& slot = scanners_.local();
    if (!slot) {
      auto matcher = detectors::Matcher::create(rules_);
      if (!matcher) return nullptr;
      slot.emplace(std::move(matcher.value()), chunk_size_);
    }
    return &*slot;
  }

private:
  std::shared_ptr<const detectors::RuleSet> rules_;
  std::size_t chunk_size_;
  tbb::enumerable_thread_specific<std::optional<BlobScanner>> scanners_;
};

/// Default number of items in flight: enough to keep every thread busy, bounded for memory.
inline std::size_t default_live_tokens() {
  return 4 * std::max<std::size_t>(1, std::thread::hardware_concurrency());
}

/// Runs produce → work (parallel) → consume (serial, in order of production).
/// `produce(Item&)` returns false when there is no more input. `work(Item&&, BlobScanner*)`
/// turns an item into an Output (the scanner is nullptr if it could not be created; report
/// that as an error for the item). `consume(Output&&)` sees outputs one at a time.
template <class Item, class Output, class Produce, class Work, class Consume>
void run_pipeline(ScannerPool& pool, std::size_t live_tokens, Produce produce, Work work,
                  Consume consume) {
  tbb::parallel_pipeline(
      live_tokens,
      tbb::make_filter<void, std::optional<Item>>(
          tbb::filter_mode::serial_in_order,
          [&](tbb::flow_control& fc) -> std::optional<Item> {
            Item item;
            if (!produce(item)) {
              fc.stop();
              return std::nullopt;
            }
            return std::optional<Item>(std::move(item));
          }) &
          tbb::make_filter<std::optional<Item>, std::optional<Output>>(
              tbb::filter_mode::parallel,
              [&](std::optional<Item> item) -> std::optional<Output> {
                if (!item) return std::nullopt;
                return std::optional<Output>(work(std::move(*item), pool.local()));
              }) &
          tbb::make_filter<std::optional<Output>, void>(
              tbb::filter_mode::serial_in_order, [&](std::optional<Output> out) {
                if (out) consume(std::move(*out));
              }));
}

} // namespace vigil::scanner
