// A repository opened for reading without libgit2's repository layer, so no config (and no
// `include.path`), attributes, hooks or filters of the scanned repository are ever loaded:
// the layout is found by hand, objects come from a bare git_odb, refs are parsed here.
#pragma once

#include "git_handles.hpp"
#include "vigil/detectors/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::scanner {

using detectors::Error;
using detectors::Result;

/// Where a repository's parts live. No upward search: `path` must be the repository itself.
struct GitLayout {
  std::string given;     ///< the path as the user wrote it
  std::string gitdir;    ///< HEAD, index, per-worktree refs
  std::string commondir; ///< objects, refs, packed-refs (== gitdir unless a linked worktree)
  std::string workdir;   ///< empty for a bare repository
};

/// Finds the layout of the repository at `path`: a work tree with a `.git` folder or a
/// `.git` file ("gitdir: ..."; worktrees, submodules), or a bare repository / git dir.
/// Reads only `.git`, `HEAD`, `commondir` and folder listings.
Result<GitLayout> locate_repository(const std::string& path);

/// Whether `path` is a repository (work tree or bare) by the rules of locate_repository().
bool looks_like_repository(const std::string& path);

/// A ref resolved to an object id (symbolic refs followed).
struct GitRef {
  std::string name; ///< "HEAD", "refs/heads/main", "worktrees/wt/HEAD", ...
  git_oid target;
};

/// Every ref: HEAD (and ORIG_HEAD, MERGE_HEAD, ...), loose refs, packed-refs, linked worktrees'
/// HEADs. Unborn HEAD is left out. Problems (unreadable or malformed refs) go to `problems`.
std::vector<GitRef> read_refs(const GitLayout& layout, std::vector<std::string>& problems);

/// Commit ids named by reflog entries (amended, reset or deleted-branch commits that no ref
/// reaches any more), for provenance only.
std::vector<git_oid> read_reflog_ids(const GitLayout& layout);

/// Shallow-clone boundary commits (`shallow` file): their missing parents are expected.
std::vector<git_oid> read_shallow(const GitLayout& layout);

/// Resolves a ref name as git would spell it on the command line ("main", "origin/main",
/// "v1.0", "refs/heads/x", "HEAD") or a full hex id; nullopt-like error when unknown.
Result<git_oid> resolve_ref(const GitLayout& layout, std::string_view name);

/// Opens the object database (packs, loose objects, alternates) of `layout`.
Result<OdbPtr> open_odb(const GitLayout& layout);

/// Reads a whole file into `out`; false when it cannot be read.
bool read_small_file(const std::string& path, std::string& out, std::size_t limit = 1 << 20);

} // namespace vigil::scanner
