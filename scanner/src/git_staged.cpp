// Staged source (see git_changes.hpp): the index file read standalone (no repository, so no
// config, attributes or filters) compared with HEAD's tree by blob id.
#include "vigil/scanner/git_changes.hpp"

#include "git_added_scan.hpp"
#include "git_index_file.hpp"
#include "git_commit_graph.hpp"
#include "git_repo.hpp"
#include "git_revision.hpp"
#include "git_tree_diff.hpp"
#include "vigil/scanner/git_init.hpp"

#include <algorithm>
#include <unordered_map>

namespace vigil::scanner {
namespace {

// HEAD's blobs by path into `head`, except below folders `cached` vouches for (their prefixes
// go to `unchanged`). Iterative: deep trees never become stack depth.
void walk_head(TreeCache& trees, const git_oid& root,
               const std::unordered_map<std::string, git_oid>& cached,
               std::unordered_map<std::string, git_oid>& head, std::vector<std::string>& unchanged,
               std::vector<std::string>& problems) {
  struct Work {
    std::string prefix; ///< "dir/sub/" ("" at the root)
    git_oid tree;
    std::size_t depth;
  };
  std::vector<Work> stack{{"", root, 0}};
  std::string error;
  while (!stack.empty()) {
    Work w = std::move(stack.back());
    stack.pop_back();
    if (!cached.empty()) {
      const std::string folder = w.prefix.empty() ? "" : w.prefix.substr(0, w.prefix.size() - 1);
      if (auto it = cached.find(folder); it != cached.end() && git_oid_equal(&it->second, &w.tree)) {
        unchanged.push_back(w.prefix);
        continue;
      }
    }
    if (w.depth >= kMaxTreeDepth) {
      problems.push_back("HEAD: tree nested deeper than " + std::to_string(kMaxTreeDepth) +
                         " levels at " + w.prefix.substr(0, 200) + "...: deeper paths not walked");
      continue;
    }
    error.clear();
    const auto tree = trees.get(w.tree, error);
    if (!error.empty()) problems.push_back("HEAD: " + error);
    if (!tree) continue;
    std::string_view rest = tree->bytes();
    TreeEntry e;
    std::string_view bytes;
    while (!rest.empty()) {
      if (!next_tree_entry(rest, e, bytes)) {
        problems.push_back("HEAD: tree " + oid_hex(w.tree) +
                           ": malformed entry (entries after it ignored)");
        break;
      }
      std::string path = w.prefix;
      path.append(e.name);
      if (e.is_tree()) stack.push_back({path + "/", e.id, w.depth + 1});
      else if (e.is_blob()) head.emplace(std::move(path), e.id);
    }
  }
}

} // namespace

void scan_git_staged(const std::string& repo, const GitChangeOptions& options, ScannerPool& pool,
                     FindingCollector& out) {
  init_git_library();
  auto layout = locate_repository(repo);
  if (!layout) return out.skip(repo, layout.error().message);
  const GitLayout& l = layout.value();
  if (l.workdir.empty()) return out.skip(repo, "--staged needs a work tree; this repository is bare");
  auto odb_r = open_odb(l);
  if (!odb_r) return out.skip(repo, odb_r.error().message);
  git_odb* odb = odb_r.value().get();
  BlobScanner* scanner = pool.local();
  if (!scanner) return out.skip(repo, "cannot allocate scan scratch");

  // The index read by hand (entries and cache-tree); libgit2's reader where ours declines.
  const std::string index_path = l.gitdir + "/index";
  auto read = read_index_file(index_path);
  IndexFile index;
  if (read) {
    index = std::move(read.value());
  } else {
    git_index* raw_index = nullptr;
    if (git_index_open(&raw_index, index_path.c_str()) < 0)
      return out.skip(repo, "index: " + git_error_text("cannot read"));
    IndexPtr held(raw_index);
    for (std::size_t i = 0, n = git_index_entrycount(raw_index); i < n; ++i) {
      const git_index_entry* e = git_index_get_byindex(raw_index, i);
      if (!e) continue;
      index.entries.push_back({e->path, e->id, e->mode, GIT_INDEX_ENTRY_STAGE(e),
                               (e->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD) != 0});
    }
  }

  // HEAD's blobs by path; an unborn branch has none, so the whole index is new. Folders whose
  // cache-tree id equals HEAD's tree there hold no staged change: neither side is read.
  std::unordered_map<std::string, git_oid> head;
  std::vector<std::string> unchanged; // "dir/" prefixes, disjoint
  std::vector<std::string> problems;
  TreeCache trees(odb);
  if (auto h = resolve_revision(l, odb, "HEAD"); h) {
    auto obj = read_object(odb, h.value());
    CommitInfo info;
    if (!obj || !parse_commit(object_bytes(obj.value().get()), info))
      return out.skip(repo, "HEAD commit " + oid_hex(h.value()) + ": unreadable");
    walk_head(trees, info.tree, index.cache_tree, head, unchanged, problems);
  }
  for (const auto& p : problems) out.skip(repo, p);
  std::sort(unchanged.begin(), unchanged.end());
  auto vouched = [&](const std::string& path) {
    auto it = std::upper_bound(unchanged.begin(), unchanged.end(), path);
    return it != unchanged.begin() && path.compare(0, (it - 1)->size(), *(it - 1)) == 0;
  };

  const std::string prefix = (repo == "." || repo == "./") ? "" : (repo.back() == '/' ? repo : repo + "/");
  AddedLineScanner added(odb, *scanner, options.max_blob_size, out);
  for (const IndexEntry& e : index.entries) {
    if (e.stage != 0) continue; // conflicts cannot be committed
    if ((e.mode & 0170000) != 0100000 && (e.mode & 0170000) != 0120000) continue; // gitlinks
    if (e.intent_to_add) continue;
    if (!unchanged.empty() && vouched(e.path)) continue;
    std::vector<std::optional<git_oid>> before;
    if (auto it = head.find(e.path); it != head.end()) {
      if (git_oid_equal(&it->second, &e.id)) continue;
      before.emplace_back(it->second);
    }
    Location where;
    where.kind = LocationKind::file;
    where.path = prefix + e.path;
    added.scan(e.id, before, where, where.path + " (staged)");
  }
}

} // namespace vigil::scanner
