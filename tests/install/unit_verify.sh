#!/usr/bin/env bash
# `systemd-analyze verify` on the tessera.service installed under ROOT (a staging directory or
# unpacked packages), as if ROOT were /: the unit's syntax, that its ExecStart is the binary
# installed under ROOT, and that the man pages of its Documentation= are installed under ROOT.
# systemd 252's `verify --root=ROOT` reads units from ROOT's unit directories only, so ROOT
# also needs sysinit.target (every service's default dependency) and /bin/kill (ExecReload):
# this adds stubs of both to ROOT, which must therefore be a throwaway copy. The man pages are
# looked up by man(1), through MANPATH. verify reports unknown keys and bad values and still
# exits 0: any output is a failure.
# usage: tests/install/unit_verify.sh ROOT
set -euo pipefail
root=$(realpath "$1")

unit=$(find "$root" -path '*/systemd/system/tessera.service' -print -quit)
[ -n "$unit" ] || { echo "unit: no systemd/system/tessera.service under $root" >&2; exit 1; }
case "${unit#"$root"}" in
  /etc/systemd/system/* | /lib/systemd/system/* | /usr/lib/systemd/system/* | \
    /usr/local/lib/systemd/system/*) ;;
  *) # a prefix systemd does not search: verify a copy where it does
    mkdir -p "$root/etc/systemd/system"
    cp "$unit" "$root/etc/systemd/system/tessera.service" ;;
esac

mkdir -p "$root/lib/systemd/system" "$root/bin"
[ -e "$root/lib/systemd/system/sysinit.target" ] ||
  printf '[Unit]\nDescription=System Initialization\n' >"$root/lib/systemd/system/sysinit.target"
[ -e "$root/bin/kill" ] || { printf '#!/bin/sh\n' >"$root/bin/kill"; chmod 755 "$root/bin/kill"; }

manpath=$(find "$root" -type d -path '*/share/man' | paste -sd:)
[ -n "$manpath" ] || { echo "unit: no share/man under $root" >&2; exit 1; }

if ! output=$(MANPATH="$manpath" systemd-analyze verify --root="$root" tessera.service 2>&1) ||
  [ -n "$output" ]; then
  echo "unit: systemd-analyze verify ${unit#"$root"}:" >&2
  echo "$output" >&2
  exit 1
fi
echo "unit: systemd-analyze verify ${unit#"$root"}: ok"
