// no_proxy matching as curl reads it: comma-separated host names or domain suffixes, '*' for all.
#pragma once

#include <string_view>

namespace vigil::verifiers {

/// Whether `host` is excluded from proxying by the `no_proxy` list.
bool no_proxy_matches(std::string_view no_proxy, std::string_view host);

} // namespace vigil::verifiers
