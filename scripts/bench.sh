#!/usr/bin/env bash
# Benchmark of `jixiao check` on generated corpora, against the parse-only floor.
#
# Generates two corpora of reports with violations planted at known rates
# (examples/gen-corpus.rs): `realistic` (20 indicators, 8 projects, half project reports, 6–10
# findings per report, as real reports have) and `sparse` (a finding in about one report in
# two). For each it checks that jixiao finds exactly what was planted, then times on the same
# files, the floor and the check taking turns: the parse-only floor (bench/floor: plain
# serde_json with exact numbers, one thread), the full check with `--format json` and with
# `--summary-only`. Then, on the realistic shape: peak RSS at N and BIG reports, single-report
# latency, scaling with the number of reports and of indicators in one report, and Excel forms
# (the national project form filled with the project reports) against the same reports as JSON.
# Prints figures; exits non-zero only when the findings do not match the manifest.
#
# Two builds of jixiao: the release binary as handed out, built with a profile of its own runs
# (scripts/pgo-build.sh), and the plain `cargo build --release` that the README's commands run.
# Every figure is of the first; the corpora's timings and the single report are also given for
# the second, in the same turns, and both builds' findings are checked against the manifest.
# Without an llvm-profdata matching rustc's LLVM (see scripts/pgo-build.sh), or with PGO=0,
# only the plain build is timed.
#
# Environment: RUNS (timed runs per figure, median reported; default 5), N (corpus size,
# default 10000), BIG (size of the largest corpus, default 100000; 0 skips it), FORMS (reports
# generated for the Excel comparison, about half of them project forms; default 2000, 0 skips
# it), NARRATIVES (copies of the seed report as Word and as JSON; default 1000, 0 skips it),
# SHAPES (default "realistic sparse"), SEED (default 1), WORK (scratch directory, default a
# new one under /tmp, removed at the end unless KEEP=1), PGO (1: the optimised build is
# required; 0: plain build only; default: the optimised build when it can be made), STATIC
# (passed to scripts/pgo-build.sh: 0 links the optimised build dynamically).

set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
N=${N:-10000}
BIG=${BIG:-100000}
FORMS=${FORMS:-2000}
NARRATIVES=${NARRATIVES:-1000}
SHAPES=${SHAPES:-realistic sparse}
SEED=${SEED:-1}
PGO=${PGO:-auto}
TARGET=${CARGO_TARGET_DIR:-target}
WORK=${WORK:-$(mktemp -d /tmp/jixiao-bench.XXXXXX)}
mkdir -p "$WORK"
cleanup() { if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT

cargo build --release --quiet --bin jixiao --example gen-corpus
# The floor is a crate of its own, so that no feature jixiao enables in serde_json reaches it.
cargo build --release --quiet --manifest-path bench/floor/Cargo.toml --target-dir "$TARGET/floor"
PLAIN=$TARGET/release/jixiao
JIXIAO=$PLAIN
build="plain (cargo build --release)"
if [ "$PGO" != 0 ]; then
  status=0
  built=$(scripts/pgo-build.sh) || status=$?
  if [ "$status" -eq 0 ]; then
    JIXIAO=$(printf '%s\n' "$built" | tail -n 1)
    # pgo-build.sh puts a statically linked binary under the host's name (see there).
    case "$JIXIAO" in
      */pgo/release/jixiao) linked="linked dynamically" ;;
      *) linked="linked statically" ;;
    esac
    build="profile-guided, $linked (scripts/pgo-build.sh); plain build in the rows marked [plain]"
  elif [ "$PGO" = 1 ] || [ "$status" -ne 2 ]; then
    echo "bench: the profile-guided build failed (STATIC=0 builds it linked dynamically; PGO=0 times the plain build only)" >&2
    exit 2
  else
    echo "bench: no profile-guided build (see above); timing the plain build only" >&2
  fi
