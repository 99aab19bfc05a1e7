"""Builds tessera._core with CMake from this checkout: libtessera static and position-independent,
linked into the extension, so that the installed package needs only the system's runtime
libraries (OpenSSL, Boost.JSON). Metadata is in pyproject.toml; the version is the project's."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_DIR = PACKAGE_DIR.parent


def project_version() -> str:
    """The VERSION of the top-level CMake project."""
    text = (SOURCE_DIR / "CMakeLists.txt").read_text(encoding="utf-8")
    match = re.search(r"project\(tessera VERSION (\d+\.\d+\.\d+)", text)
    if match is None:
        raise RuntimeError("no project version in CMakeLists.txt")
    return match.group(1)


class CMakeExtension(Extension):
    """An extension whose sources CMake knows (python/CMakeLists.txt)."""

    def __init__(self, name: str, target: str) -> None:
        super().__init__(name, sources=[])
        self.target = target


class BuildWithCMake(build_ext):
    """Configures the project with only the library and the extension, builds the extension's
    target, and copies the module where setuptools expects it."""

    def build_extension(self, ext: Extension) -> None:
        assert isinstance(ext, CMakeExtension)
        build_dir = Path(self.build_temp).resolve() / "cmake"
        configure = [
            "cmake", "-S", str(SOURCE_DIR), "-B", str(build_dir), "-G", "Ninja",
            "-DCMAKE_BUILD_TYPE=Release",
            "-DBUILD_SHARED_LIBS=OFF",
            "-DCMAKE_POSITION_INDEPENDENT_CODE=ON",
            "-DTESSERA_BUILD_CLI=OFF",
            "-DTESSERA_BUILD_TESTS=OFF",
            "-DTESSERA_BUILD_BENCH=OFF",
            "-DTESSERA_BUILD_EXAMPLES=OFF",
            "-DTESSERA_BUILD_PYTHON=ON",
            f"-DPython3_EXECUTABLE={sys.executable}",
        ]
        subprocess.run(configure, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 1))
        subprocess.run(
            ["cmake", "--build", str(build_dir), "--target", ext.target, "-j", jobs], check=True)
        built = sorted((build_dir / "python" / "tessera").glob("_core*.so"))
        if not built:
            raise RuntimeError(f"CMake built no module in {build_dir / 'python' / 'tessera'}")
        destination = Path(self.get_ext_fullpath(ext.name))
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built[0], destination)


setup(
    version=project_version(),
    ext_modules=[CMakeExtension("tessera._core", target="tessera_python_core")],
    cmdclass={"build_ext": BuildWithCMake},
)
