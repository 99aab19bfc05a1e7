#!/usr/bin/env bash
# The installation as a system gets it: BUILD_DIR installed as configured into a staging
# directory (DESTDIR), then checked there.
#  - The systemd unit passes `systemd-analyze verify` (unit_verify.sh), and the configuration
#    file it names is installed.
#  - The installed binary serves with that configuration as it stands (serve_test.sh).
#  - There is a man page for the tool, the service, the configuration file and each command,
#    and every installed page renders without a warning (man_pages_test.sh).
#  - The installed bash completion completes (completion_test.sh).
# usage: tests/install/staging_test.sh BUILD_DIR
set -euo pipefail
build_dir=$1
here=$(cd "$(dirname "$0")" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# The one file under the stage whose path ends in PATTERN (a find -path pattern).
installed() {
  local found
  found=$(find "$stage" -path "*/$1" -print -quit)
  [ -n "$found" ] || { echo "staging: nothing installed as */$1" >&2; exit 1; }
  echo "$found"
}

DESTDIR="$stage" cmake --install "$build_dir" >/dev/null
tessera=$(installed bin/tessera)
library=$(installed 'libtessera.so.0.*')
export LD_LIBRARY_PATH="${library%/*}"
unit=$(installed systemd/system/tessera.service)
tessera_1=$(installed share/man/man1/tessera.1)
mandir=${tessera_1%/man1/tessera.1}
completion=$(installed bash-completion/completions/tessera)

config=$(sed -n 's/^ExecStart=.* --config \([^ ]*\).*/\1/p' "$unit")
[ -n "$config" ] || { echo "staging: the unit's ExecStart names no --config" >&2; exit 1; }
[ -f "$stage$config" ] || { echo "staging: the unit reads $config, not installed" >&2; exit 1; }

"$here/serve_test.sh" "$tessera" "$stage$config"
"$here/man_pages_test.sh" "$mandir" "$tessera"
"$here/completion_test.sh" "$completion"
# Last: it adds stubs to the stage.
"$here/unit_verify.sh" "$stage"
echo "staging: ok"
