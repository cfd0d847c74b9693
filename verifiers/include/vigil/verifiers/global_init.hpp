// Process-wide set-up of the HTTP library the verifiers use. Called once, lazily, by the first
// verification (not from main: a scan that verifies nothing should not pay libcurl's and its
// TLS library's start-up). Safe to call from several threads; the first call initialises.
#pragma once

#include "vigil/detectors/result.hpp"

namespace vigil::verifiers {

/// Loads libcurl (at run time: $VIGIL_LIBCURL or libcurl.so.4) and initialises it for the
/// process on first call; an error saying why when it cannot (library missing, init failed).
detectors::Result<void> init_http_library();

} // namespace vigil::verifiers
