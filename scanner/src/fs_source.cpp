// The filesystem source (see fs_source.hpp): the walk yields items serially, workers open, check
// and scan files in parallel, and the serial consumer records findings and skips in walk order.
#include "vigil/scanner/fs_source.hpp"

#include "fs_walk.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace vigil::scanner {
namespace {

/// What the parallel stage learned about one item.
struct FsOutcome {
  std::string path;
  std::vector<BlobMatch> matches;
  std::uint64_t bytes = 0;
  bool complete = false; ///< the whole file was read and scanned
  std::string skip_reason;
};

std::string errno_text(int err) { return std::generic_category().message(err); }

std::string open_failure(int err) {
  switch (err) {
  case ENOENT: return "vanished before it could be read";
  case ELOOP: return "became a symlink before it could be read (not followed)";
  case EACCES: return "permission denied";
  default: return "cannot open: " + errno_text(err);
  }
}

/// Closes a descriptor on every path out.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

FsOutcome read_and_scan(FsItem&& item, BlobScanner* scanner, const FsScanOptions& options) {
  FsOutcome out;
  out.path = std::move(item.display);
  if (!item.skip_reason.empty()) {
    out.skip_reason = std::move(item.skip_reason);
    return out;
  }
  if (!scanner) {
    out.skip_reason = "scanner could not allocate matching scratch";
    return out;
  }
  // O_NONBLOCK: a FIFO swapped in after the walk looked must not block the open.
  const int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | (item.follow_final ? 0 : O_NOFOLLOW);
  Fd file{::open(item.open_path.c_str(), flags)};
  if (file.fd < 0) {
    out.skip_reason = open_failure(errno);
    return out;
  }
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) {
    out.skip_reason = "cannot stat: " + errno_text(errno);
    return out;
  }
  if (!S_ISREG(st.st_mode)) {
    out.skip_reason = "not a regular file (changed since the walk)";
    return out;
  }
  if (static_cast<std::uint64_t>(st.st_size) > options.max_file_size) {
    out.skip_reason = "larger than --max-file-size (" + std::to_string(st.st_size) + " > " +
                      std::to_string(options.max_file_size) + " bytes)";
    return out;
  }
  // Read-ahead advice pays only where there is much to read ahead: one call per small file
  // would be a tenth of a source tree's system calls.
  if (st.st_size > (1 << 20)) ::posix_fadvise(file.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  std::uint64_t total = 0;
  const auto expected = static_cast<std::uint64_t>(st.st_size);
  bool at_end = false;
  const ReadFn read = [&](char* buffer, std::size_t capacity) -> Result<std::size_t> {
    // A short read of a regular file that has delivered at least the size fstat saw is its
    // end: the usual read() that returns 0 would be a tenth of a source tree's system calls.
    // A file cut short or still growing keeps being read until read() says 0.
    if (at_end) return std::size_t{0};
    for (;;) {
      const ssize_t n = ::read(file.fd, buffer, capacity);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Error{"read error: " + errno_text(errno)};
      total += static_cast<std::uint64_t>(n);
      // A file that grows while read (a log, a /proc-like file of size 0) stays bounded.
      if (total > options.max_file_size)
        return Error{"grew beyond --max-file-size while being read"};
      if (options.progress)
        options.progress->bytes.fetch_add(static_cast<std::uint64_t>(n), std::memory_order_relaxed);
      at_end = n > 0 && static_cast<std::size_t>(n) < capacity && total >= expected;
      return static_cast<std::size_t>(n);
    }
  };
  auto scanned = scanner->scan(read, out.matches);
  out.bytes = total;
  if (!scanned) out.skip_reason = scanned.error().message;
  else out.complete = true;
  if (options.progress) options.progress->blobs.fetch_add(1, std::memory_order_relaxed);
  return out;
}

} // namespace

void scan_filesystem(const std::vector<std::string>& roots, const FsScanOptions& options,
                     ScannerPool& pool, FindingCollector& out) {
  FsWalker walker(roots, options);
  const std::size_t tokens = options.live_tokens ? options.live_tokens : default_live_tokens();
  run_pipeline<FsItem, FsOutcome>(
      pool, tokens, [&](FsItem& item) { return walker.next(item); },
      [&](FsItem&& item, BlobScanner* scanner) {
        return read_and_scan(std::move(item), scanner, options);
      },
      [&](FsOutcome&& o) {
        Location where;
        where.kind = LocationKind::file;
        where.path = o.path;
        for (const auto& m : o.matches) out.add(m, where);
        if (o.complete) out.count_blob(o.bytes);
        // A partly read file keeps what was found in it, and says it was not read to the end.
        if (!o.skip_reason.empty()) out.skip(std::move(o.path), std::move(o.skip_reason));
      });
}

} // namespace vigil::scanner
