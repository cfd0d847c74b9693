#!/usr/bin/env bash
# Installs dependencies, builds vigil (Release, -O2) and scans the bundled demo project
# corpus/demo, whose secrets are all fake. Exit 1 from vigil means "findings", as expected here.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DVIGIL_BUILD_TESTS=OFF > /dev/null
cmake --build build --target vigil
set +e
./build/cli/vigil scan corpus/demo "$@"
rc=$?
set -e
case "$rc" in
  0) echo "demo: no findings (unexpected: corpus/demo plants fake secrets)" >&2; exit 1 ;;
  1) echo "demo: vigil exited 1: findings reported, as planted" >&2; exit 0 ;;
  *) echo "demo: vigil exited $rc (error or incomplete scan)" >&2; exit "$rc" ;;
esac
