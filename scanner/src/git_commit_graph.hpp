// The commit graph reachable from a set of roots, read from raw objects (tags peeled), with a
// parents-first order. Missing commits are reported, except behind a shallow boundary.
#pragma once

#include "git_objects.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace vigil::scanner {

/// One commit of the graph.
struct CommitNode {
  git_oid id{};
  CommitInfo info;
  std::vector<std::uint32_t> parents; ///< indices of parents present in the graph
  std::size_t missing_parents = 0;    ///< parents not readable (shallow, partial, corrupt)
};

/// Commits reachable from roots.
class CommitGraph {
public:
  /// Loads every commit reachable from `roots` (commits or tags; other objects are ignored).
  /// `stop(id)` true leaves that commit and its ancestry out (range walks). Unreadable
  /// commits go to `problems`, unless they are parents of a `shallow` commit.
  static CommitGraph load(git_odb* odb, const std::vector<git_oid>& roots,
                          const std::vector<git_oid>& shallow, std::vector<std::string>& problems,
                          const std::function<bool(const git_oid&)>& stop = {});

  const std::vector<CommitNode>& nodes() const { return nodes_; }
  /// Index of a commit, or -1.
  std::int64_t find(const git_oid& id) const;
  /// Node indices, every parent before its children.
  std::vector<std::uint32_t> parents_first() const;

private:
  std::vector<CommitNode> nodes_;
  std::unordered_map<git_oid, std::uint32_t, OidHash, OidEqual> index_;
};

/// Peels `id` through annotated tags to a commit id; false when it is not a commit.
bool peel_to_commit(git_odb* odb, git_oid id, git_oid& out);

} // namespace vigil::scanner
