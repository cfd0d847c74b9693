// Text from scanned content (paths, authors, secrets shown with --show-secrets) made safe for
// a terminal: no control character, escape sequence or bidi override reaches the screen raw.
#pragma once

#include <string>
#include <string_view>

namespace vigil::cli {

/// `text` with C0/C1 controls, DEL, bidi controls and invalid UTF-8 shown as visible escapes
/// (\n, \t, \x1b, \u{202e}); everything else, including valid non-ASCII UTF-8, unchanged.
std::string terminal_safe(std::string_view text);

} // namespace vigil::cli
