#!/usr/bin/env bash
# Git history benchmark: vigil's full-history scan against the two floors measured in the same
# run on the same repository, plus the pre-commit path (--staged) against `git diff --cached`.
#   floor 1 (read):  git cat-file --batch-all-objects --batch --unordered  (every object, once)
#   floor 2 (diff):  git log -p -U0 --all  (the commits × diffs model other scanners pay)
# Usage: bench/git_bench.sh [REPO]   (no REPO: builds one with bench/gen_repo.py, seeded)
# Env: VIGIL (binary; default build/cli/vigil), COMMITS (default 3000), RUNS (default 3),
#      SCALE (default 1: about 60 MB of blobs; gen_repo.py --scale, e.g. 90 for about 5 GB).
# The git CLI runs here only on the bench's own repository, to measure the floors.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
vigil="${VIGIL:-$root/build/cli/vigil}"
runs="${RUNS:-3}"
[ -x "$vigil" ] || { echo "vigil binary not found at $vigil (set VIGIL)" >&2; exit 2; }
work="$(mktemp -d /tmp/vigil-git-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config"

repo="${1:-}"
if [ -z "$repo" ]; then
  repo="$work/repo"
  echo "building a seeded repository (${COMMITS:-3000} commits, scale ${SCALE:-1}) in $repo ..."
  python3 "$here/gen_repo.py" "$repo" --commits "${COMMITS:-3000}" --scale "${SCALE:-1}" > /dev/null
fi
gitdir="$(git -C "$repo" rev-parse --absolute-git-dir)"
git -C "$repo" worktree prune

# Object statistics (from the repository, by the git CLI: bench only).
read -r blobs blob_bytes objects < <(git -C "$repo" cat-file --batch-all-objects \
  --batch-check='%(objecttype) %(objectsize)' |
  awk '{n++} $1=="blob"{b++; s+=$2} END {printf "%d %d %d\n", b, s, n}')

# best-of-N wall time (s, from the monotonic clock) and peak RSS (KB) of a command; stdout
# discarded. N is $runs unless MEASURE_RUNS says otherwise.
measure() {
  local best="" rss=0 t m start end
  for _ in $(seq "${MEASURE_RUNS:-$runs}"); do
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/time" "$@" > /dev/null 2>"$work/err" || true
    end=$(date +%s%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.4f", (b - a) / 1e9}')
    m=$(tail -n 1 "$work/time")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    [ "$m" -gt "$rss" ] && rss=$m
  done
  echo "$best $rss"
}

"$vigil" rules list > /dev/null # warm the compiled-rule cache, as an installed vigil has it
read -r t_vigil m_vigil < <(measure "$vigil" scan --git-history full --format jsonl --output /dev/null "$gitdir")
read -r t_cat m_cat < <(measure git -C "$repo" cat-file --batch-all-objects --batch --unordered)
read -r t_log m_log < <(measure git -C "$repo" log -p -U0 --all)

# Pre-commit path: a small staged change in a work tree of the same repository.
wt="$work/wt"
git -C "$repo" worktree add -q --detach "$wt" HEAD
f="$(git -C "$wt" ls-files | sed -n 1p)" # sed reads it all: no SIGPIPE under pipefail
printf 'staged change\nAPI_TOKEN = "not-a-secret"\n' >> "$wt/$f"
git -C "$wt" add "$f"
# Milliseconds matter here, so no /usr/bin/time (its own start-up would pad both sides): the
# best of 5 batches of 10 back-to-back runs, per run.
measure_quick() {
  local best="" start end t
  for _ in 1 2 3 4 5; do
    start=$(date +%s%N)
    for _ in 1 2 3 4 5 6 7 8 9 10; do "$@" > /dev/null 2>&1 || true; done
    end=$(date +%s%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.5f", (b - a) / 1e10}')
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
  done
  echo "$best"
}
t_staged=$(cd "$wt" && measure_quick "$vigil" scan --staged --format jsonl --output /dev/null .)
t_cached=$(measure_quick git -C "$wt" diff --cached -U0)
# What any scan pays before reading input (process start, rules): the part not the git path's.
mkdir -p "$work/empty"
t_startup=$(measure_quick "$vigil" scan --format jsonl --output /dev/null "$work/empty")
git -C "$repo" worktree remove --force "$wt"

mb=$(awk "BEGIN{printf \"%.1f\", $blob_bytes/1e6}")
echo
echo "repository: $repo"
echo "objects: $objects, blobs: $blobs ($mb MB of blob content); best of $runs runs; $(nproc) cores"
printf "%-52s %8s %8s %10s %9s %10s\n" "command" "time s" "ratio" "blobs/s" "MB/s" "peak RSS"
row() { # name time rss ratio_base
  awk -v n="$1" -v t="$2" -v r="$3" -v base="$4" -v b="$blobs" -v s="$blob_bytes" 'BEGIN {
    tt = (t > 0 ? t : 0.001)
    printf "%-52s %8.2f %7.2fx %10.0f %9.1f %8.0f MB\n", n, t, t / (base > 0 ? base : 0.001), b / tt, s / 1e6 / tt, r / 1024 }'
}
row "vigil scan --git-history full (all rules)" "$t_vigil" "$m_vigil" "$t_cat"
row "floor: git cat-file --batch-all-objects --unordered" "$t_cat" "$m_cat" "$t_cat"
row "diff model: git log -p -U0 --all" "$t_log" "$m_log" "$t_cat"
echo
printf "%-52s %8s %8s\n" "pre-commit (small staged change)" "time ms" "ratio"
awk -v a="$t_staged" -v b="$t_cached" 'BEGIN {
  printf "%-52s %8.1f %7.2fx\n", "vigil scan --staged", a * 1000, a / (b > 0 ? b : 0.001)
  printf "%-52s %8.1f %7.2fx\n", "git diff --cached -U0", b * 1000, 1 }'
awk -v a="$t_startup" -v b="$t_cached" 'BEGIN {
  printf "%-52s %8.1f %7.2fx\n", "(start-up: vigil scan of an empty folder)", a * 1000, a / (b > 0 ? b : 0.001) }'
echo
awk -v v="$t_vigil" -v c="$t_cat" 'BEGIN { printf "full-history ratio vs read floor: %.2fx (target <= 1.0x)\n", v / c }'
awk -v a="$t_staged" -v b="$t_cached" 'BEGIN { printf "staged ratio vs git diff --cached: %.2fx (target <= 2.0x)\n", a / (b > 0 ? b : 0.001) }'
echo "peak RSS of the history scan: $((m_vigil / 1024)) MB (target < 1024 MB at 5 GB of blobs)"
