// Commit graph loading and ordering (see git_commit_graph.hpp). Iterative throughout: history
// depth never becomes stack depth.
#include "git_commit_graph.hpp"

#include <algorithm>
#include <unordered_set>

namespace vigil::scanner {

bool peel_to_commit(git_odb* odb, git_oid id, git_oid& out) {
  for (int depth = 0; depth < 10; ++depth) {
    auto obj = read_object(odb, id);
    if (!obj) return false;
    const git_object_t type = git_odb_object_type(obj.value().get());
    if (type == GIT_OBJECT_COMMIT) {
      out = id;
      return true;
    }
    if (type != GIT_OBJECT_TAG || !parse_tag_target(object_bytes(obj.value().get()), id)) return false;
  }
  return false;
}

std::int64_t CommitGraph::find(const git_oid& id) const {
  auto it = index_.find(id);
  return it == index_.end() ? -1 : static_cast<std::int64_t>(it->second);
}

CommitGraph CommitGraph::load(git_odb* odb, const std::vector<git_oid>& roots,
                              const std::vector<git_oid>& shallow,
                              std::vector<std::string>& problems,
                              const std::function<bool(const git_oid&)>& stop) {
  CommitGraph g;
  std::unordered_set<git_oid, OidHash, OidEqual> shallow_set(shallow.begin(), shallow.end());
  std::unordered_set<git_oid, OidHash, OidEqual> unreadable;
  std::vector<git_oid> queue;
  for (const auto& r : roots) {
    git_oid c;
    if (peel_to_commit(odb, r, c) && !(stop && stop(c))) queue.push_back(c);
  }
  // Pass 1: read every reachable commit.
  while (!queue.empty()) {
    const git_oid id = queue.back();
    queue.pop_back();
    if (g.index_.count(id) || unreadable.count(id)) continue;
    auto obj = read_object(odb, id);
    CommitNode node;
    node.id = id;
    if (!obj || git_odb_object_type(obj.value().get()) != GIT_OBJECT_COMMIT ||
        !parse_commit(object_bytes(obj.value().get()), node.info)) {
      unreadable.insert(id);
      continue;
    }
    g.index_.emplace(id, static_cast<std::uint32_t>(g.nodes_.size()));
    for (const auto& p : node.info.parents)
      if (!(stop && stop(p))) queue.push_back(p);
    g.nodes_.push_back(std::move(node));
  }
  // Pass 2: link parents; report what could not be read.
  std::size_t reported = 0;
  for (auto& node : g.nodes_) {
    for (const auto& p : node.info.parents) {
      auto it = g.index_.find(p);
      if (it != g.index_.end()) {
        node.parents.push_back(it->second);
        continue;
      }
      if (stop && stop(p)) continue;
      ++node.missing_parents;
      if (!shallow_set.count(node.id) && reported++ < 20)
        problems.push_back("commit " + oid_hex(p) + " (parent of " + oid_hex(node.id) +
                           "): missing or unreadable");
    }
  }
  if (reported > 20) problems.push_back(std::to_string(reported - 20) + " more missing commits");
  for (const auto& r : roots)
    if (unreadable.count(r) && g.find(r) < 0 && reported++ < 40)
      problems.push_back("commit " + oid_hex(r) + " (a ref's target): unreadable");
  return g;
}

std::vector<std::uint32_t> CommitGraph::parents_first() const {
  std::vector<std::uint32_t> order;
  order.reserve(nodes_.size());
  std::vector<std::uint8_t> state(nodes_.size(), 0); // 0 new, 1 open, 2 done
  std::vector<std::uint32_t> stack;
  // Roots in time order keep the output stable and roughly chronological.
  std::vector<std::uint32_t> starts(nodes_.size());
  for (std::uint32_t i = 0; i < starts.size(); ++i) starts[i] = i;
  std::sort(starts.begin(), starts.end(), [&](std::uint32_t a, std::uint32_t b) {
    return nodes_[a].info.time < nodes_[b].info.time;
  });
  for (std::uint32_t s : starts) {
    if (state[s]) continue;
    stack.push_back(s);
    while (!stack.empty()) {
      const std::uint32_t c = stack.back();
      if (state[c] == 0) {
        state[c] = 1;
        for (std::uint32_t p : nodes_[c].parents)
          if (state[p] == 0) stack.push_back(p);
      } else {
        stack.pop_back();
        if (state[c] == 1) {
          state[c] = 2;
          order.push_back(c);
        }
      }
    }
  }
  return order;
}

} // namespace vigil::scanner
