// Entry headers of a pack file, read directly (type, size, delta base) so the history scan
// knows which objects are blobs, trees or commits without asking libgit2 for a header per
// object (which walks the whole delta chain every time). Contents are still read by libgit2;
// a header that does not parse only means libgit2 is asked instead.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::scanner {

/// The parsed header of one pack entry.
struct PackEntryHeader {
  int type = 0;                    ///< 1 commit, 2 tree, 3 blob, 4 tag, 6 ofs-delta, 7 ref-delta
  std::uint64_t size = 0;          ///< inflated size of the entry's data (the delta for deltas)
  std::uint64_t data_offset = 0;   ///< where the zlib stream starts
  std::uint64_t base_offset = 0;   ///< ofs-delta: the base entry's offset
  unsigned char base_id[20] = {};  ///< ref-delta: the base object's id
};

/// Reads entry headers of one pack through a small read-ahead buffer (pread; no mapping, so
/// peak RSS does not grow with the pack). Not thread-safe.
class PackHeaderReader {
public:
  PackHeaderReader() = default;
  PackHeaderReader(const PackHeaderReader&) = delete;
  PackHeaderReader& operator=(const PackHeaderReader&) = delete;
  PackHeaderReader(PackHeaderReader&& o) noexcept;
  PackHeaderReader& operator=(PackHeaderReader&& o) noexcept;
  ~PackHeaderReader();

  /// Opens `path`; false when it is not a readable pack (version 2 or 3).
  bool open(const std::string& path);

  /// Parses the entry header at `offset`; false when it is out of range or malformed.
  bool entry(std::uint64_t offset, PackEntryHeader& out);

private:
  // Makes [offset, offset + want) available in buf_ as far as the file allows; returns the
  // number of bytes available from `offset`.
  std::size_t fill(std::uint64_t offset, std::size_t want);

  int fd_ = -1;
  std::uint64_t file_size_ = 0;
  std::vector<unsigned char> buf_;
  std::uint64_t buf_offset_ = 0;
  std::size_t buf_len_ = 0;
};

} // namespace vigil::scanner
