#!/usr/bin/env bash
# Builds the Debian packages (debian/) the Debian way, from a copy of the source tree in
# build/packages/src/tessera-VERSION: the files git tracks and the untracked ones it does not
# ignore, and a debian/changelog written from CHANGELOG.md (scripts/debian_changelog.py). There
# dpkg-buildpackage builds the binary packages, unsigned, with DEB_BUILD_OPTIONS "nocheck
# parallel=NPROC" unless the caller sets DEB_BUILD_OPTIONS. The .deb, .buildinfo and .changes
# files end in build/packages, and their names are printed. Writes nothing outside build/.
# usage: scripts/package.sh
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

version=$(sed -n 's/^project(tessera VERSION \([0-9][0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] || { echo "package: no project version in CMakeLists.txt" >&2; exit 1; }
out=build/packages
src="$out/src/tessera-$version"

rm -rf "$out/src"
mkdir -p "$src"
# Tracked files deleted from the working tree are listed too: copy only what exists.
git ls-files -co --exclude-standard -z |
  while IFS= read -r -d '' file; do
    if [ -e "$file" ] || [ -L "$file" ]; then printf '%s\0' "$file"; fi
  done |
  tar --null --files-from=- -cf - | tar -xf - -C "$src"

# The unreleased entry's date: the newest commit's, so that a rebuild of one commit gives the
# same packages.
if [ -z "${SOURCE_DATE_EPOCH-}" ]; then
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || date +%s)
  export SOURCE_DATE_EPOCH
fi
/usr/bin/python3 scripts/debian_changelog.py "$src"

export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS-nocheck parallel=$(nproc)}"
echo "package: dpkg-buildpackage in $src (DEB_BUILD_OPTIONS=\"$DEB_BUILD_OPTIONS\")"
(cd "$src" && dpkg-buildpackage -b -us -uc)

rm -f "$out"/*.deb "$out"/*.buildinfo "$out"/*.changes
shopt -s nullglob
built=("$out"/src/*.deb "$out"/src/*.buildinfo "$out"/src/*.changes)
[ "${#built[@]}" -gt 0 ] || { echo "package: dpkg-buildpackage left no packages" >&2; exit 1; }
mv "${built[@]}" "$out"/
for file in "${built[@]}"; do
  echo "$out/${file##*/}"
done
