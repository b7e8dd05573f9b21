#!/usr/bin/env bash
# Benchmark of `jixiao check` on generated corpora, against the parse-only floor.
#
# Generates reports with violations planted at known rates (examples/gen-corpus.rs), checks that
# jixiao finds exactly what was planted, then times, on the same files and machine in one run:
# the parse-only floor (examples/parse-floor.rs: serde_json, one thread), the full check with the
# built-in pack, peak RSS, single-report latency, and scaling with the number of reports and the
# number of indicators in one report. Prints figures; exits non-zero only when the findings do
# not match the manifest.
#
# Environment: RUNS (timed runs per figure, median reported; default 5), N (main corpus size,
# default 10000), BIG (size of the largest corpus, default 100000; 0 skips it), SEED (default 1),
# WORK (scratch directory, default a new one under /tmp, removed at the end unless KEEP=1).

set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
N=${N:-10000}
BIG=${BIG:-100000}
SEED=${SEED:-1}
TARGET=${CARGO_TARGET_DIR:-target}
WORK=${WORK:-$(mktemp -d /tmp/jixiao-bench.XXXXXX)}
mkdir -p "$WORK"
cleanup() { if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT

cargo build --release --quiet --bin jixiao --example gen-corpus --example parse-floor
JIXIAO=$TARGET/release/jixiao
GEN=$TARGET/release/examples/gen-corpus
FLOOR=$TARGET/release/examples/parse-floor

# median FILE: the median of the numbers in FILE, one per line.
median() { sort -g "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure NAME COMMAND...: runs COMMAND once (output discarded) and appends its wall seconds
# (process start to exit, microsecond clock), peak RSS (KB, from /usr/bin/time) and CPU seconds
# in user mode (millisecond resolution, from bash's `time`; /usr/bin/time rounds to 10 ms) to
# $WORK/NAME.time, $WORK/NAME.rss and $WORK/NAME.cpu. jixiao exits 1 when it finds something,
# which is expected here; any other failure stops the script.
measure() {
  local name=$1
  shift
  local status=0 start end TIMEFORMAT='%3U'
  start=$EPOCHREALTIME
  { time /usr/bin/time -f "%M" -o "$WORK/time.out" "$@" > /dev/null 2> "$WORK/stderr.out" || status=$?; } 2> "$WORK/cpu.out"
  end=$EPOCHREALTIME
  if [ "$status" -gt 1 ]; then
    echo "bench: '$*' failed with status $status" >&2
    cat "$WORK/stderr.out" >&2
    exit 2
  fi
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f\n", e - s }' >> "$WORK/$name.time"
  # GNU time adds a line when the command exits non-zero; the figure is on the last line.
  tail -n 1 "$WORK/time.out" | awk '{ print $1 }' >> "$WORK/$name.rss"
  tail -n 1 "$WORK/cpu.out" >> "$WORK/$name.cpu"
}
# reset NAME...: empties the figures recorded under each NAME.
reset() { for name in "$@"; do : > "$WORK/$name.time"; : > "$WORK/$name.rss"; : > "$WORK/$name.cpu"; done; }
# timed NAME COMMAND...: measures COMMAND RUNS times.
timed() {
  local name=$1
  shift
  reset "$name"
  for _ in $(seq "$RUNS"); do
    measure "$name" "$@"
  done
}
seconds() { median "$WORK/$1.time"; }
cpu() { median "$WORK/$1.cpu"; }
rss_mb() { median "$WORK/$1.rss" | awk '{ printf "%.1f", $1 / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "== machine"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores; memory: $(free -g | awk '/^Mem:/ { print $2 }') GB"
echo "date: $(date -u +%Y-%m-%d)  jixiao: $("$JIXIAO" --version)  runs per figure: $RUNS (median)"

echo "== corpus"
"$GEN" --n "$N" --out "$WORK/main" --seed "$SEED"
# A corpus just written is still being flushed to disk; timings start once it is.
sync
du -sh "$WORK/main/reports" | awk '{ print "size on disk: " $1 }'

echo "== planted findings"
status=0
"$JIXIAO" check "$WORK/main/reports" --format json > "$WORK/findings.json" || status=$?
if [ "$status" -gt 1 ]; then
  echo "bench: jixiao check failed with status $status" >&2
  exit 2
fi
verified=0
"$GEN" --verify "$WORK/main/manifest.json" "$WORK/findings.json" || verified=$?

echo "== timings ($N reports)"
# The floor and the check take turns, so that a machine whose speed drifts during the run (a
# shared virtual machine) slows both alike and their ratio holds.
reset floor check
for _ in $(seq "$RUNS"); do
  measure floor "$FLOOR" "$WORK/main/reports"
  measure check "$JIXIAO" check "$WORK/main/reports" --format json
done
floor=$(seconds floor)
check=$(seconds check)

echo "== single report (process start to exit)"
reports=("$WORK"/main/reports/*.json)
single=${reports[0]}
unset reports
: > "$WORK/single.time"
for _ in $(seq $((RUNS * 4 + 1))); do
  start=$EPOCHREALTIME
  "$JIXIAO" check "$single" --format json > /dev/null || true
  end=$EPOCHREALTIME
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f\n", e - s }' >> "$WORK/single.time"
done
single_ms=$(median "$WORK/single.time" | awk '{ printf "%.2f", $1 * 1000 }')

echo "== scaling with the number of reports"
small=$((N / 10))
"$GEN" --n "$small" --out "$WORK/small" --seed "$SEED" > /dev/null
sync
timed small "$JIXIAO" check "$WORK/small/reports" --format json
if [ "$BIG" -gt 0 ]; then
  "$GEN" --n "$BIG" --out "$WORK/big" --seed "$SEED" > /dev/null
  sync
  timed big "$JIXIAO" check "$WORK/big/reports" --format json
  rm -rf "$WORK/big"
fi

echo "== scaling with the number of indicators in one report"
# One indicator in fifty has mismatched units, so the findings grow with the report too.
for k in 100 1000 10000 100000; do
  "$GEN" --n 1 --out "$WORK/ind$k" --seed "$SEED" --indicators "$k" --indicator-fault-rate 20 > /dev/null
  timed "ind$k" "$JIXIAO" check "$WORK/ind$k/reports" --format json
done

echo
echo "== results"
printf '%-58s %12s\n' "measure" "value"
printf '%-58s %12s\n' "parse-only floor, $N reports (serde_json, 1 thread), s" "$floor"
printf '%-58s %12s\n' "full check, $N reports (built-in pack, $(nproc) threads), s" "$check"
printf '%-58s %12s\n' "full check / floor" "$(ratio "$check" "$floor")"
paste "$WORK/floor.time" "$WORK/check.time" | awk '{ printf "%.4f\n", $2 / $1 }' > "$WORK/pairs.ratio"
printf '%-58s %12s\n' "  check / floor of each pair of turns: median (min-max)" \
  "$(median "$WORK/pairs.ratio" | awk '{ printf "%.2f", $1 }') ($(sort -g "$WORK/pairs.ratio" | head -n 1 | awk '{ printf "%.2f", $1 }')-$(sort -g "$WORK/pairs.ratio" | tail -n 1 | awk '{ printf "%.2f", $1 }'))"
printf '%-58s %12s\n' "reports per second (full check)" "$(awk -v n="$N" -v t="$check" 'BEGIN { printf "%.0f", n / t }')"
printf '%-58s %12s\n' "floor reports per second" "$(awk -v n="$N" -v t="$floor" 'BEGIN { printf "%.0f", n / t }')"
printf '%-58s %12s\n' "user CPU, floor / full check (both threads), s" "$(cpu floor) / $(cpu check)"
printf '%-58s %12s\n' "peak RSS, full check of $N reports, MB" "$(rss_mb check)"
printf '%-58s %12s\n' "single-report check, start to exit, ms (median)" "$single_ms"
printf '%-58s %12s\n' "full check, $small reports, s" "$(seconds small)"
printf '%-58s %12s\n' "  $N / $small reports time ratio" "$(ratio "$check" "$(seconds small)")"
if [ "$BIG" -gt 0 ]; then
  printf '%-58s %12s\n' "full check, $BIG reports, s" "$(seconds big)"
  printf '%-58s %12s\n' "  $BIG / $N reports time ratio" "$(ratio "$(seconds big)" "$check")"
  printf '%-58s %12s\n' "peak RSS, full check of $BIG reports, MB" "$(rss_mb big)"
  printf '%-58s %12s\n' "  RSS $BIG / $N reports" "$(ratio "$(median "$WORK/big.rss")" "$(median "$WORK/check.rss")")"
fi
for k in 100 1000 10000 100000; do
  printf '%-58s %12s\n' "one report, $k indicators, s (CPU $(cpu "ind$k") s, RSS MB $(rss_mb "ind$k"))" "$(seconds "ind$k")"
done
printf '%-58s %12s\n' "  10000 / 1000 indicators time ratio" "$(ratio "$(seconds ind10000)" "$(seconds ind1000)")"
printf '%-58s %12s\n' "  100000 / 10000 indicators time ratio" "$(ratio "$(seconds ind100000)" "$(seconds ind10000)")"
# A sub-second run's wall time includes the kernel zeroing the pages it touches first, which
# varies from run to run on a shared machine; user-mode CPU time shows the work itself.
printf '%-58s %12s\n' "  100000 / 10000 indicators user CPU ratio" "$(ratio "$(cpu ind100000)" "$(cpu ind10000)")"
echo
if [ "$verified" -ne 0 ]; then
  echo "bench: FAILED: jixiao's findings do not match the planted violations" >&2
  exit 1
fi
echo "bench: findings match the planted violations"
