#!/usr/bin/env bash
# Installs every Debian package that building, testing and benchmarking Tessera needs.
# Idempotent: when everything is already installed it changes nothing and returns quickly.
# Runs as root, or through sudo when it is available.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libssl-dev libcurl4-openssl-dev
  libboost1.81-dev libboost-json1.81-dev
  libcli11-dev
  libsqlite3-dev libsodium-dev libtomlplusplus-dev libpq-dev postgresql
  libgtest-dev libgmock-dev libbenchmark-dev
  # The JWT floor of the library benchmark reads JSON with simdjson (bench/jwt_floor_bench.cpp)
  libsimdjson-dev
  python3 python3-jwt python3-jwcrypto python3-cryptography python3-requests curl openssl openssh-client wrk
  # Real OAuth clients for the interop tests of the service
  python3-requests-oauthlib python3-authlib
  # The Python package (python/): its extension's build, its venv, its tests (FastAPI's
  # TestClient runs on httpx)
  python3-dev python3-venv python3-setuptools python3-wheel python3-pip python3-pytest
  python3-hypothesis python3-httpx
  # The browser face's tests: headless Chromium driven by Selenium (tests/browser)
  chromium chromium-driver python3-selenium fonts-liberation
  clang-format
  # The service's readiness and reload notices to systemd (sd_notify)
  libsystemd-dev
  # Man pages made at build time from the CLI's help and the docs, the bash completion's test,
  # and the Debian packages (make package) and their checks
  help2man pandoc bash-completion debhelper dh-python lintian
  # The symbol reference from the headers' comments (make docs), checked complete by make lint
  doxygen
  # Peers and the FastAPI reference app for the benchmarks (bench/), plots
  libjwt-dev libcpp-jwt-dev libpoco-dev python3-fastapi python3-uvicorn python3-matplotlib
  # Fuzzing, ThreadSanitizer and static checks (clang-19 compiles libstdc++ 12's <expected>)
  clang-19 libclang-rt-19-dev libfuzzer-19-dev llvm-19 clang-tidy-19
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "setup: missing packages (${missing[*]}) and not root; install them or run with sudo" >&2
    exit 2
  fi
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
