#!/usr/bin/env python3
"""The layering check: every project #include must point down (or sideways within its layer).

The library's layers (src/) and the service's (server/) are written below as "a folder may
include these folders". Beside the service's folders are its vocabulary (error codes, time,
words: every layer may include them) and its top (the service, its routes, the store sync, the
administration), which may include any folder and which no folder includes. The CLI (cli/)
reaches the service only through service.hpp, admin.hpp, the configuration and the error codes.
A line that breaks a rule is printed with the rule, and the check fails.

usage: scripts/check_layers.py   (from anywhere; part of `make lint`)
"""

import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# folder -> the folders its files may include (their own folder is always allowed).
LIBRARY = {
    "detail": set(),
    "json": {"detail"},
    "jwa": {"detail"},
    "keys": {"jwa", "json", "detail"},
    "jws": {"keys", "jwa", "json", "detail"},
    "jwt": {"jws", "keys", "jwa", "json", "detail"},
    "jwks_client": {"detail"},
}
SERVICE = {
    "config": set(),
    "process": set(),
    "observability": {"config"},
    "password": {"observability", "config"},
    "http": {"password", "observability", "config"},
    "store": {"observability", "config"},
    "keys": {"store", "observability", "config"},
    "auth": {"http", "keys", "store", "password", "observability", "config"},
    "web": {"auth", "http", "keys", "store", "password", "observability", "config"},
    "oidc": {"web", "auth", "http", "keys", "store", "password", "observability", "config"},
}
# The files beside the service's folders that every layer may include.
SERVICE_VOCABULARY = {"error.hpp", "unix_time.hpp", "words.hpp", "published.hpp"}
# What the CLI may include from the service: the service, its administration, its
# configuration and its error codes.
CLI_ALLOWED = {"service.hpp", "admin.hpp", "config/config.hpp", "error.hpp"}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def sources(folder):
    for base, _, files in os.walk(os.path.join(ROOT, folder)):
        for name in sorted(files):
            if name.endswith((".cpp", ".hpp")):
                yield os.path.relpath(os.path.join(base, name), ROOT)


def includes(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            match = INCLUDE.match(line)
            if match:
                yield number, match.group(1)


def check_layered(top, rules, problems):
    for path in sources(top):
        parts = path.split(os.sep)
        layer = parts[1] if len(parts) > 2 else None  # None: a file beside the folders
        for number, target in includes(path):
            folder = target.split("/")[0] if "/" in target else None
            if folder not in rules:
                continue  # the file's own neighbours, generated headers, other trees
            if layer is None:
                continue  # the top may include every layer
            if folder != layer and folder not in rules.get(layer, set()):
                allowed = ", ".join(sorted(rules.get(layer, set()))) or "nothing"
                problems.append(f"{path}:{number}: includes {target}: {top}/{layer} may include "
                                f"only its own folder and {allowed}")


def service_top_files():
    return {name for name in os.listdir(os.path.join(ROOT, "server"))
            if name.endswith(".hpp") and name not in SERVICE_VOCABULARY}


def check_service_top(problems):
    top = service_top_files()
    for path in sources("server"):
        if len(path.split(os.sep)) == 2:
            continue  # the top itself
        for number, target in includes(path):
            if target in top:
                problems.append(f"{path}:{number}: includes {target}: the service's folders "
                                f"never include its top (only {', '.join(sorted(SERVICE_VOCABULARY))})")


def check_cli(problems):
    service_names = set(SERVICE) | service_top_files() | SERVICE_VOCABULARY
    for path in sources("cli"):
        for number, target in includes(path):
            head = target.split("/")[0]
            if head not in service_names or target in CLI_ALLOWED:
                continue
            problems.append(f"{path}:{number}: includes {target}: the CLI reaches the service "
                            f"through {', '.join(sorted(CLI_ALLOWED))}")


def main():
    problems = []
    check_layered("src", LIBRARY, problems)
    check_layered("server", SERVICE, problems)
    check_service_top(problems)
    check_cli(problems)
    for p in problems:
        print(p)
    if problems:
        print(f"check_layers: {len(problems)} include(s) point up", file=sys.stderr)
        return 1
    print("check_layers: every include points down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
