#!/usr/bin/env bash
# Installs dependencies, then builds and runs the whole test suite twice: a Release build
# (-O2) and an AddressSanitizer + UndefinedBehaviorSanitizer build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)
# Tests get their own cache and config dirs so a developer's real ones are never touched.
export XDG_CACHE_HOME="$PWD/build-test-home/cache" XDG_CONFIG_HOME="$PWD/build-test-home/config"
mkdir -p "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME"

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVIGIL_SANITIZE=ON > /dev/null
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"
