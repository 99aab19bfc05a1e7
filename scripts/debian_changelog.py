#!/usr/bin/env python3
"""Writes debian/changelog from CHANGELOG.md (Keep a Changelog), so that the project keeps one
changelog. One entry per released version (``## [X.Y.Z] - YYYY-MM-DD``), newest first, and one
for ``## [Unreleased]`` with the version of CMakeLists.txt when it has any change. Each entry
holds the ``###`` headings and their top-level bullets, wrapped at 80 columns: ``####`` headings
prefix their bullets, a bullet that ends with a colon keeps its own list run in, and deeper
lists and further paragraphs are left out.

The distribution is ``unstable`` for every entry, the unreleased one included: with
``UNRELEASED`` lintian reports ``unreleased-changes``, an error, on the .changes file, and these
packages are built to be installed, not uploaded. The maintainer is debian/control's.

usage: scripts/debian_changelog.py [SOURCE_DIR] [-o FILE]
(SOURCE_DIR defaults to the current directory, FILE to SOURCE_DIR/debian/changelog; - is stdout)
"""

import argparse
import email.utils
import os
import re
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

WIDTH = 80
DISTRIBUTION = "unstable"


@dataclass
class Section:
    """A ``###`` heading of one release and the bullets under it."""

    heading: str
    bullets: list[str] = field(default_factory=list)


@dataclass
class Release:
    """A ``##`` section of CHANGELOG.md: a version and its date, or Unreleased."""

    version: str | None
    date: str | None
    sections: list[Section] = field(default_factory=list)


def plain(text: str) -> str:
    """Markdown inline markup as plain text: links keep their text, code and emphasis lose
    their marks."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = text.replace("`", "")
    text = re.sub(r"\*\*([^*]+)\*\*", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def parse_changelog(text: str) -> list[Release]:
    """The releases of a Keep a Changelog file, in its order (newest first)."""
    releases: list[Release] = []
    release: Release | None = None
    section: Section | None = None
    group = ""  # the current #### heading
    bullet: list[str] | None = None  # the first paragraph of the current top-level bullet
    nested: list[list[str]] = []  # its own list, when it introduces one
    state = "done"  # where the next line goes: "text", "nested", "deeper" or "done"

    def end_bullet() -> None:
        nonlocal bullet, state
        if bullet is not None and section is not None:
            item = plain(" ".join(bullet))
            # A bullet that introduces a list ("Keys:") keeps that list, run in.
            if item.endswith(":") and nested:
                item += " " + " ".join(plain(" ".join(n)) for n in nested)
            item = item.rstrip(":")
            section.bullets.append(f"{group}: {item}" if group else item)
        bullet, state = None, "done"
        nested.clear()

    for line in text.splitlines():
        heading = re.match(r"^(#{2,4}) +(.*?)\s*$", line)
        if heading:
            end_bullet()
            level, title = len(heading.group(1)), heading.group(2)
            if level == 2:
                released = re.match(r"^\[(\d+\.\d+\.\d+)\] +- +(\d{4}-\d{2}-\d{2})$", title)
                if released:
                    release = Release(released.group(1), released.group(2))
                elif title.lower() == "[unreleased]":
                    release = Release(None, None)
                else:
                    release = None
                if release is not None:
                    releases.append(release)
                section, group = None, ""
            elif level == 3 and release is not None:
                section = Section(plain(title))
                release.sections.append(section)
                group = ""
            elif level == 4:
                group = plain(title)
            continue
        if section is None:
            continue
        indent = len(line) - len(line.lstrip(" "))
        is_item = line.lstrip(" ").startswith("- ")
        if indent == 0 and is_item:
            end_bullet()
            bullet, state = [line[2:]], "text"
        elif state == "done" or not line.strip():
            state = "done"  # a blank line ends the bullet's first paragraph and its list
        elif indent == 2 and is_item:
            nested.append([line[4:]])
            state = "nested"
        elif is_item:
            state = "deeper"  # a list inside the nested one: left out
        elif state == "text" and indent >= 2:
            bullet.append(line)
        elif state == "nested" and indent >= 4:
            nested[-1].append(line)
        elif state != "deeper":
            state = "done"
    end_bullet()
    return releases


def project_version(cmake_lists: str) -> str:
    """The VERSION of the top-level project() in CMakeLists.txt."""
    match = re.search(r"project\(\s*tessera\s+VERSION\s+(\d+\.\d+\.\d+)", cmake_lists)
    if match is None:
        raise SystemExit("debian_changelog: no project(tessera VERSION X.Y.Z) in CMakeLists.txt")
    return match.group(1)


def control_field(control: str, name: str) -> str:
    """A field of the source paragraph of debian/control."""
    match = re.search(rf"^{name}:\s*(.+)$", control, re.MULTILINE)
    if match is None:
        raise SystemExit(f"debian_changelog: no {name} in debian/control")
    return match.group(1).strip()


def unreleased_timestamp(source_dir: Path) -> int:
    """SOURCE_DATE_EPOCH, else the newest commit's time, else now."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "-C", str(source_dir), "log", "-1", "--format=%ct"],
                             capture_output=True, text=True, check=True).stdout.strip()
        if out:
            return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        pass
    return int(time.time())


def rfc2822(timestamp: int) -> str:
    """A date as debian/changelog writes it: ``Mon, 07 Dec 2026 10:00:00 +0000``."""
    return email.utils.format_datetime(datetime.fromtimestamp(timestamp, timezone.utc))


def entry(package: str, version: str, maintainer: str, date: str, release: Release) -> str:
    """One debian/changelog entry."""
    lines = [f"{package} ({version}) {DISTRIBUTION}; urgency=medium", ""]
    for section in release.sections:
        if not section.bullets:
            continue
        lines.append(f"  * {section.heading}:")
        for bullet in section.bullets:
            lines.extend(textwrap.wrap(bullet, WIDTH, initial_indent="    - ",
                                       subsequent_indent="      ", break_long_words=False,
                                       break_on_hyphens=False))
    if len(lines) == 2:
        lines.append("  * No notable changes.")
    lines += ["", f" -- {maintainer}  {date}", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source_dir", nargs="?", default=".", type=Path)
    parser.add_argument("-o", "--output", help="file to write (- for stdout)")
    args = parser.parse_args()
    source_dir: Path = args.source_dir

    releases = parse_changelog((source_dir / "CHANGELOG.md").read_text(encoding="utf-8"))
    version = project_version((source_dir / "CMakeLists.txt").read_text(encoding="utf-8"))
    control = (source_dir / "debian" / "control").read_text(encoding="utf-8")
    package, maintainer = control_field(control, "Source"), control_field(control, "Maintainer")

    released = {r.version for r in releases if r.version is not None}
    entries = []
    for release in releases:
        if release.version is None:
            if not any(s.bullets for s in release.sections):
                continue  # nothing since the last release
            # A version that is already released gets a suffix that sorts after it.
            this = version if version not in released else f"{version}+unreleased"
            date = rfc2822(unreleased_timestamp(source_dir))
        else:
            this = release.version
            date = rfc2822(int(datetime.fromisoformat(release.date)
                               .replace(tzinfo=timezone.utc).timestamp()))
        entries.append(entry(package, this, maintainer, date, release))
    if not entries:
        raise SystemExit("debian_changelog: CHANGELOG.md has no release and no unreleased change")

    text = "\n".join(entries)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        output = Path(args.output) if args.output else source_dir / "debian" / "changelog"
        output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
