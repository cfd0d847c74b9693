// Pack entry header parsing (see git_pack_headers.hpp). Every length and offset read from the
// file is bounds-checked; anything unexpected returns false and the caller falls back to
// libgit2.
#include "git_pack_headers.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <utility>

namespace vigil::scanner {
namespace {

constexpr std::size_t kBuffer = 64 << 10;
constexpr std::size_t kMaxHeader = 10 + 10 + 20; // size varint, ofs varint or base id

} // namespace

PackHeaderReader::PackHeaderReader(PackHeaderReader&& o) noexcept { *this = std::move(o); }

PackHeaderReader& PackHeaderReader::operator=(PackHeaderReader&& o) noexcept {
  if (this == &o) return *this;
  this->~PackHeaderReader();
  fd_ = std::exchange(o.fd_, -1);
  file_size_ = o.file_size_;
  buf_ = std::move(o.buf_);
  buf_offset_ = o.buf_offset_;
  buf_len_ = std::exchange(o.buf_len_, 0);
  return *this;
}

PackHeaderReader::~PackHeaderReader() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool PackHeaderReader::open(const std::string& path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return false;
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 12 + 20) return false;
  file_size_ = static_cast<std::uint64_t>(st.st_size);
  buf_.resize(kBuffer);
  if (fill(0, 12) < 12 || std::memcmp(buf_.data(), "PACK", 4) != 0) return false;
  const unsigned char v = buf_[7];
  return !buf_[4] && !buf_[5] && !buf_[6] && (v == 2 || v == 3);
}

std::size_t PackHeaderReader::fill(std::uint64_t offset, std::size_t want) {
  if (fd_ < 0 || offset >= file_size_) return 0;
  if (offset >= buf_offset_ && offset + want <= buf_offset_ + buf_len_)
    return static_cast<std::size_t>(buf_offset_ + buf_len_ - offset);
  const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(buf_.size(), file_size_ - offset));
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::pread(fd_, buf_.data() + got, n - got, static_cast<off_t>(offset + got));
    if (r <= 0) break;
    got += static_cast<std::size_t>(r);
  }
  buf_offset_ = offset;
  buf_len_ = got;
  return got;
}

bool PackHeaderReader::entry(std::uint64_t offset, PackEntryHeader& out) {
  // The trailing 20-byte checksum is never an entry.
  if (offset < 12 || offset + 20 >= file_size_) return false;
  const std::size_t avail = fill(offset, kMaxHeader);
  if (avail == 0) return false;
  const unsigned char* p = buf_.data() + (offset - buf_offset_);
  std::size_t i = 0;
  unsigned char c = p[i++];
  out = PackEntryHeader{};
  out.type = (c >> 4) & 7;
  std::uint64_t size = c & 15;
  unsigned shift = 4;
  while (c & 0x80) {
    if (i >= avail || shift > 57) return false;
    c = p[i++];
    size |= std::uint64_t(c & 0x7f) << shift;
    shift += 7;
  }
  out.size = size;
  if (out.type == 6) {
    if (i >= avail) return false;
    c = p[i++];
    std::uint64_t rel = c & 0x7f;
    while (c & 0x80) {
      if (i >= avail || rel >= (std::uint64_t(1) << 56)) return false;
      c = p[i++];
      rel = ((rel + 1) << 7) | (c & 0x7f);
    }
    if (rel == 0 || rel > offset - 12) return false;
    out.base_offset = offset - rel;
  } else if (out.type == 7) {
    if (i + 20 > avail) return false;
    std::memcpy(out.base_id, p + i, 20);
    i += 20;
  } else if (out.type < 1 || out.type > 4) {
    return false;
  }
  out.data_offset = offset + i;
  return out.data_offset < file_size_;
}

} // namespace vigil::scanner
