// Provenance of blobs found in history: for each blob of interest, every path it was put at,
// the first commit that put it there (id, author, date), which refs reach that commit, and
// whether the blob is still at that path in HEAD. One id-only walk of the commit graph.
#pragma once

#include "git_commit_graph.hpp"
#include "git_enumerate.hpp"
#include "git_repo.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace vigil::scanner {

/// Where one blob entered history at one path.
struct BlobOrigin {
  std::string path;
  std::string commit; ///< hex id
  std::string author; ///< "Name <email>"
  std::string date;   ///< RFC 3339 UTC
  std::vector<std::string> refs; ///< refs whose history holds the commit (at most kMaxRefsShown)
  std::size_t refs_total = 0;    ///< how many refs do
  bool at_head = false;          ///< the blob is still at `path` in HEAD
};

inline constexpr std::size_t kMaxRefsShown = 16;

using OidSet = std::unordered_set<git_oid, OidHash, OidEqual>;

/// What the walk found.
struct ProvenanceResult {
  std::unordered_map<git_oid, std::vector<BlobOrigin>, OidHash, OidEqual> origins;
  std::vector<std::string> problems; ///< missing commits, trees, blobs; malformed objects
  std::uint64_t commits = 0;
};

/// The commits to walk: everything reachable from the refs and reflog entries, parents first.
/// It does not depend on what the blob scan finds, so the history scan loads it meanwhile.
struct ProvenanceGraph {
  std::vector<GitRef> refs;
  CommitGraph graph;
  std::vector<std::uint32_t> order;  ///< parents_first()
  std::vector<std::string> problems; ///< unreadable refs, missing commits
};

/// Reads refs, reflogs and the commit graph of `layout` with `odb` (which the caller must not
/// use meanwhile).
ProvenanceGraph load_provenance_graph(git_odb* odb, const GitLayout& layout,
                                      const ObjectInventory& inventory);

/// Walks every commit of `pre`, comparing trees by id, and records origins for the blobs in
/// `targets`. Blobs referenced by trees but absent from `inventory` are reported as missing
/// (partial clones). Problems of `pre` are included in the result's.
ProvenanceResult compute_provenance(git_odb* odb, const GitLayout& layout, ProvenanceGraph&& pre,
                                    const ObjectInventory& inventory, const OidSet& targets);

} // namespace vigil::scanner
