// Added-line scanning (see git_added_scan.hpp). The whole new blob is scanned, so matches keep
// their real line, column and surrounding context; the diff only decides which to keep.
#include "git_added_scan.hpp"

#include "git_line_diff.hpp"
#include "git_objects.hpp"

#include <algorithm>

namespace vigil::scanner {
namespace {

// Reads a blob into `text`; an error message when unreadable, not a blob or too big.
std::string read_blob(git_odb* odb, const git_oid& id, std::uint64_t max, std::string& text) {
  std::size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (git_odb_read_header(&size, &type, odb, &id) < 0)
    return "blob " + oid_hex(id) + ": " + git_error_text("unreadable");
  if (type != GIT_OBJECT_BLOB) return "object " + oid_hex(id) + ": not a blob";
  if (size > max)
    return "blob " + oid_hex(id) + " of " + std::to_string(size) +
           " bytes is over the size limit of " + std::to_string(max) + " bytes";
  auto obj = read_object(odb, id);
  if (!obj) return obj.error().message;
  text.assign(object_bytes(obj.value().get()));
  return {};
}

} // namespace

void AddedLineScanner::scan(const git_oid& after, const std::vector<std::optional<git_oid>>& before,
                            const Location& where, const std::string& display) {
  auto it = matches_.find(after);
  bool have_text = false;
  if (it == matches_.end()) {
    if (auto err = read_blob(odb_, after, max_, after_text_); !err.empty())
      return out_.skip(display, err);
    have_text = true;
    std::vector<BlobMatch> found;
    if (auto ok = scanner_.scan(after_text_, found); !ok) return out_.skip(display, ok.error().message);
    out_.count_blob(after_text_.size());
    it = matches_.emplace(after, std::move(found)).first;
  }
  if (it->second.empty()) return; // nothing to place: no need to diff

  // Lines added relative to every parent version; a missing version adds every line.
  std::optional<std::vector<std::uint64_t>> added;
  for (const auto& b : before) {
    if (!b) continue;
    if (!have_text) {
      if (auto err = read_blob(odb_, after, max_, after_text_); !err.empty())
        return out_.skip(display, err);
      have_text = true;
    }
    if (auto err = read_blob(odb_, *b, max_, before_text_); !err.empty())
      return out_.skip(display, "previous version: " + err);
    auto lines = added_lines(before_text_, after_text_);
    if (!lines) return out_.skip(display, lines.error().message);
    added = added ? intersect_lines(*added, lines.value()) : std::move(lines.value());
  }
  for (const auto& m : it->second) {
    if (added && !std::binary_search(added->begin(), added->end(), m.line)) continue;
    out_.add(m, where);
  }
}

} // namespace vigil::scanner