fi
# Whether the plain build is timed beside the optimised one.
both() { [ "$JIXIAO" != "$PLAIN" ]; }
GEN=$TARGET/release/examples/gen-corpus
FLOOR=$TARGET/floor/release/parse-floor

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
# once NAME FILE [BINARY NAME2]: times checking one FILE, process start to exit, RUNS * 4 + 1
# times, with the build timed; given BINARY, that binary takes turns with it, its times recorded
# under NAME2, so that both builds meet the machine in the same minutes.
once() {
  local name=$1 file=$2 other=${3:-} other_name=${4:-}
  : > "$WORK/$name.once"
  if [ -n "$other" ]; then : > "$WORK/$other_name.once"; fi
  for _ in $(seq $((RUNS * 4 + 1))); do
    once_run "$name" "$file" "$JIXIAO"
    if [ -n "$other" ]; then once_run "$other_name" "$file" "$other"; fi
  done
}
once_run() {
  local start=$EPOCHREALTIME
  "$3" check "$2" --format json --no-config > /dev/null || true
  local end=$EPOCHREALTIME
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f\n", e - s }' >> "$WORK/$1.once"
}
# once_ms NAME: the median of `once NAME`, in milliseconds.
once_ms() { median "$WORK/$1.once" | awk '{ printf "%.2f", $1 * 1000 }'; }
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
# spread A B: "median (min-max)" of the ratios B / A of each pair of turns of figures A and B.
spread() {
  paste "$WORK/$1.time" "$WORK/$2.time" | awk '{ printf "%.4f\n", $2 / $1 }' > "$WORK/pairs.ratio"
  echo "$(median "$WORK/pairs.ratio" | awk '{ printf "%.2f", $1 }') ($(sort -g "$WORK/pairs.ratio" | head -n 1 | awk '{ printf "%.2f", $1 }')-$(sort -g "$WORK/pairs.ratio" | tail -n 1 | awk '{ printf "%.2f", $1 }'))"
}
row() { printf '%-74s %s\n' "$1" "$2"; }
# check_findings DIR: checks the corpus in DIR with each build timed and compares the findings
# with its manifest; sets `verified` non-zero when they differ.
check_findings() {
  local binary status
  for binary in "$JIXIAO" $(both && echo "$PLAIN"); do
    status=0
    "$binary" check "$1/reports" --format json --no-config > "$WORK/findings.json" || status=$?
    if [ "$status" -gt 1 ]; then
      echo "bench: jixiao check failed with status $status" >&2
      exit 2
    fi
    count_findings "$WORK/findings.json"
    "$GEN" --verify "$1/manifest.json" "$WORK/findings.json" || verified=1
  done
}
# count_findings FILE: the number of findings in a JSON output, into $WORK/findings.count.
count_findings() { grep -c '"severity": ' "$1" > "$WORK/findings.count" || true; }

echo "== machine"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores; memory: $(free -g | awk '/^Mem:/ { print $2 }') GB"
echo "date: $(date -u +%Y-%m-%d)  jixiao: $("$JIXIAO" --version)  runs per figure: $RUNS (median)"
echo "build: $build"

verified=0
for shape in $SHAPES; do
  echo "== corpus: $shape"
  "$GEN" --n "$N" --out "$WORK/$shape" --seed "$SEED" --shape "$shape"
  # A corpus just written is still being flushed to disk; timings start once it is.
  sync
  du -sh "$WORK/$shape/reports" | awk '{ print "size on disk: " $1 }'
  echo "== planted findings ($shape)"
  check_findings "$WORK/$shape"
  cp "$WORK/findings.count" "$WORK/$shape.findings"
  echo "== timings ($shape, $N reports)"
  # The floor and the check take turns, so that a machine whose speed drifts during the run (a
  # shared virtual machine) slows both alike and their ratio holds.
  reset "$shape-floor" "$shape-check" "$shape-summary" "$shape-plain-check" "$shape-plain-summary"
  for _ in $(seq "$RUNS"); do
    measure "$shape-floor" "$FLOOR" "$WORK/$shape/reports"
    measure "$shape-check" "$JIXIAO" check "$WORK/$shape/reports" --format json --no-config
    measure "$shape-summary" "$JIXIAO" check "$WORK/$shape/reports" --summary-only --no-config
    if both; then
      measure "$shape-plain-check" "$PLAIN" check "$WORK/$shape/reports" --format json --no-config
      measure "$shape-plain-summary" "$PLAIN" check "$WORK/$shape/reports" --summary-only --no-config
    fi
  done
done
first=${SHAPES%% *}
main=$WORK/$first

