// Revision resolution (see git_revision.hpp).
#include "git_revision.hpp"

#include "git_commit_graph.hpp"

namespace vigil::scanner {
namespace {

// The `n`-th parent (1-based) of commit `id`.
Result<git_oid> parent_of(git_odb* odb, const git_oid& id, std::size_t n, std::string_view spec) {
  auto obj = read_object(odb, id);
  CommitInfo info;
  if (!obj || !parse_commit(object_bytes(obj.value().get()), info))
    return Error{"revision '" + std::string(spec) + "': commit " + oid_hex(id) + " unreadable"};
  if (n == 0 || n > info.parents.size())
    return Error{"revision '" + std::string(spec) + "': commit " + oid_hex(id) + " has no parent " +
                 std::to_string(n)};
  return info.parents[n - 1];
}

} // namespace

Result<git_oid> resolve_revision(const GitLayout& layout, git_odb* odb, std::string_view spec) {
  const auto cut = spec.find_first_of("~^");
  auto base = resolve_ref(layout, spec.substr(0, cut));
  if (!base) return base.error();
  git_oid id;
  if (!peel_to_commit(odb, base.value(), id))
    return Error{"revision '" + std::string(spec) + "': not a commit (or unreadable)"};
  std::string_view rest = cut == std::string_view::npos ? std::string_view{} : spec.substr(cut);
  while (!rest.empty()) {
    const char op = rest.front();
    rest.remove_prefix(1);
    std::size_t n = 0, digits = 0;
    while (digits < rest.size() && digits < 6 && rest[digits] >= '0' && rest[digits] <= '9')
      n = n * 10 + static_cast<std::size_t>(rest[digits++] - '0');
    if (digits == 0) n = 1;
    if (digits < rest.size() && rest[digits] != '~' && rest[digits] != '^')
      return Error{"revision '" + std::string(spec) + "': cannot parse"};
    rest.remove_prefix(digits);
    if (op == '^') {
      if (n == 0) continue;
      auto p = parent_of(odb, id, n, spec);
      if (!p) return p.error();
      id = p.value();
    } else {
      for (std::size_t i = 0; i < n; ++i) {
        auto p = parent_of(odb, id, 1, spec);
        if (!p) return p.error();
        id = p.value();
      }
    }
  }
  return id;
}

} // namespace vigil::scanner
