"""Debian's PyJWT 2.6.0 (python3-jwt), loaded beside this package's ``jwt`` under the name
``pyjwt26``, for the tests that compare the two. Loaded once per process."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import jwt

DEBIAN_PYJWT = "/usr/lib/python3/dist-packages/jwt"


def load_pyjwt26() -> ModuleType:
    """The reference module; the process's ``jwt`` stays this package's."""
    name = "pyjwt26"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, f"{DEBIAN_PYJWT}/__init__.py", submodule_search_locations=[DEBIAN_PYJWT]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    assert module.__version__ == "2.6.0", module.__version__
    assert getattr(jwt, "__tessera__", False), jwt.__file__
    return module
