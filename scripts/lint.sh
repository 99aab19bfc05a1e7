#!/usr/bin/env bash
# Static checks, warnings as errors:
#   0. the layering of #includes (scripts/check_layers.py), and a comment on every public symbol
#      of include/tessera (scripts/check_docs.py: doxygen with docs/Doxyfile, no warning);
#   1. clang-format 14 (the version .clang-format is written for) over every tracked .cpp/.hpp;
#   2. clang-tidy-19 with .clang-tidy over the library (src/) and the service (server/), whose
#      headers (include/tessera, src, server) it checks through them.
#
# Usage: scripts/lint.sh [BUILD_DIR [DIR...]]
#   BUILD_DIR holds a compile_commands.json made with clang-19 (default build/asan-ubsan, from
#   `cmake --preset asan-ubsan`); its generated headers must exist (configure is enough).
#   DIR... limits clang-tidy to the translation units under those directories (default: src
#   server), e.g. to split the run: `scripts/lint.sh build/asan-ubsan server/http`.
# Environment: JOBS (parallel clang-tidy runs, default nproc), CLANG_FORMAT, CLANG_TIDY,
#   RUN_CLANG_TIDY; LINT_SKIP_TIDY=1 checks the formatting only.
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir=${1:-build/asan-ubsan}
shift || true
dirs=("$@")
[[ ${#dirs[@]} -gt 0 ]] || dirs=(src server)
jobs=${JOBS:-$(nproc)}
clang_format=${CLANG_FORMAT:-clang-format}
clang_tidy=${CLANG_TIDY:-clang-tidy-19}
run_clang_tidy=${RUN_CLANG_TIDY:-run-clang-tidy-19}

# 0. Layers: every project #include points down (scripts/check_layers.py holds the rules).
python3 scripts/check_layers.py
# Documentation: doxygen finds every public symbol of include/tessera commented.
python3 scripts/check_docs.py

# 1. Formatting. Another major version formats some constructs differently, so insist on 14.
format_version=$("$clang_format" --version)
if [[ $format_version != *"version 14."* ]]; then
  echo "lint: $clang_format is not clang-format 14 ($format_version); set CLANG_FORMAT" >&2
  exit 2
fi
echo "lint: clang-format: $(git ls-files '*.cpp' '*.hpp' | wc -l) files"
git ls-files -z '*.cpp' '*.hpp' | xargs -0 "$clang_format" --dry-run --Werror
echo "lint: clang-format: clean"

[[ ${LINT_SKIP_TIDY:-0} == 1 ]] && exit 0

# 2. clang-tidy over the translation units of src/ and server/ in the compilation database.
database="$build_dir/compile_commands.json"
if [[ ! -f $database ]]; then
  echo "lint: no $database; configure first: cmake --preset asan-ubsan" >&2
  exit 2
fi
# One anchored regex per file for run-clang-tidy's filter (a path may hold regex characters).
list_units='
import json, os, re, sys
root = os.path.realpath(os.getcwd())
wanted = [os.path.normpath(d) for d in sys.argv[2:]]
for entry in json.load(open(sys.argv[1])):
    path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
    relative = os.path.relpath(os.path.realpath(path), root)
    if relative.split(os.sep)[0] not in ("src", "server"):
        continue  # the library and the service only: not tests, tools or generated sources
    if any(relative == d or relative.startswith(d + os.sep) for d in wanted):
        print("^" + re.escape(path) + "$")
'
mapfile -t units < <(python3 -c "$list_units" "$database" "${dirs[@]}")
if [[ ${#units[@]} -eq 0 ]]; then
  echo "lint: $database lists no translation unit under ${dirs[*]}" >&2
  exit 2
fi
# One exemption, one file: the static analyzer misreads the coroutine frames of Asio's
# use_awaitable machinery (boost/asio/impl/awaitable.hpp, "dereference of an undefined pointer
# value" from resume_context_) at every co_await of an Asio operation. The report lands in the
# Boost header, where no NOLINT can go, so only that check is off, only for the file that runs
# the Asio coroutines. Every other check still applies to it.
asio_coroutines=server/http/server.cpp
asio_exemption='-clang-analyzer-core.NullDereference'
common=(-clang-tidy-binary "$(command -v "$clang_tidy")" -p "$build_dir" -quiet)
plain=() exempt=()
for unit in "${units[@]}"; do
  # Each unit is an anchored regex of its path (see list_units): compare with that spelling.
  if [[ $unit == *"/${asio_coroutines//./\\.}\$" ]]; then
    exempt+=("$unit")
  else
    plain+=("$unit")
  fi
done
echo "lint: $clang_tidy: ${#units[@]} translation units, $jobs at a time"
status=0
# The exempt file is the slowest unit (about two minutes): it starts first and runs beside the
# others, which keep every job slot, rather than after them.
if [[ ${#exempt[@]} -gt 0 ]]; then
  "$run_clang_tidy" "${common[@]}" -j 1 -checks="$asio_exemption" "${exempt[@]}" &
  exempt_run=$!
fi
if [[ ${#plain[@]} -gt 0 ]]; then
  "$run_clang_tidy" "${common[@]}" -j "$jobs" "${plain[@]}" || status=1
fi
if [[ -n ${exempt_run:-} ]]; then
  wait "$exempt_run" || status=1
fi
if [[ $status -ne 0 ]]; then
  echo "lint: clang-tidy: findings above" >&2
  exit 1
fi
echo "lint: clang-tidy: clean"
