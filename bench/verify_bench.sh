#!/bin/sh
# Builds and runs the verifier benchmark (bench/verify_bench.cpp) in BUILD_DIR (default build).
# Usage: bench/verify_bench.sh [secrets] [providers]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$here/build}
cmake -S "$here" -B "$build" -G Ninja >/dev/null
cmake --build "$build" --target verify_bench
uname -srm
nproc
"$build/bench/verify_bench" "$@"
