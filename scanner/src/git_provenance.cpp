// Provenance walk (see git_provenance.hpp). Cost is one tree comparison per commit, following
// only subtrees that changed; reachability by refs uses one bitset pass per 64 origin commits.
#include "git_provenance.hpp"

#include "git_tree_diff.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <map>
#include <set>

namespace vigil::scanner {
namespace {

struct Intro {
  std::uint32_t commit; ///< graph node
};

// Which refs reach each of `targets` (graph nodes): bitsets of 64 targets per pass.
std::map<std::uint32_t, std::vector<std::string>> refs_reaching(
    const CommitGraph& g, const std::vector<std::uint32_t>& order,
    const std::vector<std::pair<std::string, std::uint32_t>>& ref_tips,
    const std::vector<std::uint32_t>& targets) {
  std::map<std::uint32_t, std::vector<std::string>> out;
  std::vector<std::uint64_t> bits(g.nodes().size());
  for (std::size_t base = 0; base < targets.size(); base += 64) {
    std::fill(bits.begin(), bits.end(), 0);
    const std::size_t n = std::min<std::size_t>(64, targets.size() - base);
    for (std::size_t i = 0; i < n; ++i) bits[targets[base + i]] |= std::uint64_t(1) << i;
    for (std::uint32_t c : order)
      for (std::uint32_t p : g.nodes()[c].parents) bits[c] |= bits[p];
    for (const auto& [name, tip] : ref_tips)
      for (std::size_t i = 0; i < n; ++i)
        if (bits[tip] >> i & 1) out[targets[base + i]].push_back(name);
  }
  return out;
}

} // namespace

ProvenanceGraph load_provenance_graph(git_odb* odb, const GitLayout& layout,
                                      const ObjectInventory& inventory) {
  ProvenanceGraph pre;
  pre.refs = read_refs(layout, pre.problems);
  std::vector<git_oid> roots;
  for (const auto& r : pre.refs) roots.push_back(r.target);
  for (const auto& id : read_reflog_ids(layout))
    if (inventory.contains(id)) roots.push_back(id);
  for (const auto& r : pre.refs)
    if (git_odb_exists(odb, &r.target) != 1)
      pre.problems.push_back("ref " + r.name + " points at " + oid_hex(r.target) +
                             ", which is missing from the object database");
  pre.graph = CommitGraph::load(odb, roots, read_shallow(layout), pre.problems);
  pre.order = pre.graph.parents_first();
  return pre;
}

ProvenanceResult compute_provenance(git_odb* odb, const GitLayout& layout, ProvenanceGraph&& pre,
                                    const ObjectInventory& inventory, const OidSet& targets) {
  ProvenanceResult result;
  std::vector<std::string> problems = std::move(pre.problems);
  const std::vector<GitRef>& refs = pre.refs;
  const CommitGraph& graph = pre.graph;
  const std::vector<std::uint32_t>& order = pre.order;
  result.commits = graph.nodes().size();

  // First introduction of each target blob at each path: earliest author time, then graph order.
  std::unordered_map<git_oid, std::map<std::string, Intro>, OidHash, OidEqual> intros;
  std::vector<std::uint32_t> rank(graph.nodes().size());
  for (std::uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
  auto earlier = [&](std::uint32_t a, std::uint32_t b) {
    const auto& na = graph.nodes()[a].info;
    const auto& nb = graph.nodes()[b].info;
    return na.time != nb.time ? na.time < nb.time : rank[a] < rank[b];
  };
  // Each commit's comparison is independent: commits are split over threads in contiguous
  // runs (neighbours share trees, so each thread's cache stays warm), each thread with its own
  // object database handle and tree cache; the earliest introduction wins when merging.
  struct Local {
    OdbPtr odb;
    std::unique_ptr<TreeCache> trees;
    std::unordered_map<git_oid, std::map<std::string, Intro>, OidHash, OidEqual> intros;
    std::vector<std::string> problems;
    std::size_t missing_blobs = 0;
  };
  tbb::enumerable_thread_specific<Local> locals;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, order.size(), 64), [&](const auto& range) {
    Local& L = locals.local();
    if (!L.trees) {
      auto opened = open_odb(layout);
      if (!opened) {
        L.problems.push_back(opened.error().message);
        return;
      }
      L.odb = std::move(opened.value());
      L.trees = std::make_unique<TreeCache>(L.odb.get());
    }
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      const std::uint32_t c = order[i];
      const CommitNode& node = graph.nodes()[c];
      std::vector<git_oid> parent_trees;
      for (std::uint32_t p : node.parents) parent_trees.push_back(graph.nodes()[p].info.tree);
      const std::string context = "commit " + oid_hex(node.id);
      diff_against_parents(
          *L.trees, node.info.tree, parent_trees, context,
          [&](const ChangedBlob& b) {
            if (targets.count(b.id)) {
              auto [it, inserted] = L.intros[b.id].try_emplace(b.path, Intro{c});
              if (!inserted && earlier(c, it->second.commit)) it->second.commit = c;
            } else if (!inventory.contains(b.id) && L.missing_blobs++ < 20) {
              L.problems.push_back("blob " + oid_hex(b.id) + " at " + b.path + " (" + context +
                                   "): missing from the object database");
            }
          },
          L.problems);
    }
  });
  std::size_t missing_blobs = 0;
  for (auto& L : locals) {
    missing_blobs += L.missing_blobs;
    for (auto& p : L.problems) problems.push_back(std::move(p));
    for (auto& [blob, per_path] : L.intros)
      for (auto& [path, intro] : per_path) {
        auto [it, inserted] = intros[blob].try_emplace(path, intro);
        if (!inserted && earlier(intro.commit, it->second.commit)) it->second = intro;
      }
  }
  if (missing_blobs > 20)
    problems.push_back(std::to_string(missing_blobs - 20) + " more blobs missing from the object database");
  TreeCache trees(odb);

  // Refs reaching each origin commit, and what HEAD still holds.
  std::vector<std::pair<std::string, std::uint32_t>> ref_tips;
  for (const auto& r : refs) {
    git_oid c;
    if (!peel_to_commit(odb, r.target, c)) continue;
    if (auto i = graph.find(c); i >= 0) ref_tips.emplace_back(r.name, static_cast<std::uint32_t>(i));
  }
  std::set<std::uint32_t> origin_commits;
  for (const auto& [blob, per_path] : intros)
    for (const auto& [path, intro] : per_path) origin_commits.insert(intro.commit);
  const auto reaching = refs_reaching(graph, order,  ref_tips,
                                      std::vector<std::uint32_t>(origin_commits.begin(), origin_commits.end()));
  std::set<std::pair<std::string, std::string>> at_head; // (blob hex, path)
  for (const auto& [name, tip] : ref_tips) {
    if (name != "HEAD") continue;
    walk_tree(trees, graph.nodes()[tip].info.tree, "HEAD",
              [&](const std::string& path, const git_oid& id) {
                if (targets.count(id)) at_head.emplace(oid_hex(id), path);
              },
              problems);
  }

  for (const auto& [blob, per_path] : intros) {
    auto& out = result.origins[blob];
    const std::string blob_hex = oid_hex(blob);
    for (const auto& [path, intro] : per_path) {
      const CommitNode& node = graph.nodes()[intro.commit];
      BlobOrigin o;
      o.path = path;
      o.commit = oid_hex(node.id);
      o.author = node.info.author;
      if (node.info.has_time) o.date = rfc3339_utc(node.info.time);
      if (auto it = reaching.find(intro.commit); it != reaching.end()) {
        o.refs_total = it->second.size();
        o.refs.assign(it->second.begin(),
                      it->second.begin() + std::min(it->second.size(), kMaxRefsShown));
      }
      o.at_head = at_head.count({blob_hex, path}) > 0;
      out.push_back(std::move(o));
    }
  }
  std::sort(problems.begin(), problems.end());
  problems.erase(std::unique(problems.begin(), problems.end()), problems.end());
  result.problems = std::move(problems);
  return result;
}

} // namespace vigil::scanner
