// The exit codes of the output contract (ARCHITECTURE.md).
#pragma once

namespace vigil::cli {

inline constexpr int kExitOk = 0;       ///< scan complete, nothing to fail on
inline constexpr int kExitFindings = 1; ///< findings to fail on (--fail-on)
inline constexpr int kExitError = 2;    ///< error, or the scan was incomplete

} // namespace vigil::cli
