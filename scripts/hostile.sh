#!/usr/bin/env bash
# Hostile office and text files through the real command, measured from process start to exit.
#
# Writes the files of examples/hostile-forms.rs (zip bombs, lying sizes, entity expansion,
# sheets and tables claiming billions of cells, deep nesting, truncated and encrypted packages,
# wrong kinds, undecodable text) and one good form beside them, then checks each with the
# release binary, `jixiao check FILE --format json`, under `timeout 20` and `/usr/bin/time`, and
# prints a table: file, exit code, seconds, peak RSS, and the first diagnostic. Then checks the
# whole directory in one run, and verifies that every file got a report and the good form its
# findings.
#
# Exits 1 when a file takes 10 s or more, peaks at 500 MB or more, exits with a code other than
# 0, 1 or 2, or gets no `import` error (the good form instead must get findings of rules),
# or when the directory run leaves a file out.
#
# Environment: WORK (scratch directory, default a new one under /tmp, removed at the end unless
# KEEP=1).

set -euo pipefail
cd "$(dirname "$0")/.."

MAX_SECONDS=10
MAX_RSS_MB=500
GOOD=good-national-project.xlsx
TARGET=${CARGO_TARGET_DIR:-target}
WORK=${WORK:-$(mktemp -d /tmp/jixiao-hostile.XXXXXX)}
mkdir -p "$WORK"
cleanup() { if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT

if ! command -v python3 > /dev/null; then
  echo "hostile: python3 is needed to read jixiao's JSON output" >&2
  exit 2
fi
if [ -x /usr/bin/time ]; then
  HAVE_TIME=1
else
  HAVE_TIME=0
  echo "hostile: /usr/bin/time is missing: seconds come from bash's time, peak RSS is not measured" >&2
fi

cargo build --release --quiet --bin jixiao --example hostile-forms
JIXIAO=$TARGET/release/jixiao
FILES=$WORK/files
rm -rf "$FILES"
"$TARGET/release/examples/hostile-forms" "$FILES" > /dev/null
sync

# run LIMIT OUT COMMAND...: runs COMMAND under `timeout LIMIT`, its stdout to OUT, and sets
# STATUS (exit code; 124 on timeout), SECONDS_TAKEN and RSS_MB (empty without /usr/bin/time).
run() {
  local limit=$1 out=$2
  shift 2
  STATUS=0
  if [ "$HAVE_TIME" = 1 ]; then
    /usr/bin/time -f '%e %M' -o "$WORK/time.out" timeout -k 5 "$limit" "$@" > "$out" 2> "$WORK/stderr.out" || STATUS=$?
    # GNU time adds a line when the command exits non-zero; the figures are on the last line.
    SECONDS_TAKEN=$(tail -n 1 "$WORK/time.out" | awk '{ print $1 }')
    RSS_MB=$(tail -n 1 "$WORK/time.out" | awk '{ printf "%.1f", $2 / 1024 }')
  else
    local TIMEFORMAT='%R'
    { time timeout -k 5 "$limit" "$@" > "$out" 2> "$WORK/stderr.out" || STATUS=$?; } 2> "$WORK/time.out"
    SECONDS_TAKEN=$(tail -n 1 "$WORK/time.out")
    RSS_MB=
  fi
}

# summary JSON FILE: "rule<TAB>message<TAB>verdict" of the first diagnostic of FILE's report in
# jixiao's JSON output; the verdict is "ok" when a hostile file has an `import` error or
# the good form has findings of rules, else what is missing.
summary() {
  python3 - "$1" "$2" "$GOOD" << 'EOF'
import json, os, sys

path, name, good = sys.argv[1:4]
try:
    with open(path, encoding="utf-8") as f:
        output = json.load(f)
except (OSError, ValueError) as error:
    print(f"-\t-\tno JSON output ({error})")
    sys.exit(0)
reports = [r for r in output.get("files", []) if os.path.basename(r.get("path", "")) == name]
if not reports:
    print("-\t-\tno report for the file")
    sys.exit(0)
diagnostics = reports[0].get("diagnostics", [])
if not diagnostics:
    print("-\t-\tno diagnostic")
    sys.exit(0)
first = diagnostics[0]
message = " ".join(str(first.get("message", "")).split()) or "-"
if len(message) > 60:
    message = message[:59] + "…"
rules = {d.get("rule") for d in diagnostics}
if name == good:
    findings = rules - {"import", "schema", "encoding", "io", "internal-error"}
    verdict = "ok" if findings else "no findings of rules"
else:
    refused = any(d.get("rule") == "import" and d.get("severity") == "error" for d in diagnostics)
    verdict = "ok" if refused else "no import error"
print(f"{first.get('rule', '-')}\t{message}\t{verdict}")
EOF
}

echo "== machine"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores; memory: $(free -g | awk '/^Mem:/ { print $2 }') GB"
echo "date: $(date -u +%Y-%m-%d)  jixiao: $("$JIXIAO" --version)  bounds: < $MAX_SECONDS s, < $MAX_RSS_MB MB, exit 0/1/2"

echo
echo "== one file per run"
printf '%-34s %9s %5s %6s %8s  %-8s %s\n' file size exit s "RSS MB" rule "first diagnostic"
failures=()
worst_seconds=0 worst_seconds_file= worst_rss=0 worst_rss_file=
for file in "$FILES"/*; do
  name=$(basename "$file")
  run 20 "$WORK/out.json" "$JIXIAO" check "$file" --format json
  IFS=$'\t' read -r rule message verdict < <(summary "$WORK/out.json" "$name")
  size=$(du -h --apparent-size "$file" | cut -f1)
  printf '%-34s %9s %5s %6s %8s  %-8s %s\n' "$name" "$size" "$STATUS" "$SECONDS_TAKEN" "${RSS_MB:-n/a}" "$rule" "$message"
  if [ "$STATUS" -gt 2 ]; then
    failures+=("$name: exit code $STATUS$([ "$STATUS" = 124 ] && echo ' (timed out)')")
  fi
  if awk -v s="$SECONDS_TAKEN" -v m="$MAX_SECONDS" 'BEGIN { exit !(s >= m) }'; then
    failures+=("$name: $SECONDS_TAKEN s")
  fi
  if [ -n "$RSS_MB" ] && awk -v r="$RSS_MB" -v m="$MAX_RSS_MB" 'BEGIN { exit !(r >= m) }'; then
    failures+=("$name: $RSS_MB MB")
  fi
  if [ "$verdict" != ok ]; then
    failures+=("$name: $verdict")
  fi
  if awk -v s="$SECONDS_TAKEN" -v w="$worst_seconds" 'BEGIN { exit !(s > w) }'; then
    worst_seconds=$SECONDS_TAKEN worst_seconds_file=$name
  fi
  if [ -n "$RSS_MB" ] && awk -v r="$RSS_MB" -v w="$worst_rss" 'BEGIN { exit !(r > w) }'; then
    worst_rss=$RSS_MB worst_rss_file=$name
  fi
done
echo "worst: $worst_seconds s ($worst_seconds_file), $worst_rss MB ($worst_rss_file)"

echo
echo "== the whole directory in one run"
# A directory walk takes *.json, *.xlsx, *.xls and *.docx; the text files are added by name.
run 60 "$WORK/batch.json" "$JIXIAO" check "$FILES" --include '*.txt' --format json
echo "exit $STATUS, $SECONDS_TAKEN s, ${RSS_MB:-n/a} MB"
if [ "$STATUS" -gt 2 ]; then
  failures+=("directory: exit code $STATUS$([ "$STATUS" = 124 ] && echo ' (timed out)')")
fi
checked=0
for file in "$FILES"/*; do
  name=$(basename "$file")
  IFS=$'\t' read -r _ _ verdict < <(summary "$WORK/batch.json" "$name")
  if [ "$verdict" = ok ]; then
    checked=$((checked + 1))
  else
    failures+=("directory: $name: $verdict")
  fi
done
total=$(find "$FILES" -maxdepth 1 -type f | wc -l)
echo "$checked of $total files reported as in their own runs (the good form with its findings)"

echo
if [ "${#failures[@]}" -gt 0 ]; then
  printf 'hostile: FAILED: %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "hostile: every file ended within $MAX_SECONDS s and $MAX_RSS_MB MB with a diagnostic"
