#!/usr/bin/env bash
# The users' path: a venv that sees Debian's packages, `pip install --no-build-isolation ./python`
# (which builds libtessera and the extension with CMake), then the installed `jwt` is this
# package's, shadows Debian's python3-jwt, and signs and verifies.
set -euo pipefail
source_dir="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 -m venv --system-site-packages "$work/venv"
"$work/venv/bin/pip" install --quiet --no-build-isolation --no-index "$source_dir/python"
cd "$work"
# The extension carries libtessera: only the system's libraries are left to load.
module="$(ls "$work"/venv/lib/python3*/site-packages/tessera/_core*.so)"
if ldd "$module" | grep -q libtessera; then
  echo "pip install: $module still needs a libtessera shared library" >&2
  exit 1
fi
"$work/venv/bin/python" - <<'PY'
import sys
import time

import jwt
import tessera

assert jwt.__file__.startswith(sys.prefix), f"jwt imported from {jwt.__file__}, not the venv"
assert getattr(jwt, "__tessera__", False), "Debian's python3-jwt shadows the package"
key = "k" * 32
token = jwt.encode({"sub": "user-1", "exp": int(time.time()) + 60}, key, algorithm="HS256")
assert jwt.decode(token, key, algorithms=["HS256"])["sub"] == "user-1"
assert jwt.decode.fallback is not None  # the fast path is in front
print(f"pip install: jwt {jwt.__version__} on libtessera {tessera.__version__}")
PY
