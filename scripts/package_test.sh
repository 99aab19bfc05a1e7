#!/usr/bin/env bash
# The package test (make test-package): builds the Debian packages (scripts/package.sh), or
# takes the .deb files given, and checks them.
#  - lintian finds no error (its warnings are printed), on the .changes file when there is one;
#  - unpacked together into a temporary root (dpkg-deb -x), the packaged tool runs from there
#    (LD_LIBRARY_PATH at the unpacked libraries) and reports the project's version;
#  - the packaged service starts with the packaged /etc/tessera/tessera.toml as it stands (only
#    the listen address and the data directory overridden through the environment), answers
#    /healthz and exits 0 on SIGTERM;
#  - Debian's python3 imports the packaged jwt and tessera, and the extension, from the root;
#  - the man pages are all there and render without warnings, the bash completion completes,
#    and the unit passes systemd-analyze verify.
# Each check runs, and a summary lists them; the exit status is 1 if any failed.
# usage: scripts/package_test.sh [PACKAGE.deb...]
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
install_tests="$top/tests/install"
version=$(sed -n 's/^project(tessera VERSION \([0-9][0-9.]*\).*/\1/p' "$top/CMakeLists.txt")

if [ "$#" -gt 0 ]; then
  debs=("$@")
  changes=()
else
  bash "$top/scripts/package.sh" || { echo "package test: scripts/package.sh failed" >&2; exit 1; }
  shopt -s nullglob
  debs=("$top"/build/packages/*.deb)
  changes=("$top"/build/packages/*.changes)
  shopt -u nullglob
fi
[ "${#debs[@]}" -gt 0 ] || { echo "package test: no .deb files" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
passed=()
failed=()
# check NAME COMMAND...: runs it, its output shown, and records the outcome.
check() {
  local name=$1
  shift
  echo "== $name"
  if "$@"; then passed+=("$name"); else failed+=("$name"); fi
}

lint() {
  if [ "${#changes[@]}" -gt 0 ]; then
    lintian --fail-on error "${changes[@]}"
  else
    lintian --fail-on error "${debs[@]}"
  fi
}
check "lintian: no errors" lint

for deb in "${debs[@]}"; do
  dpkg-deb -x "$deb" "$root" || { echo "package test: cannot unpack $deb" >&2; exit 1; }
done
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
export LD_LIBRARY_PATH="$root/usr/lib/$multiarch"
tessera="$root/usr/bin/tessera"

reports_version() {
  local out
  out=$("$tessera" --version) || return 1
  echo "$out"
  [[ "$out" == *" $version" ]] || { echo "expected version $version" >&2; return 1; }
}
check "tessera --version: $version" reports_version

check "tessera serve with the packaged configuration" \
  "$install_tests/serve_test.sh" "$tessera" "$root/etc/tessera/tessera.toml"

imports() {
  PYTHONPATH="$root/usr/lib/python3/dist-packages" PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -c '
import sys
import jwt
import tessera
import tessera._core

root = sys.argv[1]
for module in (jwt, tessera, tessera._core):
    if not module.__file__.startswith(root):
        sys.exit(f"{module.__name__} comes from {module.__file__}, not the package")
if not getattr(jwt, "__tessera__", False):
    sys.exit("jwt is not the packaged one")
print(f"jwt {jwt.__version__} and tessera from the package")
' "$root/"
}
check "python3 imports jwt and tessera" imports

check "man pages" "$install_tests/man_pages_test.sh" "$root/usr/share/man" "$tessera"
check "bash completion" \
  "$install_tests/completion_test.sh" "$root/usr/share/bash-completion/completions/tessera"
# Last: it adds stubs to the root.
check "systemd-analyze verify tessera.service" "$install_tests/unit_verify.sh" "$root"

echo
echo "package test: ${#debs[@]} packages, ${#passed[@]} checks passed, ${#failed[@]} failed"
for name in "${passed[@]}"; do echo "  ok    $name"; done
for name in "${failed[@]}"; do echo "  FAIL  $name"; done
[ "${#failed[@]}" -eq 0 ]
