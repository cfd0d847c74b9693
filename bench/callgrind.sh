#!/usr/bin/env bash
# Instruction counts of one vigil scan under callgrind: stable where wall time is noisy (shared
# machines, CI). Usage: bench/callgrind.sh VIGIL_BINARY [--files N] [--dir DIR]
# Scans a fixed, seeded corpus (bench/gen_tree.py, default 300 files) with one worker thread,
# the rule database already cached, and prints total instructions plus the top functions.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
vigil=$(realpath "${1:?usage: callgrind.sh VIGIL_BINARY [--files N] [--dir DIR]}")
shift
files=300
dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --files) files=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v valgrind >/dev/null || { echo "callgrind.sh: needs valgrind" >&2; exit 2; }
if [ -z "$dir" ]; then dir=${TMPDIR:-/tmp}/vigil-callgrind-$files; fi
python3 "$here/gen_tree.py" "$dir" --files "$files" --seed 7 >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

scan=("$vigil" scan --threads 1 --format json --output /dev/null --fail-on none "$dir/tree")
# Compile and cache the rule database outside the profile. Valgrind reports its own CPU
# features, which are part of the cache key, so warm the cache under valgrind too (slow once).
"${scan[@]}" >/dev/null 2>&1 || true
valgrind --tool=none "${scan[@]}" >/dev/null 2>&1 || true
valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "${scan[@]}" >/dev/null 2>"$work/vg.txt" || true

bytes=$(find "$dir/tree" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
total=$(callgrind_annotate "$work/cg.out" 2>/dev/null | awk '/PROGRAM TOTALS/ && !n++ {gsub(",", "", $1); print $1}')
echo "vigil:     $("$vigil" --version 2>/dev/null | head -1) ($vigil)"
echo "valgrind:  $(valgrind --version)"
echo "corpus:    $files files, $bytes bytes (gen_tree.py --seed 7), 1 thread, cached database"
echo "total Ir:  $total instructions ($(awk -v t="$total" -v b="$bytes" 'BEGIN {printf "%.1f", t/b}') per byte)"
echo "top functions by self cost:"
callgrind_annotate "$work/cg.out" 2>/dev/null | awk '/file:function/ {on=1; next} on && NF && shown++ < 15 {print "  " $0}'
