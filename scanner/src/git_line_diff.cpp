// Added-line computation (see git_line_diff.hpp).
#include "git_line_diff.hpp"

#include "git_handles.hpp"

#include <algorithm>
#include <iterator>

namespace vigil::scanner {
namespace {

int on_line(const git_diff_delta*, const git_diff_hunk*, const git_diff_line* line, void* payload) {
  if (line->origin == GIT_DIFF_LINE_ADDITION && line->new_lineno > 0)
    static_cast<std::vector<std::uint64_t>*>(payload)->push_back(
        static_cast<std::uint64_t>(line->new_lineno));
  return 0;
}

} // namespace

detectors::Result<std::vector<std::uint64_t>> added_lines(std::string_view before,
                                                          std::string_view after) {
  std::vector<std::uint64_t> out;
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.context_lines = 0;
  opts.interhunk_lines = 0;
  opts.flags = GIT_DIFF_FORCE_TEXT;
  if (git_diff_buffers(before.data(), before.size(), nullptr, after.data(), after.size(), nullptr,
                       &opts, nullptr, nullptr, nullptr, on_line, &out) < 0)
    return detectors::Error{"diff failed: " + git_error_text()};
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::uint64_t> intersect_lines(const std::vector<std::uint64_t>& a,
                                           const std::vector<std::uint64_t>& b) {
  std::vector<std::uint64_t> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

} // namespace vigil::scanner
