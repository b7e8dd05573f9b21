#!/usr/bin/env bash
# What each built-in rule costs: instructions per report spent on it, on a realistic corpus.
#
# For each rule, the check runs on the same corpus once with the whole built-in pack and once
# with the pack without that rule; the difference, divided by the number of reports, is what the
# rule adds (its `let` values shared with other rules are counted with the rules that remain).
# A rule that another one names in `fired(…)` cannot be left out alone and is shown as needed.
# Instructions are counted with valgrind's cachegrind tool, on one thread: unlike time, the
# count is the same from one run to the next, so small differences are real.
#
# Environment: N (reports in the corpus, default 300), SEED (default 1), WORK (scratch directory,
# default a new one under /tmp, removed at the end unless KEEP=1).
# Prints one line per rule, costliest first, then the pack's total and the cost of everything
# but the rules (parsing, schema, reading files), per report.

set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v valgrind > /dev/null; then
  echo "rule-costs: valgrind is needed to count instructions (Debian: apt-get install valgrind)" >&2
  exit 2
fi
N=${N:-300}
SEED=${SEED:-1}
TARGET=${CARGO_TARGET_DIR:-target}
WORK=${WORK:-$(mktemp -d /tmp/jixiao-rule-costs.XXXXXX)}
mkdir -p "$WORK"
cleanup() { if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT

cargo build --release --quiet --bin jixiao --example gen-corpus
JIXIAO=$TARGET/release/jixiao
"$TARGET/release/examples/gen-corpus" --n "$N" --seed "$SEED" --shape realistic --out "$WORK/corpus" > /dev/null

# count DIR: instructions of a `--summary-only` check of the corpus with the rules in DIR, or
# nothing when those rules do not load.
count() {
  local log=$WORK/count.log status=0
  RAYON_NUM_THREADS=1 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    "$JIXIAO" check "$WORK/corpus/reports" --summary-only --no-config --no-default-rules --rules "$1" \
    > /dev/null 2> "$log" || status=$?
  # jixiao exits 1 when it finds something, which is expected; more means the rules did not load.
  if [ "$status" -le 1 ]; then
    grep 'I *refs' "$log" | awk '{ gsub(",", "", $NF); print $NF }'
  fi
}

# pack NAME EXCLUDED: a copy of the built-in pack (its pack file and every rule file but the
# one of rule EXCLUDED, which may be empty) in $WORK/NAME, without the regional profiles.
pack() {
  rm -rf "${WORK:?}/$1"
  mkdir -p "$WORK/$1"
  cp rules/pack.toml "$WORK/$1/"
  local file
  for file in rules/*/*.toml; do
    case $file in rules/profiles/*) continue ;; esac
    [ "$(basename "$file" .toml)" = "$2" ] && continue
    mkdir -p "$WORK/$1/$(basename "$(dirname "$file")")"
    cp "$file" "$WORK/$1/$(basename "$(dirname "$file")")/"
  done
}

pack whole ""
all=$(count "$WORK/whole")
rm -rf "$WORK/none"
mkdir -p "$WORK/none"
cp rules/pack.toml "$WORK/none/"
none=$(count "$WORK/none")
: > "$WORK/costs"
for file in rules/*/*.toml; do
  case $file in rules/profiles/*) continue ;; esac
  id=$(basename "$file" .toml)
  pack without "$id"
  rest=$(count "$WORK/without")
  if [ -z "$rest" ]; then
    echo "- $id: needed by a rule that reads fired(\"$id\")" >> "$WORK/costs"
  else
    awk -v a="$all" -v r="$rest" -v n="$N" -v id="$id" 'BEGIN { printf "%d %s\n", (a - r) / n, id }' >> "$WORK/costs"
  fi
done

echo "instructions per report, $N realistic reports, one thread"
sort -rn "$WORK/costs" | awk '{ if ($1 == "-") printf "%10s  %s\n", "-", substr($0, 3); else printf "%10d  %s\n", $1, $2 }'
awk -v a="$all" -v z="$none" -v n="$N" 'BEGIN {
  printf "%10d  the whole pack (all rules together)\n", (a - z) / n
  printf "%10d  everything but the rules\n", z / n
}'
