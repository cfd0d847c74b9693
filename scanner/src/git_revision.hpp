// Revision specs for the range source: a ref name or full commit id, optionally followed by
// `~N` (N-th first-parent ancestor) and `^N` (N-th parent) steps.
#pragma once

#include "git_repo.hpp"

#include <string_view>

namespace vigil::scanner {

/// The commit `spec` names in the repository, tags peeled.
Result<git_oid> resolve_revision(const GitLayout& layout, git_odb* odb, std::string_view spec);

} // namespace vigil::scanner
