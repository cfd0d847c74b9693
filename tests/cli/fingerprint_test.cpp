// Fingerprints: HMAC-SHA256 against RFC 4231 vectors, and the per-installation key: created
// once with mode 0600 in a 0700 directory, reused, overridden by VIGIL_FINGERPRINT_KEY, and
// refused when others could read it or it has the wrong size.
#include "fingerprint.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <sys/stat.h>

namespace {

namespace fs = std::filesystem;
using vigil::cli::fingerprint;
using vigil::cli::load_or_create_fingerprint_key;

/// Sets (or unsets) an environment variable for one scope, restoring it afterwards.
class EnvVar {
public:
  EnvVar(const char *name, std::optional<std::string> value) : name_(name) {
    if (const char *old = std::getenv(name))
      old_ = old;
    if (value)
      ::setenv(name, value->c_str(), 1);
    else
      ::unsetenv(name);
  }
  ~EnvVar() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }
  EnvVar(const EnvVar &) = delete;
  EnvVar &operator=(const EnvVar &) = delete;

private:
  const char *name_;
  std::optional<std::string> old_;
};

/// A fresh directory under the system temp dir, removed with everything in it.
struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() /
           ("vigil-fp-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

mode_t mode_of(const fs::path &p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::string unhex(const std::string &hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

} // namespace

TEST_CASE("fingerprint is HMAC-SHA256 in lower-case hex (RFC 4231 vectors)", "[fingerprint]") {
  // Test case 1: key = 20 x 0x0b, data = "Hi There".
  CHECK(fingerprint(std::string(20, '\x0b'), "Hi There") ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // Test case 2: key = "Jefe", data = "what do ya want for nothing?".
  CHECK(fingerprint("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a 131-byte key, longer than the block size, is hashed first.
  CHECK(fingerprint(std::string(131, '\xaa'),
                    "Test Using Larger Than Block-Size Key - Hash Key First") ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  // Test case 3 with binary data: 50 x 0xdd.
  CHECK(fingerprint(std::string(20, '\xaa'), unhex(std::string(100, 'd'))) ==
        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
}

TEST_CASE("fingerprint depends on key and secret", "[fingerprint]") {
  const auto a = fingerprint("key-one", "ghp_secret");
  CHECK(a.size() == 64);
  CHECK(a == fingerprint("key-one", "ghp_secret"));
  CHECK(a != fingerprint("key-two", "ghp_secret"));
  CHECK(a != fingerprint("key-one", "ghp_secreT"));
  CHECK(fingerprint("", "").size() == 64);
}

TEST_CASE("the key file is created 0600 in a 0700 directory and reused", "[fingerprint]") {
  TempDir tmp;
  EnvVar no_override("VIGIL_FINGERPRINT_KEY", std::nullopt);
  EnvVar xdg("XDG_CONFIG_HOME", tmp.path.string());
  const fs::path key_path = tmp.path / "vigil" / "fingerprint.key";

  auto first = load_or_create_fingerprint_key();
  INFO((first ? std::string() : first.error().message));
  REQUIRE(first.ok());
  CHECK(first.value().size() == 32);
  REQUIRE(fs::is_regular_file(key_path));
  CHECK(fs::file_size(key_path) == 32);
  CHECK(mode_of(key_path) == 0600);
  CHECK(mode_of(tmp.path / "vigil") == 0700);
  // No temporary file is left behind.
  CHECK(std::distance(fs::directory_iterator(tmp.path / "vigil"), fs::directory_iterator()) == 1);

  auto second = load_or_create_fingerprint_key();
  REQUIRE(second.ok());
  CHECK(second.value() == first.value());

  // A different installation gets a different key.
  TempDir other;
  EnvVar xdg_other("XDG_CONFIG_HOME", other.path.string());
  auto third = load_or_create_fingerprint_key();
  REQUIRE(third.ok());
  CHECK(third.value() != first.value());
}

TEST_CASE("without XDG_CONFIG_HOME the key lives in ~/.config/vigil", "[fingerprint]") {
  TempDir tmp;
  EnvVar no_override("VIGIL_FINGERPRINT_KEY", std::nullopt);
  EnvVar no_xdg("XDG_CONFIG_HOME", std::nullopt);
  EnvVar home("HOME", tmp.path.string());
  auto key = load_or_create_fingerprint_key();
  INFO((key ? std::string() : key.error().message));
  REQUIRE(key.ok());
  CHECK(fs::is_regular_file(tmp.path / ".config" / "vigil" / "fingerprint.key"));
}

TEST_CASE("VIGIL_FINGERPRINT_KEY overrides the key file", "[fingerprint]") {
  TempDir tmp;
  EnvVar xdg("XDG_CONFIG_HOME", tmp.path.string());
  {
    EnvVar key("VIGIL_FINGERPRINT_KEY", std::string("ci-key-\x01\xff bytes"));
    auto loaded = load_or_create_fingerprint_key();
    REQUIRE(loaded.ok());
    CHECK(loaded.value() == "ci-key-\x01\xff bytes");
    CHECK_FALSE(fs::exists(tmp.path / "vigil" / "fingerprint.key"));
  }
  {
    EnvVar empty("VIGIL_FINGERPRINT_KEY", std::string());
    auto loaded = load_or_create_fingerprint_key();
    REQUIRE_FALSE(loaded.ok());
    CHECK_THAT(loaded.error().message, Catch::Contains("VIGIL_FINGERPRINT_KEY"));
  }
}

TEST_CASE("a key file others can read, or of the wrong size, is refused", "[fingerprint]") {
  TempDir tmp;
  EnvVar no_override("VIGIL_FINGERPRINT_KEY", std::nullopt);
  EnvVar xdg("XDG_CONFIG_HOME", tmp.path.string());
  const fs::path key_path = tmp.path / "vigil" / "fingerprint.key";
  REQUIRE(load_or_create_fingerprint_key().ok());

  SECTION("group or world readable") {
    fs::permissions(key_path, fs::perms::owner_read | fs::perms::owner_write |
                                  fs::perms::group_read | fs::perms::others_read);
    auto loaded = load_or_create_fingerprint_key();
    REQUIRE_FALSE(loaded.ok());
    CHECK_THAT(loaded.error().message, Catch::Contains(key_path.string()));
    CHECK_THAT(loaded.error().message, Catch::Contains("chmod 600"));
  }
  SECTION("wrong size") {
    fs::resize_file(key_path, 31);
    auto loaded = load_or_create_fingerprint_key();
    REQUIRE_FALSE(loaded.ok());
    CHECK_THAT(loaded.error().message, Catch::Contains("expected 32 bytes, found 31"));
  }
  SECTION("a symlink is not followed") {
    const fs::path real = tmp.path / "elsewhere.key";
    fs::rename(key_path, real);
    fs::create_symlink(real, key_path);
    CHECK_FALSE(load_or_create_fingerprint_key().ok());
  }
  SECTION("a key directory others can write to") {
    fs::permissions(tmp.path / "vigil", fs::perms::others_write, fs::perm_options::add);
    auto loaded = load_or_create_fingerprint_key();
    REQUIRE_FALSE(loaded.ok());
    CHECK_THAT(loaded.error().message, Catch::Contains("writable by group or others"));
  }
}
