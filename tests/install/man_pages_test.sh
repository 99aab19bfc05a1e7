#!/usr/bin/env bash
# The installed man pages under MANDIR (a share/man directory): every page renders with
# `man --warnings` and nothing on stderr, and, given the installed tool, there is a page for
# it, for the service (section 8), for its configuration file (section 5) and for each command
# its --help lists. An installed binary finds its libraries through LD_LIBRARY_PATH, which the
# caller sets.
# usage: tests/install/man_pages_test.sh MANDIR [TESSERA]
set -euo pipefail
mandir=$1
tessera=${2-}
err=$(mktemp)
trap 'rm -f "$err"' EXIT

if [ -n "$tessera" ]; then
  expected=(man1/tessera.1 man8/tessera-serve.8 man5/tessera.toml.5)
  for command in $("$tessera" --help | awk '/^Subcommands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }'); do
    [ "$command" = serve ] || expected+=("man1/tessera-$command.1")
  done
  for page in "${expected[@]}"; do
    # compressed in a package (dh_compress), plain from cmake --install
    [ -f "$mandir/$page" ] || [ -f "$mandir/$page.gz" ] || { echo "man: no page $page" >&2; exit 1; }
  done
  echo "man: the ${#expected[@]} expected pages are there"
fi

pages=0
while IFS= read -r page; do
  if ! LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" >/dev/null 2>"$err" || [ -s "$err" ]; then
    cat "$err" >&2
    echo "man: man --warnings -l $page" >&2
    exit 1
  fi
  pages=$((pages + 1))
done < <(find "$mandir" -type f -path '*/man[0-9]/*')
[ "$pages" -gt 0 ] || { echo "man: no pages under $mandir" >&2; exit 1; }
echo "man: $pages pages render without warnings"
