// Verification cache file (see verify_cache.hpp). One tab-separated line per entry:
// key, status, checked_at, detail (tabs and line breaks in the detail become spaces).
#include "verify_cache.hpp"

#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace vigil::verifiers {
namespace fs = std::filesystem;

VerifyCache::VerifyCache(fs::path file, std::chrono::seconds valid_ttl,
                         std::chrono::seconds invalid_ttl)
    : file_(std::move(file)), valid_ttl_(valid_ttl), invalid_ttl_(invalid_ttl) {
  std::ifstream in(file_);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key, status, when, detail;
    if (!std::getline(fields, key, '\t') || !std::getline(fields, status, '\t') ||
        !std::getline(fields, when, '\t'))
      continue;
    std::getline(fields, detail);
    Verdict v;
    if (status == "valid") v.status = Status::valid;
    else if (status == "invalid") v.status = Status::invalid;
    else continue;
    v.reason = Reason::none;
    try {
      v.checked_at = std::stoll(when);
    } catch (...) {
      continue;
    }
    v.detail = detail;
    entries_[key] = v;
  }
}

bool VerifyCache::fresh(const Verdict& v, std::int64_t now) const {
  const auto ttl = v.status == Status::valid ? valid_ttl_ : invalid_ttl_;
  return v.checked_at <= now && now - v.checked_at < ttl.count();
}

std::optional<Verdict> VerifyCache::lookup(const std::string& key, std::int64_t now) const {
  const auto it = entries_.find(key);
  if (it == entries_.end() || !fresh(it->second, now)) return std::nullopt;
  return it->second;
}

void VerifyCache::store(const std::string& key, const Verdict& verdict) {
  if (verdict.status != Status::valid && verdict.status != Status::invalid) return;
  if (key.find_first_of("\t\r\n") != std::string::npos) return; // would break the file format
  entries_[key] = verdict;
  dirty_ = true;
}

void VerifyCache::save(std::int64_t now) const {
  if (!dirty_) return;
  std::error_code ec;
  fs::create_directories(file_.parent_path(), ec);
  const auto tmp = file_.string() + ".tmp" + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return;
  std::string text;
  for (const auto& [key, v] : entries_) {
    if (!fresh(v, now)) continue;
    std::string detail = v.detail;
    for (auto& c : detail)
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    text += key + "\t" + std::string(to_string(v.status)) + "\t" + std::to_string(v.checked_at) +
            "\t" + detail + "\n";
  }
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::close(fd) == 0 && ok;
  if (ok) fs::rename(tmp, file_, ec);
  if (!ok || ec) fs::remove(tmp, ec);
}

} // namespace vigil::verifiers
