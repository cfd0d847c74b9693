// Process-wide set-up of the HTTP library the verifiers use. Called once, lazily, by the first
// verification (not from main: a scan that verifies nothing should not pay libcurl's and its
// TLS library's start-up). Safe to call from several threads; the first call initialises.
#pragma once

namespace vigil::verifiers {

/// Initialises libcurl for the process on first call; false if it could not be initialised.
bool init_http_library();

} // namespace vigil::verifiers
