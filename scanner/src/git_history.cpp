// Full-history source (see git_source.hpp): inventory in pack order, blobs read and scanned in
// parallel (each worker thread with its own git_odb handle), then one provenance walk for the
// blobs that matched or were too big. Trees, commits and tags are never scanned as content.
#include "vigil/scanner/git_source.hpp"

#include "git_enumerate.hpp"
#include "git_object_kinds.hpp"
#include "git_provenance.hpp"
#include "git_repo.hpp"
#include "vigil/scanner/git_init.hpp"

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <map>
#include <thread>

namespace vigil::scanner {
namespace {

constexpr std::size_t kBatch = 32; // objects per pipeline token

struct Batch {
  std::size_t begin = 0, end = 0;
  std::vector<ObjectClass> classes; ///< per object, from its pack header
};

struct BatchResult {
  std::vector<std::pair<git_oid, std::vector<BlobMatch>>> matched;
  std::vector<std::pair<git_oid, std::uint64_t>> oversized;
  std::vector<std::pair<std::size_t, std::string>> unreadable; ///< inventory index, reason
  std::uint64_t blobs = 0, bytes = 0;
};

// Per-pack tallies of unreadable objects, so a corrupt pack is one line, not thousands.
struct Unreadable {
  std::size_t count = 0;
  std::string first;
};

using MatchMap = std::map<git_oid, std::vector<BlobMatch>, OidLess>;

// Index paths of matched blobs that no commit holds (staged, not yet committed).
std::map<git_oid, std::vector<std::string>, OidLess> unreachable_in_index(
    const GitLayout& l, const MatchMap& matched, const ProvenanceResult& prov) {
  std::map<git_oid, std::vector<std::string>, OidLess> out;
  if (l.workdir.empty()) return out;
  git_index* raw = nullptr;
  if (git_index_open(&raw, (l.gitdir + "/index").c_str()) < 0) return out;
  IndexPtr index(raw);
  for (std::size_t i = 0, n = git_index_entrycount(raw); i < n; ++i) {
    const git_index_entry* e = git_index_get_byindex(raw, i);
    if (!e || !matched.count(e->id)) continue;
    if (auto it = prov.origins.find(e->id); it != prov.origins.end() && !it->second.empty()) continue;
    out[e->id].push_back(e->path);
  }
  return out;
}

} // namespace

bool is_git_repository(const std::string& path) { return looks_like_repository(path); }

void scan_git_history(const std::string& repo, const GitScanOptions& options, ScannerPool& pool,
                      FindingCollector& out) {
  init_git_library();
  auto layout = locate_repository(repo);
  if (!layout) return out.skip(repo, layout.error().message);
  const GitLayout& l = layout.value();
  auto main_odb = open_odb(l);
  if (!main_odb) return out.skip(repo, main_odb.error().message);
  auto inventory = enumerate_objects(main_odb.value().get(), l);
  if (!inventory) return out.skip(repo, inventory.error().message);
  const ObjectInventory& inv = inventory.value();
  if (!inv.listing_error.empty()) out.skip(repo, inv.listing_error);

  // The commit graph does not depend on the findings: it loads (with the main object
  // database, which nothing else uses meanwhile) while the blobs are scanned.
  ProvenanceGraph pre;
  std::thread graph_loader([&] { pre = load_provenance_graph(main_odb.value().get(), l, inv); });
  struct Joiner {
    std::thread& t;
    ~Joiner() {
      if (t.joinable()) t.join();
    }
  } join_on_exit{graph_loader};

  tbb::enumerable_thread_specific<std::optional<Result<OdbPtr>>> odbs;
  ObjectClassifier classifier(inv, l);
  std::size_t next = 0;
  MatchMap matched;
  std::vector<std::pair<git_oid, std::uint64_t>> oversized;
  std::map<std::uint32_t, Unreadable> unreadable;

  run_pipeline<Batch, BatchResult>(
      pool, options.live_tokens ? options.live_tokens : default_live_tokens(),
      [&](Batch& b) {
        if (next >= inv.ordered.size()) return false;
        b.begin = next;
        b.end = next = std::min(next + kBatch, inv.ordered.size());
        b.classes.clear();
        for (std::size_t i = b.begin; i < b.end; ++i) b.classes.push_back(classifier.classify(i));
        return true;
      },
      [&](Batch&& b, BlobScanner* scanner) {
        BatchResult r;
        auto& slot = odbs.local();
        if (!slot) slot.emplace(open_odb(l));
        for (std::size_t i = b.begin; i < b.end; ++i) {
          if (!scanner || !*slot) {
            r.unreadable.emplace_back(i, scanner ? slot->error().message : "no scan scratch");
            continue;
          }
          git_odb* odb = slot->value().get();
          const git_oid& id = inv.ordered[i];
          ObjectClass c = b.classes[i - b.begin];
          // Commits, trees and tags are read by the provenance walk; they are never content.
          if (c.kind != ObjectKind::blob && c.kind != ObjectKind::unknown) continue;
          if (c.kind == ObjectKind::unknown || !c.size_known) {
            std::size_t size = 0;
            git_object_t type = GIT_OBJECT_INVALID;
            if (git_odb_read_header(&size, &type, odb, &id) < 0) {
              r.unreadable.emplace_back(i, "object " + oid_hex(id) + ": " + git_error_text());
              continue;
            }
            if (type != GIT_OBJECT_BLOB) continue;
            c.size = size;
          }
          if (c.size > options.max_blob_size) {
            r.oversized.emplace_back(id, c.size);
            continue;
          }
          git_odb_object* obj = nullptr;
          if (git_odb_read(&obj, odb, &id) < 0) {
            r.unreadable.emplace_back(i, "blob " + oid_hex(id) + ": " + git_error_text());
            continue;
          }
          OdbObjectPtr hold(obj);
          const std::string_view data = object_bytes(obj);
          if (git_odb_object_type(obj) != GIT_OBJECT_BLOB) continue;
          if (data.size() > options.max_blob_size) {
            r.oversized.emplace_back(id, data.size());
            continue;
          }
          std::vector<BlobMatch> found;
          if (auto ok = scanner->scan(data, found); !ok) {
            r.unreadable.emplace_back(i, "blob " + oid_hex(id) + ": " + ok.error().message);
            continue;
          }
          ++r.blobs;
          r.bytes += data.size();
          if (options.progress) {
            options.progress->blobs.fetch_add(1, std::memory_order_relaxed);
            options.progress->bytes.fetch_add(data.size(), std::memory_order_relaxed);
          }
          if (!found.empty()) r.matched.emplace_back(id, std::move(found));
        }
        return r;
      },
      [&](BatchResult&& r) {
        for (auto& [id, m] : r.matched) matched.emplace(id, std::move(m));
        for (auto& o : r.oversized) oversized.push_back(o);
        for (auto& [i, reason] : r.unreadable) {
          auto& u = unreadable[inv.pack_of[i]];
          if (u.count++ == 0) u.first = std::move(reason);
        }
        out.summary().blobs_scanned += r.blobs;
        out.summary().bytes_scanned += r.bytes;
      });

  for (const auto& [pack, u] : unreadable) {
    const std::string where =
        pack == ObjectInventory::npos ? repo : repo + " (objects/pack/" + inv.packs[pack] + ")";
    out.skip(where, std::to_string(u.count) + " object(s) unreadable, first: " + u.first);
  }

  // Provenance only for what matters: blobs with matches, and oversized ones (for their path).
  OidSet targets;
  for (const auto& [id, m] : matched) targets.insert(id);
  for (const auto& [id, size] : oversized) targets.insert(id);
  graph_loader.join();
  const ProvenanceResult prov =
      compute_provenance(main_odb.value().get(), l, std::move(pre), inv, targets);
  for (const auto& p : prov.problems) out.skip(repo, p);

  const auto index_paths = unreachable_in_index(l, matched, prov);
  for (const auto& [id, matches] : matched) {
    Location loc;
    loc.kind = LocationKind::git;
    loc.repo = repo;
    loc.blob = oid_hex(id);
    auto it = prov.origins.find(id);
    if (it == prov.origins.end() || it->second.empty()) {
      // In the object database but in no commit any ref or reflog reaches: staged but not
      // committed (named by its index path), or dangling (named by its id only).
      auto staged = index_paths.find(id);
      if (staged == index_paths.end()) {
        for (const auto& m : matches) out.add(m, loc);
        continue;
      }
      for (const auto& path : staged->second) {
        loc.path = path;
        for (const auto& m : matches) out.add(m, loc);
      }
      continue;
    }
    for (const auto& o : it->second) {
      loc.path = o.path;
      loc.commit = o.commit;
      loc.author = o.author;
      loc.date = o.date;
      loc.refs = o.refs;
      loc.refs_total = o.refs_total;
      loc.at_head = o.at_head;
      for (const auto& m : matches) out.add(m, loc);
    }
  }
  for (const auto& [id, size] : oversized) {
    std::string where = repo + ": blob " + oid_hex(id);
    if (auto it = prov.origins.find(id); it != prov.origins.end() && !it->second.empty())
      where += " at " + it->second.front().path + " (commit " + it->second.front().commit + ")";
    out.skip(where, "blob of " + std::to_string(size) + " bytes is over the size limit of " +
                        std::to_string(options.max_blob_size) + " bytes");
  }
}

} // namespace vigil::scanner
