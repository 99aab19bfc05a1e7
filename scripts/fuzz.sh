#!/usr/bin/env bash
# Builds the fuzz targets (preset `asan-ubsan`: clang-19, libFuzzer, ASan+UBSan) and runs each for
# a bounded time on seeds made from the conformance vectors, plus fuzz/regressions/<target>/.
# A finding stops nothing else: every target runs, then the script fails and names the inputs,
# which belong in fuzz/regressions/<target>/ with the fix.
#
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60 s, every target)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(base64url json plain_json compact_verify signed_token jwk key_import bearer_header
           config http_request)
fi
vectors="${TESSERA_VECTORS_DIR:-tests/vectors/data}"
build=build/asan-ubsan
work=build/fuzz

python=""
for candidate in /usr/bin/python3 python3; do
  if "$candidate" -c "import jwt, cryptography" >/dev/null 2>&1; then
    python="$candidate"
    break
  fi
done
if [ -z "$python" ]; then
  echo "fuzz: no python3 imports jwt and cryptography (scripts/setup.sh installs them)" >&2
  exit 2
fi

cmake --preset asan-ubsan >/dev/null
cmake --build --preset asan-ubsan --target fuzz_targets

rm -rf "$work/seeds"
"$python" scripts/fuzz_seeds.py "$vectors" "$work/seeds"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
for symbolizer in /usr/lib/llvm-19/bin/llvm-symbolizer /usr/lib/llvm-*/bin/llvm-symbolizer; do
  if [ -x "$symbolizer" ]; then
    export ASAN_SYMBOLIZER_PATH="$symbolizer"
    break
  fi
done

failed=()
for target in "${targets[@]}"; do
  corpus="$work/corpus/$target"
  artifacts="$work/artifacts/$target"
  mkdir -p "$corpus" "$artifacts" "$work/seeds/$target"
  echo "fuzz: $target for ${seconds}s"
  # New inputs go to the first directory (kept between runs); seeds and regressions are read.
  if ! "$build/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=16384 -print_final_stats=1 -artifact_prefix="$artifacts/" \
      "$corpus" "$work/seeds/$target" "fuzz/regressions/$target" \
      >"$work/$target.log" 2>&1; then
    failed+=("$target")
    echo "fuzz: $target FOUND A PROBLEM; the input is in $artifacts/ and the report in $work/$target.log" >&2
    tail -n 40 "$work/$target.log" >&2
  else
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$work/$target.log" | tr '\n' ' '
    echo
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: findings in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no findings in ${#targets[@]} targets"
