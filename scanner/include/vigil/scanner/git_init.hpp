// libgit2 process set-up for every git source: called once (main, tests) before any thread
// reads a repository. Makes libgit2 read nothing outside a scanned repository.
#pragma once

namespace vigil::scanner {

/// Initialises libgit2 and sets the global options every git source relies on: no config
/// search paths (system, global, XDG all point at an empty folder), strict hash verification
/// off for reads, no owner check (nothing from a repository runs, so reading one owned by
/// another user is safe), bounded mmap windows. Idempotent and thread-safe; the library stays
/// initialised for the life of the process.
void init_git_library();

} // namespace vigil::scanner
