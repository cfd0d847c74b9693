// Chunked blob scanning (see blob_scan.hpp). Neighbouring chunks overlap by twice the longest
// possible match, and each chunk reports only matches ending in its middle, so a secret that
// crosses a chunk edge is found exactly once with the context it would have had whole.
#include "vigil/scanner/blob_scan.hpp"

#include <string.h> // memrchr

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace vigil::scanner {
namespace {

constexpr std::string_view kAllowMarker = "vigil:allow";

// Newlines in [p, end). Every byte of every blob passes through here, so it compares 16 bytes
// at a time (SSE2 is part of x86-64) instead of one memchr call per line: each match adds 1 to
// a byte lane (cmpeq gives -1), and the lanes are summed before any can pass 255.
std::uint64_t count_newlines(const char* p, const char* end) {
  std::uint64_t n = 0;
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i zero = _mm_setzero_si128();
  while (end - p >= 16) {
    __m128i lanes = zero;
    for (int i = 0; i < 255 && end - p >= 16; ++i, p += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(v, newline));
    }
    const __m128i sums = _mm_sad_epu8(lanes, zero); // two 64-bit partial sums
    n += static_cast<std::uint64_t>(_mm_cvtsi128_si64(sums)) +
         static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
#endif
  for (; p < end; ++p) n += *p == '\n';
  return n;
}

// Counts lines incrementally over a blob seen through successive buffers.
class LineCounter {
public:
  // Advances to absolute offset `to`; `data` holds absolute offset `base` at index 0.
  void advance(const char* data, std::uint64_t base, std::uint64_t to) {
    if (to <= counted_) return;
    const char* p = data + (counted_ - base);
    const char* end = data + (to - base);
    if (const std::uint64_t n = count_newlines(p, end); n > 0) {
      line_ += n;
      const void* last = ::memrchr(p, '\n', static_cast<std::size_t>(end - p));
      line_start_ = base + static_cast<std::uint64_t>(static_cast<const char*>(last) - data) + 1;
    }
    counted_ = to;
  }
  std::uint64_t line() const { return line_; }
  std::uint64_t column(std::uint64_t offset) const { return offset - line_start_ + 1; }

private:
  std::uint64_t counted_ = 0;
  std::uint64_t line_ = 1;
  std::uint64_t line_start_ = 0;
};

class ChunkSink : public detectors::MatchSink {
public:
  ChunkSink(std::string_view data, std::uint64_t base, LineCounter& lines,
            std::vector<BlobMatch>& out)
      : data_(data), base_(base), lines_(lines), out_(out) {}

  void on_match(const detectors::Match& m) override {
    if (line_allows(m.secret_begin)) return;
    const std::uint64_t at = base_ + m.secret_begin;
    lines_.advance(data_.data(), base_, at);
    BlobMatch bm;
    bm.rule = m.rule;
    bm.secret.assign(data_.substr(m.secret_begin, m.secret_end - m.secret_begin));
    bm.line = lines_.line();
    bm.column = lines_.column(at);
    for (const auto& c : m.captures)
      bm.captures.emplace_back(c.name, std::string(data_.substr(c.begin, c.end - c.begin)));
    out_.push_back(std::move(bm));
  }

private:
  // Whether the line holding `begin` carries the inline-allow marker. Matches arrive in order,
  // so many secrets on one long line (minified code) look that line up once, not once each.
  bool line_allows(std::size_t begin) {
    if (!line_known_ || begin < line_begin_ || begin > line_end_) {
      const auto before = data_.substr(0, begin).rfind('\n');
      line_begin_ = before == std::string_view::npos ? 0 : before + 1;
      const auto after = data_.find('\n', begin);
      line_end_ = after == std::string_view::npos ? data_.size() : after;
      line_allowed_ = data_.substr(line_begin_, line_end_ - line_begin_).find(kAllowMarker) !=
                      std::string_view::npos;
      line_known_ = true;
    }
    return line_allowed_;
  }

  std::string_view data_;
  std::uint64_t base_;
  LineCounter& lines_;
  std::vector<BlobMatch>& out_;
  bool line_known_ = false;
  bool line_allowed_ = false;
  std::size_t line_begin_ = 0; // the cached line, [line_begin_, line_end_] with its '\n'
  std::size_t line_end_ = 0;
};

} // namespace

BlobScanner::BlobScanner(detectors::Matcher matcher, std::size_t chunk_size)
    : matcher_(std::move(matcher)),
      chunk_size_(std::max(chunk_size, 4 * matcher_.rules().max_window() + 4096)) {}

Result<void> BlobScanner::scan(std::string_view data, std::vector<BlobMatch>& out) {
  // One Hyperscan call takes at most 4 GiB: a bigger in-memory blob goes through the chunks.
  if (data.size() > std::numeric_limits<std::uint32_t>::max()) {
    std::size_t pos = 0;
    return scan(
        [&](char* buffer, std::size_t capacity) -> Result<std::size_t> {
          const std::size_t n = std::min(capacity, data.size() - pos);
          std::memcpy(buffer, data.data() + pos, n);
          pos += n;
          return n;
        },
        out);
  }
  LineCounter lines;
  ChunkSink sink(data, 0, lines, out);
  return matcher_.scan(data, sink);
}

Result<void> BlobScanner::scan(const ReadFn& read, std::vector<BlobMatch>& out) {
  const std::size_t window = matcher_.rules().max_window();
  if (!buffer_) buffer_.reset(new char[chunk_size_]); // uninitialised on purpose
  LineCounter lines;
  std::uint64_t base = 0;     // absolute offset of buffer_[0]
  std::size_t filled = 0;     // bytes valid in buffer_
  std::size_t report_from = 0; // first chunk reports from its start
  for (;;) {
    bool eof = false;
    std::optional<Error> read_error;
    while (filled < chunk_size_) {
      auto n = read(buffer_.get() + filled, chunk_size_ - filled);
      if (!n) {
        // What was read before the error is still scanned, as the blob's last chunk.
        read_error = n.error();
        eof = true;
        break;
      }
      if (n.value() == 0) {
        eof = true;
        break;
      }
      filled += n.value();
    }
    const std::string_view data(buffer_.get(), filled);
    const std::size_t report_until = eof ? filled : filled - window;
    // A chunk may report a secret that starts before the previous chunk's last one (a long
    // match ending later), so each chunk counts lines on a copy positioned at its own start.
    LineCounter chunk_lines = lines;
    ChunkSink sink(data, base, chunk_lines, out);
    if (auto ok = matcher_.scan(data, report_from, report_until, sink); !ok) return ok;
    if (read_error) return *read_error;
    if (eof) return {};
    // Keep 2 × window: the next chunk re-reads `window` bytes of context before what it reports.
    const std::size_t keep_from = report_until - window;
    lines.advance(buffer_.get(), base, base + keep_from);
    std::memmove(buffer_.get(), buffer_.get() + keep_from, filled - keep_from);
    base += keep_from;
    filled -= keep_from;
    report_from = window;
  }
}

} // namespace vigil::scanner
