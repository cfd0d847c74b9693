// Process-wide set-up of the HTTP library the verifiers use. Call once from main(), before any
// thread starts (libcurl's global init is not thread-safe).
#pragma once

namespace vigil::verifiers {

/// Initialises libcurl for the process; false if it could not be initialised.
bool init_http_library();

} // namespace vigil::verifiers
