// Repository layout and refs, read by hand (see git_repo.hpp). Every file read here is part of
// the repository's own structure (HEAD, refs, packed-refs, logs, shallow); never its config.
#include "git_repo.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <system_error>

namespace vigil::scanner {
namespace {

namespace fs = std::filesystem;

bool is_dir(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
bool is_file(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string join(const std::string& base, const std::string& rel) {
  if (!rel.empty() && rel.front() == '/') return rel;
  return base + "/" + rel;
}

// A git dir has HEAD, and objects/ + refs/ here or in the folder its `commondir` names.
bool is_gitdir(const std::string& d) {
  if (!is_file(d + "/HEAD")) return false;
  if (is_file(d + "/commondir")) return true;
  return is_dir(d + "/objects") && is_dir(d + "/refs");
}

bool parse_hex(std::string_view text, git_oid& out) {
  if (text.size() < GIT_OID_HEXSZ) return false;
  return git_oid_fromstrn(&out, text.data(), GIT_OID_HEXSZ) == 0 &&
         (text.size() == GIT_OID_HEXSZ || text[GIT_OID_HEXSZ] == ' ' ||
          text[GIT_OID_HEXSZ] == '\t' || text[GIT_OID_HEXSZ] == '\n');
}

// Ref names come from the repository or the user; neither may climb out of the git dir.
bool safe_ref_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) return false;
  return name.find('\0') == std::string_view::npos;
}

// Refs that live per worktree (in the git dir) rather than in the common dir.
bool per_worktree(std::string_view name) {
  return name.find('/') == std::string_view::npos || name.rfind("refs/bisect/", 0) == 0 ||
         name.rfind("refs/worktree/", 0) == 0 || name.rfind("refs/rewritten/", 0) == 0;
}

std::map<std::string, git_oid> read_packed_refs(const GitLayout& l, std::vector<std::string>& problems) {
  std::map<std::string, git_oid> out;
  std::ifstream in(l.commondir + "/packed-refs", std::ios::binary);
  if (!in) return out;
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#' || line[0] == '^') continue;
    git_oid id;
    if (!parse_hex(line, id) || line.size() < GIT_OID_HEXSZ + 2) {
      problems.push_back("packed-refs line " + std::to_string(n) + ": malformed");
      continue;
    }
    out[trim(line.substr(GIT_OID_HEXSZ + 1))] = id;
  }
  return out;
}

class RefResolver {
public:
  RefResolver(const GitLayout& l, std::vector<std::string>& problems)
      : l_(l), packed_(read_packed_refs(l, problems)) {}

  // Follows symbolic refs (at most 5 deep). False when unborn, missing or malformed.
  bool resolve(const std::string& name, git_oid& out, int depth = 0) const {
    if (depth > 5 || !safe_ref_name(name)) return false;
    std::string text;
    const std::string path = (per_worktree(name) ? l_.gitdir : l_.commondir) + "/" + name;
    if (is_file(path) && read_small_file(path, text)) {
      text = trim(text);
      if (text.rfind("ref:", 0) == 0) {
        std::string target = text.substr(4);
        target.erase(0, target.find_first_not_of(' '));
        return resolve(target, out, depth + 1);
      }
      return parse_hex(text, out);
    }
    auto it = packed_.find(name);
    if (it == packed_.end()) return false;
    out = it->second;
    return true;
  }
  const std::map<std::string, git_oid>& packed() const { return packed_; }

private:
  const GitLayout& l_;
  std::map<std::string, git_oid> packed_;
};

void list_loose(const std::string& base, std::vector<std::string>& names) {
  const std::string root = base + "/refs";
  if (!is_dir(root)) return;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string rel = fs::relative(it->path(), base, ec).generic_string();
    if (ec || (rel.size() >= 5 && rel.compare(rel.size() - 5, 5, ".lock") == 0)) continue;
    names.push_back(std::move(rel));
  }
}

void collect_log_ids(const std::string& dir, std::vector<git_oid>& out) {
  if (!is_dir(dir)) return;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
      git_oid a, b;
      if (line.size() >= 2 * GIT_OID_HEXSZ + 1 && parse_hex(line, a) &&
          parse_hex(std::string_view(line).substr(GIT_OID_HEXSZ + 1), b)) {
        if (!git_oid_is_zero(&a)) out.push_back(a);
        if (!git_oid_is_zero(&b)) out.push_back(b);
      }
    }
  }
}

} // namespace

