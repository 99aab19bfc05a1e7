#!/usr/bin/env bash
# Checks the man pages that the build made: tessera(1), tessera.toml(5), and a page for each
# command that `tessera --help` lists (tessera-serve(8) in section 8), each of which groff
# formats without a warning, every warning category on, as `man --warnings` asks.
# usage: tests/cli/man_pages_test.sh TESSERA MAN_DIR
set -uo pipefail
tessera=$1
man_dir=$2
failures=0
fail() {
  echo "man pages: $*"
  failures=$((failures + 1))
}

pages=(tessera.1 tessera.toml.5)
commands=$("$tessera" --help | sed -n '/^Subcommands:$/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$commands" ] || fail "no commands under 'Subcommands:' in tessera --help"
for command in $commands; do
  if [ "$command" = serve ]; then
    pages+=("tessera-$command.8")
  else
    pages+=("tessera-$command.1")
  fi
done

for page in "${pages[@]}"; do
  if [ ! -s "$man_dir/$page" ]; then
    fail "$page is missing"
    continue
  fi
  warnings=$(groff -ww -t -man -Tutf8 -z "$man_dir/$page" 2>&1)
  [ -z "$warnings" ] || fail "$page: $warnings"
  grep -Eq '^\.SH "?SEE ALSO' "$man_dir/$page" || fail "$page has no SEE ALSO"
done
grep -Fqx '.BR tessera\-serve (8),' "$man_dir/tessera.1" ||
  fail "tessera.1 does not refer to tessera-serve(8)"

if [ "$failures" -ne 0 ]; then
  echo "man pages: $failures check(s) failed"
  exit 1
fi
echo "man pages: ${#pages[@]} pages, no warnings"
