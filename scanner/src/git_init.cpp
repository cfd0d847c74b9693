// libgit2 global set-up (see git_init.hpp).
#include "vigil/scanner/git_init.hpp"

#include <git2.h>

#include <mutex>

namespace vigil::scanner {

void init_git_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // An empty search path: no /etc/gitconfig, ~/.gitconfig or XDG config (nor their
    // includes) is ever read. The git sources never load a repository's config either.
    for (int level : {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_XDG,
                      GIT_CONFIG_LEVEL_PROGRAMDATA})
      git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, "");
    // Object ids come from the pack index; re-hashing every object would double the read cost
    // and a mismatch is still scanned content.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
    // Blobs are read once each: caching them would only hold memory.
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, static_cast<size_t>(0));
    git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, static_cast<ssize_t>(64) << 20);
    // Bound the pack bytes mapped at once, so peak RSS does not grow with the repository:
    // mapped pack pages count as resident once read. Windows default to 1 GiB each, which
    // the limit alone would not bound; reads go forward through each pack, so small windows
    // cost little remapping.
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, static_cast<size_t>(32) << 20);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, static_cast<size_t>(96) << 20);
  });
}

} // namespace vigil::scanner
