#!/usr/bin/env bash
# Builds jixiao optimised with a profile of its own runs (profile-guided optimisation), the
# build to hand out as a release binary.
#
# 1. builds an instrumented binary (`-Cprofile-generate`), which records as it runs how often
#    each branch is taken and each function called;
# 2. runs it on work shaped like a finance bureau's: generated reports of both shapes checked
#    with `--format json` and `--summary-only`, Excel project forms, the seed report as Word,
#    text and JSON, and a remediation list;
# 3. merges what it recorded with `llvm-profdata` and builds again with `-Cprofile-use`, so
#    that the compiler lays out, inlines and orders the code for the paths those runs took.
#    On Linux with glibc, that build is also linked statically and position-dependent
#    (`-C target-feature=+crt-static -C relocation-model=static`): the binary then starts
#    without the dynamic loader, which searched shared libraries and bound their symbols at
#    every start, and does not depend on the glibc version of the machine it runs on.
#
# The training reports are generated with their own seed (SEED, default 1000), not with the
# benchmark's (scripts/bench.sh uses 1 by default), so that a benchmark never times the very
# files the build was trained on. What is found is the same as with a plain build: only the
# machine code's layout changes (the benchmark's manifest check and the test suite hold either
# way).
#
# Needs `llvm-profdata` of the LLVM version rustc was built with (`rustc -vV` names it): rustup's
# `llvm-tools` component, or on Debian the package llvm-N for LLVM N where the release has it.
# Exits with status 2 and says what is missing otherwise.
#
# Environment: TARGET (cargo target directory, default target), SEED (default 1000), N (reports
# of each shape to train on, default 2000), KEEP=1 keeps the scratch directory, STATIC=0 links
# dynamically; where glibc's static library is not installed, the build is linked dynamically
# anyway and says so, unless STATIC=1 demands a static one (then it exits with status 2).
# Prints the path of the built binary on its last line: $TARGET/pgo/release/jixiao, or
# $TARGET/pgo/<host>/release/jixiao when linked statically.

set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=${CARGO_TARGET_DIR:-target}
SEED=${SEED:-1000}
N=${N:-2000}

# The major version of rustc's LLVM, and an llvm-profdata of that version: rustup's
# `llvm-tools` component puts one beside rustc, made with rustc's own LLVM.
llvm_major=$(rustc -vV | awk '/^LLVM version:/ { split($3, v, "."); print v[1] }')
host=$(rustc -vV | awk '/^host:/ { print $2 }')
profdata=""
for candidate in "$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata" "llvm-profdata-$llvm_major" llvm-profdata; do
  if command -v "$candidate" > /dev/null \
    && "$candidate" --version 2> /dev/null | grep -q "LLVM version $llvm_major\."; then
    profdata=$candidate
    break
  fi
done
if [ -z "$profdata" ]; then
  echo "pgo-build: llvm-profdata of LLVM $llvm_major (rustc's) is needed: rustup component add llvm-tools (or Debian's llvm-$llvm_major, where the release has it)" >&2
  exit 2
fi

WORK=$(mktemp -d /tmp/jixiao-pgo.XXXXXX)
cleanup() { if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT
# Absolute: the paths in the flags are read by rustc, which cargo runs in other directories,
# and by the instrumented binary, wherever it runs.
mkdir -p "$TARGET"
TARGET=$(cd "$TARGET" && pwd)
# A fixed place, so that the instrumented build (whose flags name it) is rebuilt only when the
# code changes.
RAW=$TARGET/pgo-generate/profiles

# On Linux with glibc, both builds are linked statically (see above), with the host named as
# `--target`: then the flags apply to jixiao only, not to the build scripts and procedural macros,
# which cannot be linked statically. The instrumented build is made the same way as the optimised
# one, since naming the target changes the symbol names by which the profile is matched to the
# code: a profile recorded by a build without it would not apply.
case "$host" in
  *-linux-gnu) static=${STATIC:-1} ;;
  *) static=0 ;;
esac
# glibc's static library comes in its own package (Debian: libc6-dev); the C compiler names its
# path when it has one, and only the bare name otherwise.
if [ "$static" = 1 ] && [ ! -f "$(cc -print-file-name=libc.a 2> /dev/null)" ]; then
  if [ "${STATIC:-}" = 1 ]; then
    echo "pgo-build: STATIC=1, but glibc's static library (libc.a) was not found (Debian: apt-get install libc6-dev)" >&2
    exit 2
  fi
  echo "pgo-build: glibc's static library (libc.a) was not found: linking dynamically (as with STATIC=0)" >&2
  static=0
fi
flags=""
target_args=()
built=release/jixiao
if [ "$static" = 1 ]; then
  flags="-Ctarget-feature=+crt-static -Crelocation-model=static"
  target_args=(--target "$host")
  built=$host/release/jixiao
fi

echo "pgo-build: instrumented build" >&2
RUSTFLAGS="-Cprofile-generate=$RAW $flags" cargo build --release --quiet --bin jixiao --target-dir "$TARGET/pgo-generate" "${target_args[@]}"
cargo build --release --quiet --example gen-corpus
# Only the training runs below count (build scripts record their runs too).
rm -rf "$RAW"
INSTRUMENTED=$TARGET/pgo-generate/$built
GEN=$TARGET/release/examples/gen-corpus

echo "pgo-build: training runs" >&2
"$GEN" --n "$N" --out "$WORK/realistic" --seed "$SEED" --shape realistic > /dev/null
"$GEN" --n "$N" --out "$WORK/sparse" --seed "$SEED" --shape sparse > /dev/null
"$GEN" --n $((N / 10)) --out "$WORK/forms" --seed "$SEED" --shape realistic --xlsx > /dev/null
# jixiao exits 1 when it finds something, which these reports are made to give.
run() {
  local status=0
  "$INSTRUMENTED" "$@" > /dev/null 2> "$WORK/stderr.out" || status=$?
  if [ "$status" -gt 1 ]; then
    echo "pgo-build: 'jixiao $*' failed with status $status" >&2
    cat "$WORK/stderr.out" >&2
    exit 1
  fi
}
for shape in realistic sparse; do
  run check "$WORK/$shape/reports" --format json --no-config
  run check "$WORK/$shape/reports" --summary-only --no-config
done
run check "$WORK/forms/forms" --format json --no-config
for example in examples/huadu-2022.docx examples/huadu-2022.txt examples/huadu-2022.json; do
  run check "$example" --no-config
done
run remediate examples/huadu-2022.json --no-config

echo "pgo-build: optimised build" >&2
"$profdata" merge -o "$WORK/jixiao.profdata" "$RAW"
# Named by its content: the flags that name it then change with it, and cargo rebuilds.
mkdir -p "$TARGET/pgo"
profile=$TARGET/pgo/jixiao-$(sha256sum "$WORK/jixiao.profdata" | cut -c1-16).profdata
cp "$WORK/jixiao.profdata" "$profile"
find "$TARGET/pgo" -maxdepth 1 -name 'jixiao-*.profdata' ! -path "$profile" -delete
RUSTFLAGS="-Cprofile-use=$profile $flags" cargo build --release --quiet --bin jixiao --target-dir "$TARGET/pgo" "${target_args[@]}"
echo "$TARGET/pgo/$built"
