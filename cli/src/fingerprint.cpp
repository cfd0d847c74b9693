// Fingerprint key management and HMAC-SHA256 (see fingerprint.hpp). The key file is created
// once per installation, atomically and owner-only; a key others could read is refused.
#include "fingerprint.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <pwd.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace vigil::cli {
namespace {

using detectors::Error;
using detectors::Result;

constexpr std::size_t kKeyBytes = 32;

/// Closes a POSIX file descriptor on scope exit.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  ~Fd() {
    if (fd >= 0)
      ::close(fd);
  }
};

std::string errno_text(int err) { return std::strerror(err); }

/// $XDG_CONFIG_HOME (only if absolute, as the XDG spec says), else ~/.config.
Result<std::string> config_home() {
  if (const char *xdg = std::getenv("XDG_CONFIG_HOME"); xdg && xdg[0] == '/')
    return std::string(xdg);
  if (const char *home = std::getenv("HOME"); home && home[0] == '/')
    return std::string(home) + "/.config";
  if (const passwd *pw = ::getpwuid(::geteuid()); pw && pw->pw_dir && pw->pw_dir[0] == '/')
    return std::string(pw->pw_dir) + "/.config";
  return Error{"cannot locate the config directory for the fingerprint key: neither "
               "XDG_CONFIG_HOME nor HOME is set (set VIGIL_FINGERPRINT_KEY instead)"};
}

/// Creates `dir` with mode 0700 if missing; refuses one that others could write to, since
/// whoever can write there can replace the key.
Result<void> ensure_private_dir(const std::string &dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return Error{"cannot create " + dir + ": " + errno_text(errno)};
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0)
    return Error{"cannot stat " + dir + ": " + errno_text(errno)};
  if (!S_ISDIR(st.st_mode))
    return Error{dir + " is not a directory"};
  if ((st.st_mode & 0022) != 0)
    return Error{"refusing fingerprint key directory " + dir +
                 ": writable by group or others (run: chmod 700 " + dir + ")"};
  return {};
}

/// Reads an existing key file, checking owner, mode and size before trusting it.
Result<std::string> read_key_file(const std::string &path) {
  Fd f(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (f.fd < 0)
    return Error{"cannot open fingerprint key " + path + ": " + errno_text(errno)};
  struct stat st {};
  if (::fstat(f.fd, &st) != 0)
    return Error{"cannot stat fingerprint key " + path + ": " + errno_text(errno)};
  if (!S_ISREG(st.st_mode))
    return Error{"fingerprint key " + path + " is not a regular file"};
  if (st.st_uid != ::geteuid())
    return Error{"refusing fingerprint key " + path + ": owned by another user"};
  if ((st.st_mode & 0077) != 0)
    return Error{"refusing fingerprint key " + path + ": readable or writable by group or others " +
                 "(run: chmod 600 " + path + ")"};
  if (static_cast<std::size_t>(st.st_size) != kKeyBytes)
    return Error{"refusing fingerprint key " + path + ": expected " + std::to_string(kKeyBytes) +
                 " bytes, found " + std::to_string(st.st_size)};
  std::string key(kKeyBytes, '\0');
  std::size_t got = 0;
  while (got < key.size()) {
    const ssize_t n = ::read(f.fd, key.data() + got, key.size() - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return Error{"cannot read fingerprint key " + path};
    got += static_cast<std::size_t>(n);
  }
  return key;
}

bool write_all(int fd, const unsigned char *data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

/// Writes a fresh random key to a temp file (mkstemp: mode 0600) and publishes it. link()
/// rather than rename() so two first runs racing cannot end with different keys: the loser
/// gets EEXIST and reads the winner's key. rename() is the fallback where hard links fail.
Result<void> create_key_file(const std::string &dir, const std::string &path) {
  unsigned char key[kKeyBytes];
  if (RAND_bytes(key, sizeof key) != 1)
    return Error{"OpenSSL RAND_bytes failed"};
  std::string tmp = dir + "/.fingerprint.key.XXXXXX";
  const int raw = ::mkstemp(tmp.data());
  if (raw < 0) {
    OPENSSL_cleanse(key, sizeof key);
    return Error{"cannot create a temporary file in " + dir + ": " + errno_text(errno)};
  }
  Fd f(raw);
  const bool written =
      ::fchmod(f.fd, 0600) == 0 && write_all(f.fd, key, sizeof key) && ::fsync(f.fd) == 0;
  OPENSSL_cleanse(key, sizeof key);
  if (!written) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return Error{"cannot write fingerprint key " + tmp + ": " + errno_text(err)};
  }
  if (::link(tmp.c_str(), path.c_str()) == 0 || errno == EEXIST) {
    ::unlink(tmp.c_str());
  } else if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return Error{"cannot install fingerprint key " + path + ": " + errno_text(err)};
  }
  Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (d.fd >= 0)
    ::fsync(d.fd); // make the new name durable; failure here loses nothing
  return {};
}

} // namespace

detectors::Result<std::string> load_or_create_fingerprint_key() {
  if (const char *env = std::getenv("VIGIL_FINGERPRINT_KEY")) {
    if (env[0] == '\0')
      return Error{"VIGIL_FINGERPRINT_KEY is set but empty; unset it or give a key"};
    return std::string(env);
  }
  auto home = config_home();
  if (!home)
    return home.error();
  if (::mkdir(home.value().c_str(), 0700) != 0 && errno != EEXIST)
    return Error{"cannot create " + home.value() + ": " + errno_text(errno)};
  const std::string dir = home.value() + "/vigil";
  if (auto ok = ensure_private_dir(dir); !ok)
    return ok.error();
  const std::string path = dir + "/fingerprint.key";
  if (::access(path.c_str(), F_OK) != 0) {
    if (errno != ENOENT)
      return Error{"cannot access " + path + ": " + errno_text(errno)};
    if (auto ok = create_key_file(dir, path); !ok)
      return ok.error();
  }
  return read_key_file(path);
}

std::string fingerprint(std::string_view key, std::string_view secret) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  static const unsigned char empty = 0;
  const void *key_data = key.empty() ? &empty : static_cast<const void *>(key.data());
  const auto *data =
      secret.empty() ? &empty : reinterpret_cast<const unsigned char *>(secret.data());
  if (HMAC(EVP_sha256(), key_data, static_cast<int>(key.size()), data, secret.size(), mac, &len) ==
      nullptr)
    throw std::runtime_error("HMAC-SHA256 failed"); // only on allocation failure in OpenSSL
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(hex[mac[i] >> 4]);
    out.push_back(hex[mac[i] & 0xF]);
  }
  return out;
}

} // namespace vigil::cli
