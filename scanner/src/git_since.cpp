// Range source (see git_changes.hpp): commits reachable from HEAD but not from the base,
// compared by tree id with each parent, and the changed blobs scanned for added lines.
#include "vigil/scanner/git_changes.hpp"

#include "git_added_scan.hpp"
#include "git_commit_graph.hpp"
#include "git_repo.hpp"
#include "git_revision.hpp"
#include "git_tree_diff.hpp"
#include "vigil/scanner/git_init.hpp"

#include <unordered_set>

namespace vigil::scanner {

void scan_git_since(const std::string& repo, const std::string& since,
                    const GitChangeOptions& options, ScannerPool& pool, FindingCollector& out) {
  init_git_library();
  auto layout = locate_repository(repo);
  if (!layout) return out.skip(repo, layout.error().message);
  const GitLayout& l = layout.value();
  auto odb_r = open_odb(l);
  if (!odb_r) return out.skip(repo, odb_r.error().message);
  git_odb* odb = odb_r.value().get();
  BlobScanner* scanner = pool.local();
  if (!scanner) return out.skip(repo, "cannot allocate scan scratch");

  auto base = resolve_revision(l, odb, since);
  if (!base) return out.skip(repo, "--since " + since + ": " + base.error().message);
  auto head = resolve_revision(l, odb, "HEAD");
  if (!head) return out.skip(repo, "HEAD: " + head.error().message);

  std::vector<std::string> problems;
  const auto shallow = read_shallow(l);
  const CommitGraph excluded = CommitGraph::load(odb, {base.value()}, shallow, problems);
  const CommitGraph range = CommitGraph::load(odb, {head.value()}, shallow, problems,
                                              [&](const git_oid& id) { return excluded.find(id) >= 0; });
  for (const auto& p : problems) out.skip(repo, p);

  TreeCache trees(odb);
  AddedLineScanner added(odb, *scanner, options.max_blob_size, out);
  for (std::uint32_t c : range.parents_first()) {
    const CommitNode& node = range.nodes()[c];
    // Parents' trees, whether the parent is in the range or at/below the base.
    std::vector<git_oid> parent_trees;
    for (const auto& p : node.info.parents) {
      const CommitGraph* g = range.find(p) >= 0 ? &range : excluded.find(p) >= 0 ? &excluded : nullptr;
      if (g) parent_trees.push_back(g->nodes()[static_cast<std::size_t>(g->find(p))].info.tree);
    }
    Location where;
    where.kind = LocationKind::git;
    where.repo = repo;
    where.commit = oid_hex(node.id);
    where.author = node.info.author;
    if (node.info.has_time) where.date = rfc3339_utc(node.info.time);
    std::vector<std::string> tree_problems;
    diff_against_parents(
        trees, node.info.tree, parent_trees, "commit " + where.commit,
        [&](const ChangedBlob& b) {
          Location at = where;
          at.path = b.path;
          at.blob = oid_hex(b.id);
          added.scan(b.id, b.before, at, repo + ": " + b.path + " (commit " + where.commit + ")");
        },
        tree_problems);
    for (const auto& p : tree_problems) out.skip(repo, p);
  }
}

} // namespace vigil::scanner
