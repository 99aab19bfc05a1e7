#!/usr/bin/env python3
"""The documentation check: every public symbol of include/tessera has a `///` comment.

Runs doxygen with docs/Doxyfile, writing XML instead of HTML into a temporary directory, and
fails, listing what to fix, on
  - any doxygen warning: an undocumented class, function, member or typedef (EXTRACT_ALL = NO,
    WARN_IF_UNDOCUMENTED = YES), or a comment doxygen cannot read (an unknown command);
  - an undocumented enumerator or namespace, which doxygen 1.9.4 (Debian 12) does not warn
    about: its WARN_IF_UNDOC_ENUM_VAL came later, and the members of an undocumented namespace
    are not warned about either. These are read from the XML.

usage: scripts/check_docs.py   (from anywhere; part of `make lint`; `make docs` builds the HTML)
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOXYFILE = "docs/Doxyfile"


def run_doxygen(out_dir):
    """Runs doxygen on the project's Doxyfile with XML output in out_dir; returns the log path."""
    log = os.path.join(out_dir, "warnings.log")
    # Later settings override the included ones.
    config = "\n".join([
        f"@INCLUDE = {DOXYFILE}",
        f'OUTPUT_DIRECTORY = "{out_dir}"',
        "GENERATE_HTML = NO",
        "GENERATE_XML = YES",
        f'WARN_LOGFILE = "{log}"',
        # Locations in the XML relative to the root (include/tessera/...), as in the warnings.
        f'STRIP_FROM_PATH = "{ROOT}"',
        "",
    ])
    done = subprocess.run(["doxygen", "-"], input=config, cwd=ROOT, text=True,
                          capture_output=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        print(f"check_docs: doxygen failed (exit {done.returncode})", file=sys.stderr)
        sys.exit(2)
    return log


def warnings(log):
    """The doxygen warnings, once each (a continuation line stays with its warning)."""
    entries = []
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if line[0].isspace() and entries:
                entries[-1] += "\n" + line
            else:
                entries.append(line)
    prefix = ROOT + os.sep
    seen = []
    for entry in entries:
        entry = entry.replace(prefix, "")
        if entry not in seen:
            seen.append(entry)
    return seen


def documented(element):
    return any(
        "".join(element.find(tag).itertext()).strip()
        for tag in ("briefdescription", "detaileddescription")
        if element.find(tag) is not None)


def where(element, enumerator=None):
    """file:line of a member or compound; of `enumerator` if given (the XML locates its enum)."""
    location = element.find("location")
    if location is None:
        return "include/tessera"
    path, line = location.get("file"), int(location.get("line", "0"))
    if enumerator is not None:
        pattern = re.compile(r"^\s*" + re.escape(enumerator) + r"\b")
        try:
            with open(os.path.join(ROOT, path), encoding="utf-8") as f:
                lines = f.read().splitlines()
        except OSError:
            lines = []
        line = next((n for n in range(max(line, 1), len(lines) + 1)
                     if pattern.match(lines[n - 1])), line)
    return f"{path}:{line}"


def undocumented_in_xml(xml_dir):
    """Namespaces and enumerators of tessera without a comment, which doxygen does not warn of."""
    problems = []
    seen_enums = set()
    for name in sorted(os.listdir(xml_dir)):
        if not name.endswith(".xml") or name == "index.xml":
            continue
        root = ET.parse(os.path.join(xml_dir, name)).getroot()
        for compound in root.iter("compounddef"):
            qualified = compound.findtext("compoundname", "")
            if compound.get("kind") == "file" or not qualified.startswith("tessera"):
                continue
            if compound.get("kind") == "namespace" and not documented(compound):
                problems.append(f"{where(compound)}: namespace {qualified} is not documented")
            for enum in compound.iter("memberdef"):
                if enum.get("kind") != "enum" or enum.get("prot") == "private":
                    continue
                if enum.get("id") in seen_enums:
                    continue
                seen_enums.add(enum.get("id"))
                for value in enum.iter("enumvalue"):
                    if not documented(value):
                        problems.append(
                            f"{where(enum, value.findtext('name'))}: enumerator {qualified}::"
                            f"{enum.findtext('name')}::{value.findtext('name')} is not documented")
    return problems


def main():
    if shutil.which("doxygen") is None:
        print("check_docs: no doxygen; install it (scripts/setup.sh, `make setup`)",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="tessera-docs-") as out_dir:
        problems = warnings(run_doxygen(out_dir))
        problems += undocumented_in_xml(os.path.join(out_dir, "xml"))
    for p in problems:
        print(p)
    if problems:
        print(f"check_docs: {len(problems)} problem(s) in the public headers' comments: every "
              f"public symbol needs a `///` comment (see {DOXYFILE})", file=sys.stderr)
        return 1
    print("check_docs: every public symbol of include/tessera is documented")
    return 0


if __name__ == "__main__":
    sys.exit(main())