bool read_small_file(const std::string& path, std::string& out, std::size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  // Size the buffer by the file, not the limit: pack indexes may be allowed gigabytes.
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  out.assign(ec ? std::min<std::size_t>(limit, 1 << 16) : std::min<std::uintmax_t>(size, limit), '\0');
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  out.resize(static_cast<std::size_t>(in.gcount()));
  return !in.bad();
}

Result<GitLayout> locate_repository(const std::string& path) {
  GitLayout l;
  l.given = path;
  if (!is_dir(path)) return Error{path + ": not a directory"};
  const std::string dotgit = path + "/.git";
  if (is_dir(dotgit) && is_gitdir(dotgit)) {
    l.gitdir = dotgit;
    l.workdir = path;
  } else if (is_file(dotgit)) {
    std::string text;
    if (!read_small_file(dotgit, text, 4096)) return Error{dotgit + ": cannot read"};
    text = trim(text);
    if (text.rfind("gitdir:", 0) != 0) return Error{dotgit + ": not a gitdir link"};
    std::string target = text.substr(7);
    target.erase(0, target.find_first_not_of(' '));
    l.gitdir = join(path, target);
    l.workdir = path;
    if (!is_gitdir(l.gitdir)) return Error{dotgit + ": points at " + target + ", not a git dir"};
  } else if (is_gitdir(path)) {
    l.gitdir = path;
  } else {
    return Error{path + ": not a git repository"};
  }
  l.commondir = l.gitdir;
  std::string common;
  if (read_small_file(l.gitdir + "/commondir", common, 4096)) {
    common = trim(common);
    if (!common.empty()) l.commondir = join(l.gitdir, common);
    if (!is_dir(l.commondir + "/objects")) return Error{path + ": common dir has no objects"};
  }
  return l;
}

bool looks_like_repository(const std::string& path) { return locate_repository(path).ok(); }

std::vector<GitRef> read_refs(const GitLayout& l, std::vector<std::string>& problems) {
  RefResolver resolver(l, problems);
  std::vector<std::string> names;
  for (const char* pseudo : {"HEAD", "ORIG_HEAD", "MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD"})
    if (is_file(l.gitdir + "/" + pseudo)) names.emplace_back(pseudo);
  list_loose(l.commondir, names);
  if (l.gitdir != l.commondir) list_loose(l.gitdir, names);
  for (const auto& [name, id] : resolver.packed()) names.push_back(name);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());

  std::vector<GitRef> out;
  for (const auto& name : names) {
    GitRef r{name, {}};
    if (resolver.resolve(name, r.target)) out.push_back(std::move(r));
    else if (name != "HEAD") problems.push_back("ref " + name + ": unreadable or dangling");
  }
  // Linked worktrees' HEADs keep their checked-out commits reachable.
  std::error_code ec;
  const std::string wt = l.commondir + "/worktrees";
  if (is_dir(wt))
    for (fs::directory_iterator it(wt, ec), end; !ec && it != end; it.increment(ec)) {
      GitLayout other = l;
      other.gitdir = it->path().string();
      RefResolver r(other, problems);
      GitRef ref{"worktrees/" + it->path().filename().string() + "/HEAD", {}};
      if (r.resolve("HEAD", ref.target)) out.push_back(std::move(ref));
    }
  return out;
}

std::vector<git_oid> read_reflog_ids(const GitLayout& l) {
  std::vector<git_oid> out;
  collect_log_ids(l.gitdir + "/logs", out);
  if (l.commondir != l.gitdir) collect_log_ids(l.commondir + "/logs", out);
  return out;
}

std::vector<git_oid> read_shallow(const GitLayout& l) {
  std::vector<git_oid> out;
  std::ifstream in(l.commondir + "/shallow", std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    git_oid id;
    if (parse_hex(line, id)) out.push_back(id);
  }
  return out;
}

Result<git_oid> resolve_ref(const GitLayout& l, std::string_view name) {
  git_oid id;
  if (name.size() == GIT_OID_HEXSZ && parse_hex(name, id)) return id;
  std::vector<std::string> ignored;
  RefResolver resolver(l, ignored);
  const std::string n(name);
  for (const std::string& candidate :
       {n, "refs/" + n, "refs/tags/" + n, "refs/heads/" + n, "refs/remotes/" + n,
        "refs/remotes/" + n + "/HEAD"})
    if (resolver.resolve(candidate, id)) return id;
  return Error{"unknown revision '" + n + "'"};
}

Result<OdbPtr> open_odb(const GitLayout& l) {
  git_odb* raw = nullptr;
  if (git_odb_open(&raw, (l.commondir + "/objects").c_str()) < 0)
    return Error{l.given + ": cannot open object database: " + git_error_text()};
  return OdbPtr(raw);
}

} // namespace vigil::scanner
