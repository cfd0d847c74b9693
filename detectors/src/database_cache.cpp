// On-disk cache of compiled Hyperscan databases (see rule_set_impl.hpp). A cache file holds the
// full identity text it was built for, the serialized database (which Hyperscan checks with its
// own CRC32C on load) and the per-rule windows under our checksum; anything that does not match
// exactly, or that Hyperscan will not take for this CPU, is ignored and rebuilt.
#include "rule_set_impl.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace vigil::detectors {
namespace fs = std::filesystem;
namespace {

constexpr char kMagic[8] = {'V', 'I', 'G', 'I', 'L', 'H', 'S', '3'};

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Our checksum over what Hyperscan's CRC does not cover: the serialized header in front of the
// bytecode, the padding Hyperscan leaves after it, and the windows.
constexpr std::size_t kHsEdgeBytes = 256; // Hyperscan 5.4: 32 in front, 72 after
std::uint64_t guarded_checksum(std::string_view payload, std::string_view windows) {
  const std::size_t edge = std::min(payload.size(), kHsEdgeBytes);
  return fnv1a64(payload.substr(0, edge)) ^ (fnv1a64(payload.substr(payload.size() - edge)) * 17) ^
         (fnv1a64(windows) * 31);
}

fs::path cache_file(const fs::path& dir, const std::string& identity) {
  char name[32];
  std::snprintf(name, sizeof name, "rules-%016llx.hsdb",
                static_cast<unsigned long long>(fnv1a64(identity)));
  return dir / name;
}

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

bool get_u64(std::string_view& in, std::uint64_t& v) {
  if (in.size() < 8) return false;
  v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t(static_cast<unsigned char>(in[i])) << (8 * i);
  in.remove_prefix(8);
  return true;
}

bool get_bytes(std::string_view& in, std::string_view& out) {
  std::uint64_t n = 0;
  if (!get_u64(in, n) || n > in.size()) return false;
  out = in.substr(0, n);
  in.remove_prefix(n);
  return true;
}

// A read-only private mapping of a whole regular file; empty when it cannot be mapped.
class MappedFile {
public:
  explicit MappedFile(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        st.st_size <= (off_t{1} << 30)) {
      void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        data_ = static_cast<const char*>(p);
        size_ = static_cast<std::size_t>(st.st_size);
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const { return {data_, size_}; }

private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

} // namespace

std::string database_identity(const std::vector<Rule>& rules) {
  hs_platform_info_t platform{};
  hs_populate_platform(&platform);
  std::ostringstream id;
  id << "hyperscan " << hs_version() << "\npcre2 " << PCRE2_MAJOR << '.' << PCRE2_MINOR
     << "\ntune " << platform.tune << " features " << platform.cpu_features << "\nflags "
     << kHsFlags << ' ' << kPcre2Options << "\n";
  for (const auto& rule : rules) id << rule.pattern.size() << ':' << rule.pattern << '\n';
  return id.str();
}

CachedDatabase load_cached_database(const fs::path& dir, const std::string& identity,
                                    std::size_t rule_count) {
  // Mapped, not read: this runs at every start-up, and Hyperscan copies the bytecode out
  // anyway, so a read would zero-fill and copy 1.5 MB only to throw it away. Anything but a
  // plain file of sane size (a folder, a FIFO, a runaway file) is not a cache.
  const MappedFile file(cache_file(dir, identity));
  if (file.bytes().empty()) return {};
  std::string_view view = file.bytes();
  std::string_view stored_identity, payload;
  std::uint64_t checksum = 0, count = 0;
  if (view.size() < sizeof kMagic || std::memcmp(view.data(), kMagic, sizeof kMagic) != 0)
    return {};
  view.remove_prefix(sizeof kMagic);
  if (!get_bytes(view, stored_identity) || stored_identity != identity) return {};
  // The bytecode is not hashed here: hs_deserialize_database verifies Hyperscan's own CRC32C
  // of it (hardware-accelerated), which a byte-wise hash of 1.5 MB at every start-up only
  // repeated. Hyperscan's header (platform, reserved words), its trailing padding and the windows
  // are not under that CRC, so they carry ours.
  if (!get_bytes(view, payload) || !get_u64(view, count) || count != rule_count) return {};
  const std::string_view window_bytes =
      view.substr(0, std::min<std::size_t>(view.size(), 8 * count));
  CachedDatabase out;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::uint64_t w = 0;
    if (!get_u64(view, w) || w == 0 || w > (1u << 20)) return {};
    out.windows.push_back(static_cast<std::size_t>(w));
  }
  if (!get_u64(view, checksum) || checksum != guarded_checksum(payload, window_bytes) ||
      !view.empty())
    return {};
  char* info = nullptr;
  if (hs_serialized_database_info(payload.data(), payload.size(), &info) != HS_SUCCESS) return {};
  std::free(info);
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(payload.data(), payload.size(), &db) != HS_SUCCESS) return {};
  out.database.reset(db);
  return out;
}

void store_cached_database(const fs::path& dir, const std::string& identity,
                           const hs_database_t* database, const std::vector<std::size_t>& windows) {
  char* bytes = nullptr;
  std::size_t length = 0;
  if (hs_serialize_database(database, &bytes, &length) != HS_SUCCESS) return;
  std::string file(kMagic, sizeof kMagic);
  put_u64(file, identity.size());
  file += identity;
  put_u64(file, length);
  file.append(bytes, length);
  std::string window_bytes;
  for (auto w : windows) put_u64(window_bytes, w);
  const std::uint64_t checksum = guarded_checksum(std::string_view(bytes, length), window_bytes);
  std::free(bytes);
  put_u64(file, windows.size());
  file += window_bytes;
  put_u64(file, checksum);

  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  const auto target = cache_file(dir, identity);
  // Write beside the target and rename, so a concurrent reader never sees half a file.
  auto temp = target;
  temp += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out.write(file.data(), static_cast<std::streamsize>(file.size()))) {
      fs::remove(temp, ec);
      return;
    }
  }
  fs::rename(temp, target, ec);
  if (ec) fs::remove(temp, ec);
}

} // namespace vigil::detectors
