// RAII owners for the libgit2 handles the git sources use, and small helpers around git_oid.
// Private to scanner/: libgit2 types never appear in a public header.
#pragma once

#include <git2.h>

#include <cstring>
#include <functional>
#include <memory>
#include <string>

namespace vigil::scanner {

struct OdbDeleter {
  void operator()(git_odb* p) const noexcept { git_odb_free(p); }
};
struct OdbObjectDeleter {
  void operator()(git_odb_object* p) const noexcept { git_odb_object_free(p); }
};
struct IndexDeleter {
  void operator()(git_index* p) const noexcept { git_index_free(p); }
};

using OdbPtr = std::unique_ptr<git_odb, OdbDeleter>;
using OdbObjectPtr = std::unique_ptr<git_odb_object, OdbObjectDeleter>;
using IndexPtr = std::unique_ptr<git_index, IndexDeleter>;

/// libgit2's last error message for the calling thread, or `fallback`.
inline std::string git_error_text(const char* fallback = "libgit2 error") {
  const git_error* e = git_error_last();
  return (e && e->message) ? std::string(e->message) : std::string(fallback);
}

/// 40-char lower-case hex of an object id.
inline std::string oid_hex(const git_oid& id) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &id);
  return buf;
}

/// Order for sorted containers keyed by object id.
struct OidLess {
  bool operator()(const git_oid& a, const git_oid& b) const noexcept {
    return std::memcmp(a.id, b.id, GIT_OID_RAWSZ) < 0; // inline: sorts of many ids call it
  }
};

/// Hash for unordered containers keyed by object id (ids are already uniformly distributed).
struct OidHash {
  std::size_t operator()(const git_oid& id) const noexcept {
    std::size_t h;
    std::memcpy(&h, id.id, sizeof h);
    return h;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const noexcept {
    return std::memcmp(a.id, b.id, GIT_OID_RAWSZ) == 0;
  }
};

} // namespace vigil::scanner
