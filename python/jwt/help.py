"""Environment report for bug reports: ``python -m jwt.help``.

Prints, as JSON, the platform, the Python implementation, and the versions of
``cryptography``, of this package (as the PyJWT version it stands in for) and
of the Tessera extension when it is importable.
"""

from __future__ import annotations

import json
import platform
import sys

from . import __version__ as pyjwt_version

try:
    import cryptography

    cryptography_version = cryptography.__version__
except ModuleNotFoundError:
    cryptography_version = ""


def _platform_info() -> dict[str, str]:
    """Operating system name and release; "Unknown" if they can't be read."""
    try:
        return {"system": platform.system(), "release": platform.release()}
    except OSError:
        return {"system": "Unknown", "release": "Unknown"}


def _implementation_version(implementation: str) -> str:
    """The interpreter's own version: CPython's is the Python version, PyPy's
    is its ``pypy_version_info`` (with the release level unless final)."""
    if implementation == "CPython":
        return platform.python_version()
    if implementation == "PyPy":
        info = sys.pypy_version_info  # type: ignore[attr-defined]
        version = f"{info.major}.{info.minor}.{info.micro}"
        if info.releaselevel != "final":
            version += info.releaselevel
        return version
    return "Unknown"


def _tessera_version() -> str | None:
    """The Tessera extension's version, or ``None`` if it isn't installed."""
    try:
        import tessera
    except ImportError:
        return None
    return str(tessera.__version__)


def info() -> dict[str, dict[str, str]]:
    """Collect the environment information for a bug report (the same keys
    as PyJWT's, plus ``tessera`` when the extension is importable)."""
    implementation = platform.python_implementation()
    report = {
        "platform": _platform_info(),
        "implementation": {
            "name": implementation,
            "version": _implementation_version(implementation),
        },
        "cryptography": {"version": cryptography_version},
        "pyjwt": {"version": pyjwt_version},
    }
    tessera_version = _tessera_version()
    if tessera_version is not None:
        report["tessera"] = {"version": tessera_version}
    return report


def main() -> None:
    """Print :func:`info` as indented JSON with sorted keys."""
    print(json.dumps(info(), sort_keys=True, indent=2))


if __name__ == "__main__":
    main()