echo "== single report (process start to exit)"
reports=("$main"/reports/*.json)
single=${reports[0]}
unset reports
if both; then
  once single "$single" "$PLAIN" plain-single
else
  once single "$single"
fi
single_ms=$(once_ms single)

echo "== scaling with the number of reports ($first)"
small=$((N / 10))
"$GEN" --n "$small" --out "$WORK/small" --seed "$SEED" --shape "$first" > /dev/null
sync
timed small "$JIXIAO" check "$WORK/small/reports" --format json --no-config
if [ "$BIG" -gt 0 ]; then
  "$GEN" --n "$BIG" --out "$WORK/big" --seed "$SEED" --shape "$first" > /dev/null
  sync
  timed big "$JIXIAO" check "$WORK/big/reports" --format json --no-config
  rm -rf "$WORK/big"
fi

echo "== scaling with the number of indicators in one report"
# One indicator in fifty has mismatched units, so the findings grow with the report too.
for k in 100 1000 10000 100000; do
  "$GEN" --n 1 --out "$WORK/ind$k" --seed "$SEED" --indicators "$k" --indicator-fault-rate 20 > /dev/null
  timed "ind$k" "$JIXIAO" check "$WORK/ind$k/reports" --format json --no-config
done

if [ "$FORMS" -gt 0 ]; then
  echo "== Excel forms against the same reports as JSON"
  "$GEN" --n "$FORMS" --out "$WORK/forms" --seed "$SEED" --shape realistic --xlsx > /dev/null
  sync
  forms=$(find "$WORK/forms/forms" -name '*.xlsx' | wc -l)
  reset xlsx xjson
  for _ in $(seq "$RUNS"); do
    measure xlsx "$JIXIAO" check "$WORK/forms/forms" --format json --no-config
    measure xjson "$JIXIAO" check "$WORK/forms/forms-json" --format json --no-config
  done
  once form "$(find "$WORK/forms/forms" -name '*.xlsx' | sort | head -n 1)"
fi

if [ "$NARRATIVES" -gt 0 ]; then
  echo "== narrative reports (.docx) against the same report as JSON"
  # The seed report as published, and its transcription: the same findings either way (a test
  # keeps them equal), so the two directories time reading a narrative against reading JSON.
  mkdir -p "$WORK/narratives/docx" "$WORK/narratives/json"
  for i in $(seq -w "$NARRATIVES"); do
    cp examples/huadu-2022.docx "$WORK/narratives/docx/report-$i.docx"
    cp examples/huadu-2022.json "$WORK/narratives/json/report-$i.json"
  done
  # About twenty pages: the seed's text four times over.
  for _ in 1 2 3 4; do cat examples/huadu-2022.txt; done > "$WORK/narratives/long.txt"
  sync
  reset ndocx njson
  for _ in $(seq "$RUNS"); do
    measure ndocx "$JIXIAO" check "$WORK/narratives/docx" --format json --no-config
    measure njson "$JIXIAO" check "$WORK/narratives/json" --format json --no-config
  done
  once ndocx-one "$WORK/narratives/docx/report-$(printf '%0*d' "${#NARRATIVES}" 1).docx"
  once nlong-one "$WORK/narratives/long.txt"
fi

echo
# wall_rows SHAPE TAG CHECK SUMMARY: the wall times of one build's full check and summary-only
# runs (figures CHECK and SUMMARY) on the SHAPE corpus, and their ratios to the floor.
wall_rows() {
  local shape=$1 tag=$2 floor
  floor=$(seconds "$shape-floor")
  row "[$shape]$tag full check --format json ($(nproc) threads), s" "$(seconds "$3")"
  row "[$shape]$tag   check / floor, wall: of medians; per pair median (min-max)" "$(ratio "$(seconds "$3")" "$floor"); $(spread "$shape-floor" "$3")"
  row "[$shape]$tag full check --summary-only, s" "$(seconds "$4")"
  row "[$shape]$tag   summary / floor, wall: of medians; per pair median (min-max)" "$(ratio "$(seconds "$4")" "$floor"); $(spread "$shape-floor" "$4")"
}

echo "== results"
row "measure" "value"
for shape in $SHAPES; do
  floor=$(seconds "$shape-floor")
  check=$(seconds "$shape-check")
  row "[$shape] findings per report" "$(awk -v f="$(cat "$WORK/$shape.findings")" -v n="$N" 'BEGIN { printf "%.2f", f / n }')"
  row "[$shape] parse-only floor, $N reports (plain serde_json, 1 thread), s" "$floor"
  wall_rows "$shape" "" "$shape-check" "$shape-summary"
  row "[$shape] user CPU, floor / check / summary, s" "$(cpu "$shape-floor") / $(cpu "$shape-check") / $(cpu "$shape-summary")"
  row "[$shape]   check CPU / floor CPU" "$(ratio "$(cpu "$shape-check")" "$(cpu "$shape-floor")")"
  row "[$shape] reports per second, floor / check" "$(awk -v n="$N" -v t="$floor" 'BEGIN { printf "%.0f", n / t }') / $(awk -v n="$N" -v t="$check" 'BEGIN { printf "%.0f", n / t }')"
  row "[$shape] peak RSS, full check of $N reports, MB" "$(rss_mb "$shape-check")"
  if both; then
    wall_rows "$shape" " [plain]" "$shape-plain-check" "$shape-plain-summary"
    row "[$shape] [plain] user CPU, check / summary, s" "$(cpu "$shape-plain-check") / $(cpu "$shape-plain-summary")"
    row "[$shape] [plain]   check CPU / floor CPU" "$(ratio "$(cpu "$shape-plain-check")" "$(cpu "$shape-floor")")"
  fi
done
row "[$first] single-report check, start to exit, ms (median; both builds in turns)" "$single_ms"
if both; then
  row "[$first] [plain] single-report check, start to exit, ms (median)" "$(once_ms plain-single)"
fi
row "[$first] full check, $small reports, s" "$(seconds small)"
row "[$first]   $N / $small reports time ratio" "$(ratio "$(seconds "$first-check")" "$(seconds small)")"
if [ "$BIG" -gt 0 ]; then
  row "[$first] full check, $BIG reports, s" "$(seconds big)"
  row "[$first]   $BIG / $N reports time ratio" "$(ratio "$(seconds big)" "$(seconds "$first-check")")"
  row "[$first] peak RSS, full check of $BIG reports, MB" "$(rss_mb big)"
  row "[$first]   RSS $BIG / $N reports" "$(ratio "$(median "$WORK/big.rss")" "$(median "$WORK/$first-check.rss")")"
fi
for k in 100 1000 10000 100000; do
  row "one report, $k indicators, s (CPU $(cpu "ind$k") s, RSS MB $(rss_mb "ind$k"))" "$(seconds "ind$k")"
done
row "  10000 / 1000 indicators time ratio" "$(ratio "$(seconds ind10000)" "$(seconds ind1000)")"
row "  100000 / 10000 indicators time ratio" "$(ratio "$(seconds ind100000)" "$(seconds ind10000)")"
# A sub-second run's wall time includes the kernel zeroing the pages it touches first, which
# varies from run to run on a shared machine; user-mode CPU time shows the work itself.
row "  100000 / 10000 indicators user CPU ratio" "$(ratio "$(cpu ind100000)" "$(cpu ind10000)")"
if [ "$FORMS" -gt 0 ]; then
  row "Excel project forms (20 indicators), $forms files, s" "$(seconds xlsx)"
  row "  the same reports as JSON, s" "$(seconds xjson)"
  row "  forms per second, xlsx / JSON" "$(awk -v n="$forms" -v t="$(seconds xlsx)" 'BEGIN { printf "%.0f", n / t }') / $(awk -v n="$forms" -v t="$(seconds xjson)" 'BEGIN { printf "%.0f", n / t }')"
  row "  ms per form in a run, xlsx / JSON (2 threads)" "$(awk -v n="$forms" -v t="$(seconds xlsx)" 'BEGIN { printf "%.2f", t * 1000 / n }') / $(awk -v n="$forms" -v t="$(seconds xjson)" 'BEGIN { printf "%.2f", t * 1000 / n }')"
  row "  one form, start to exit, ms (median)" "$(once_ms form)"
fi
if [ "$NARRATIVES" -gt 0 ]; then
  row "narrative reports (.docx, the seed report), $NARRATIVES files, s" "$(seconds ndocx)"
  row "  the same report as JSON, s" "$(seconds njson)"
  row "  ms per report in a run, docx / JSON (2 threads)" "$(awk -v n="$NARRATIVES" -v t="$(seconds ndocx)" 'BEGIN { printf "%.2f", t * 1000 / n }') / $(awk -v n="$NARRATIVES" -v t="$(seconds njson)" 'BEGIN { printf "%.2f", t * 1000 / n }')"
  row "  one narrative .docx, start to exit, ms (median)" "$(once_ms ndocx-one)"
  row "  one 20-page narrative .txt, start to exit, ms (median)" "$(once_ms nlong-one)"
fi
echo
if [ "$verified" -ne 0 ]; then
  echo "bench: FAILED: jixiao's findings do not match the planted violations" >&2
  exit 1
fi
echo "bench: findings match the planted violations"
