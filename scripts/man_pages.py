#!/usr/bin/env python3
"""The man pages and the bash completion script of `tessera`, made from the binary at build time.

Writes, in BUILD_DIR:
  man/tessera.1           `tessera --help` through help2man, with a COMMANDS section;
  man/tessera-COMMAND.1   each command that `tessera --help` lists (`serve` is
                          tessera-serve.8, system administration); a command with subcommands
                          (user, keys, jwk, client) describes each of them in COMMANDS;
  man/tessera.toml.5      the "Configuration" section of docs/SERVICE.md through pandoc, its
                          tables as definition lists (three columns of long cells wrap badly
                          in a terminal);
  completion/tessera      `tessera completion bash`.
Everything comes from the binary's --help and the docs, so a new command or option needs no
edit here. The man directory is emptied first: a removed command leaves no page behind.

CLI11 2.1 lays its help out in a fixed way, which this script reads: the description, then
"Usage: ...", then groups ("Positionals:", "Options:", "Subcommands:", named option groups),
each entry a name padded to column 30 and its description, and last the footer. help2man
makes NAME, DESCRIPTION (the description and the footer's prose) and OPTIONS; the synopsis,
the commands, the examples (verbatim, as --help prints them) and SEE ALSO are made here and
given to help2man as an --include file.

usage: scripts/man_pages.py --tessera BIN --help2man PATH --pandoc PATH --version X.Y.Z
                            --service-md docs/SERVICE.md --build-dir DIR [--stamp FILE]
"""

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

# CLI11's column: an entry's description starts here, or on the next line, indented so, when
# the name is too long.
COLUMN = 30
# The commands for system administrators rather than users (section 8).
SECTION_8 = {"serve"}
MANUAL = "Tessera Manual"
CONFIG_FILE = "/etc/tessera/tessera.toml"
# The sections this script gives help2man.
SECTIONS = {"[SYNOPSIS]", "[COMMANDS]", "[FILES]", "[EXAMPLES]", "[SEE ALSO]"}


@dataclass
class Entry:
    """An option, a positional argument or a subcommand, as --help lists it."""

    name: str  # "-h,--help", "--alg ALG REQUIRED", "CLAIMS_JSON TEXT", "encode"
    description: list = field(default_factory=list)


@dataclass
class Group:
    heading: str  # "Options", "Positionals", "Subcommands", "Key (exactly one)", ...
    entries: list


@dataclass
class Help:
    description: str
    usage: str  # "tessera encode [OPTIONS] [CLAIMS_JSON]"
    groups: list
    footer: list  # lines

    def group(self, heading):
        return next((g for g in self.groups if g.heading == heading), None)

    def subcommands(self):
        group = self.group("Subcommands")
        return [e.name for e in group.entries] if group else []

    def option_names(self):
        return {name for g in self.groups if g.heading != "Subcommands" for e in g.entries
                for name in re.split(r"[, ]", e.name) if name.startswith("-")}


@dataclass
class Command:
    path: list  # ["tessera", "user", "add"]
    help: Help
    children: list = field(default_factory=list)

    def name(self):
        return " ".join(self.path)


# Reading CLI11's help.

def parse_entries(lines, i):
    """The entries of a group starting at lines[i]; (entries, next index), or None where the
    lines are not laid out as CLI11 lays out entries (an example under "Examples:", say)."""
    entries = []
    while i < len(lines) and lines[i].startswith("  "):
        line = lines[i]
        if line.startswith(" " * COLUMN):
            if not entries:
                return None
            entries[-1].description.append(line[COLUMN:])
        elif line[2] == " " or len(line) < COLUMN:
            return None
        elif line[:COLUMN].endswith(" ") and len(line) > COLUMN:
            entries.append(Entry(line[:COLUMN].strip(), [line[COLUMN:]]))
        elif len(line) == COLUMN or (i + 1 < len(lines) and lines[i + 1].startswith(" " * COLUMN)):
            # Padded with no description, or too long for the column (the description follows).
            entries.append(Entry(line.strip(), []))
        else:
            return None
        i += 1
    return (entries, i) if entries else None


def parse_help(text):
    lines = text.rstrip("\n").split("\n")
    usage_at = next(i for i, line in enumerate(lines) if line.startswith("Usage: "))
    description = " ".join(line.strip() for line in lines[:usage_at]).strip()
    usage = lines[usage_at][len("Usage: "):].strip()
    groups = []
    i = usage_at + 1
    while True:
        j = i
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j >= len(lines) or not re.match(r"^\S.*:$", lines[j]) or \
                re.match(r"^Examples?:$", lines[j]):
            break
        parsed = parse_entries(lines, j + 1)
        if parsed is None:
            break
        entries, i = parsed
        groups.append(Group(lines[j][:-1], entries))
    footer = lines[i:]
    while footer and not footer[0].strip():
        footer.pop(0)
    while footer and not footer[-1].strip():
        footer.pop()
    return Help(description, usage, groups, footer)


def split_footer(footer):
    """(prose lines, example lines): "Examples:" and the indented lines under it, and
    "Example: COMMAND", are examples; the rest is prose."""
    prose, examples = [], []
    i = 0
    while i < len(footer):
        line = footer[i]
        i += 1
        m = re.match(r"^(\S.*?)?\s*\bExamples?:\s*(.*)$", line)
        if not m:
            prose.append(line)
            continue
        if m.group(1):
            prose.append(m.group(1))
        if m.group(2):
            examples.append(m.group(2))
        while i < len(footer) and footer[i].startswith("  "):
            examples.append(footer[i][2:])
            i += 1
    return prose, examples


def run_help(tessera, path):
    result = subprocess.run([tessera, *path[1:], "--help"], capture_output=True,
                            encoding="utf-8")
    if result.returncode != 0:
        sys.exit(f"man_pages: `{' '.join(path)} --help` failed ({result.returncode}): "
                 f"{result.stderr.strip()}")
    return parse_help(result.stdout)


def load(tessera, path):
    command = Command(path, run_help(tessera, path))
    for name in command.help.subcommands():
        command.children.append(load(tessera, path + [name]))
    return command


# Writing roff.

OPTION = re.compile(r"(?<![\w/.-])(--?[A-Za-z][A-Za-z0-9-]*)")


def escape(text):
    return text.replace("\\", "\\e").replace("-", "\\-")


def protect(line):
    """A line that roff would read as a request if it began with . or '."""
    return "\\&" + line if line.startswith((".", "'")) else line


def roff_text(text):
    """Text with options in bold, as help2man sets them."""
    out, pos = [], 0
    for m in OPTION.finditer(text):
        out.append(escape(text[pos:m.start()]))
        out.append("\\fB" + escape(m.group(1)) + "\\fR")
        pos = m.end()
    out.append(escape(text[pos:]))
    return protect("".join(out))


def roff_paragraphs(lines):
    """Prose: lines joined into paragraphs at blank lines."""
    out, paragraph = [], []
    for line in lines + [""]:
        if line.strip():
            paragraph.append(line.strip())
        elif paragraph:
            out += [".PP", roff_text(" ".join(paragraph))]
            paragraph = []
    return out


def roff_examples(examples):
    """Examples verbatim, line breaks and continuation backslashes as --help prints them."""
    if not examples:
        return []
    return [".PP", ".RS 4", ".nf"] + [protect(escape(line)) for line in examples] + [".fi", ".RE"]


def roff_synopsis(command):
    rest = command.help.usage[len(command.name()):].strip()
    rest = re.sub(r"[A-Z][A-Z0-9_]*", lambda m: "\\fI" + m.group(0) + "\\fR", escape(rest))
    return [".B " + escape(command.name()), rest]


def roff_entry_name(entry, heading):
    """An entry's tag: option names bold and the type italic; an argument's name italic."""
    name, _, rest = entry.name.partition(" ")
    if heading == "Subcommands":
        return "\\fB" + escape(entry.name) + "\\fR"
    if heading == "Positionals":
        return "\\fI" + escape(name) + "\\fR" + (" " + escape(rest) if rest else "")
    names = ", ".join("\\fB" + escape(n) + "\\fR" for n in name.split(","))
    if not rest:
        return names
    kind, _, more = rest.partition(" ")
    return names + " \\fI" + escape(kind) + "\\fR" + (" " + escape(more) if more else "")


def roff_entries(group):
    out = []
    for entry in group.entries:
        if entry.name == "-h,--help":
            continue
        out += [".TP", roff_entry_name(entry, group.heading)]
        out += [roff_text(line) for line in entry.description] or ["\\&"]
    return out


def leaves(command):
    if not command.children:
        return [command]
    return [leaf for child in command.children for leaf in leaves(child)]


def roff_command_section(command, inherited_footers):
    """A subcommand in the COMMANDS section: its usage as the heading, then its description,
    arguments, options and examples; then its own subcommands."""
    info = command.help
    out = [".SS " + '"' + escape(info.usage) + '"', roff_text(info.description)]
    prose, examples = split_footer(info.footer)
    if info.footer in inherited_footers:
        prose, examples = [], []
    out += roff_paragraphs(prose)
    for group in info.groups:
        if group.heading == "Subcommands":
            continue
        entries = roff_entries(group)
        if not entries:
            continue
        if group.heading not in ("Options", "Positionals"):
            out += [".PP", "\\fI" + escape(group.heading) + ":\\fR"]
        out += entries
    if examples:
        out += [".PP", "Examples:"] + roff_examples(examples)
    for child in command.children:
        out += roff_command_section(child, inherited_footers + [info.footer])
    return out


def help2man_text(info):
    """What help2man reads: the description and the footer's prose (DESCRIPTION), the
    arguments, and the option groups (OPTIONS), laid out as help2man expects."""
    prose, _ = split_footer(info.footer)
    out = [info.description, ""]
    if prose:
        out += prose + [""]
    for group in info.groups:
        if group.heading == "Subcommands":
            continue
        out.append(("Arguments" if group.heading == "Positionals" else group.heading) + ":")
        for entry in group.entries:
            # help2man sets "-h, --help" in bold, not "-h,--help".
            name = re.sub(r",(?=-)", ", ", entry.name)
            description = entry.description or [""]
            if len(name) + 4 <= COLUMN:
                out.append(("  " + name).ljust(COLUMN) + description[0])
            else:
                out += ["  " + name, " " * COLUMN + description[0]]
            out += [" " * COLUMN + line for line in description[1:]]
        out.append("")
    return "\n".join(out) + "\n"


def page_name(path):
    """("tessera-encode", "1") for ["tessera", "encode"]."""
    name = "-".join(path)
    return name, "8" if len(path) > 1 and path[1] in SECTION_8 else "1"


def short_description(description):
    """The NAME line's text: the description up to its first ": " or "; ", and in lower case
    unless it begins with an acronym ("JSON Web Keys")."""
    text = re.split(r"[:;] ", description, maxsplit=1)[0].rstrip(".")
    if len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def see_also(pages):
    return [".BR " + escape(name) + " (" + section + ")" + ("," if i + 1 < len(pages) else "")
            for i, (name, section) in enumerate(pages)]


def write_page(args, command, out_dir, work_dir, root):
    name, section = page_name(command.path)
    info = command.help
    is_root = len(command.path) == 1
    if not is_root and info.footer == root.help.footer:
        # CLI11 gives a subcommand its parent's footer when it has none of its own; the root's
        # is about tessera as a whole, and is on tessera(1).
        info = Help(info.description, info.usage, info.groups, [])

    include = ["[SYNOPSIS]"]
    for i, leaf in enumerate([command] if is_root else leaves(command)):
        include += ([".br"] if i else []) + roff_synopsis(leaf)

    if command.children:
        include.append("[COMMANDS]")
        if is_root:
            for child in command.children:
                include += [".TP", "\\fB" + escape(child.path[-1]) + "\\fR",
                            roff_text(child.help.description)]
        else:
            for child in command.children:
                include += roff_command_section(child, [info.footer, root.help.footer])

    uses_config = not is_root and any("--config" in c.help.option_names()
                                      for c in [command] + leaves(command))
    if uses_config:
        include += ["[FILES]", ".TP", ".I " + escape(CONFIG_FILE),
                    "The configuration file of a packaged installation, given with "
                    "\\fB\\-\\-config\\fR; see \\fBtessera.toml\\fR(5)."]

    _, examples = split_footer(info.footer)
    if examples:
        include += ["[EXAMPLES]"] + roff_examples(examples)[1:]

    if is_root:
        related = [page_name(child.path) for child in command.children]
    else:
        related = [("tessera", "1")]
        if uses_config and name != "tessera-serve":
            related.append(("tessera-serve", "8"))
    if is_root or uses_config:
        related.append(("tessera.toml", "5"))
    include += ["[SEE ALSO]"] + see_also(related)

    # help2man runs PROGRAM --help; the program is a script named as the page (NAME and .TH
    # come from its name) that prints the help laid out for help2man.
    text_file = os.path.join(work_dir, name + ".txt")
    with open(text_file, "w", encoding="utf-8") as f:
        f.write(help2man_text(info))
    program = os.path.join(work_dir, name)
    with open(program, "w", encoding="utf-8") as f:
        f.write("#!/bin/sh\nexec cat " + shlex.quote(text_file) + "\n")
    os.chmod(program, 0o755)
    # In an include file, a line "[...]" starts a section and "/.../" is a pattern: content
    # lines that could be read so ("[OPTIONS]" in a synopsis) begin with a zero-width \&.
    include = [line if line in SECTIONS or not line.startswith(("[", "/")) else "\\&" + line
               for line in include]
    include_file = os.path.join(work_dir, name + ".h2m")
    with open(include_file, "w", encoding="utf-8") as f:
        f.write("\n".join(include) + "\n")

    result = subprocess.run(
        [args.help2man, "--no-info", "--section", section,
         "--version-string", args.version, "--name", short_description(info.description),
         "--source", "Tessera " + args.version, "--manual", MANUAL,
         "--include", include_file, program],
        capture_output=True, encoding="utf-8")
    if result.returncode != 0 or result.stderr.strip():
        sys.exit(f"man_pages: help2man for {name}({section}) failed: {result.stderr.strip()}")
    page = result.stdout
    # Group headings keep no colon, and the hyphens of the name are minus signs, as in a
    # hand-written page.
    page = re.sub(r'^\.SS "(.*):"$', r'.SS "\1"', page, flags=re.M)
    page = re.sub(r"^(\.TH )(\S+)", lambda m: m.group(1) + escape(m.group(2)), page, flags=re.M)
    page = re.sub(r"^(\.SH NAME\n)(\S+)", lambda m: m.group(1) + escape(m.group(2)), page,
                  flags=re.M)
    with open(os.path.join(out_dir, name + "." + section), "w", encoding="utf-8") as f:
        f.write(page)
    for child in command.children if is_root else []:
        write_page(args, child, out_dir, work_dir, root)


# tessera.toml(5)

def table_cells(row):
    """The cells of a pipe-table row; an escaped \\| separates nothing, as on GitHub."""
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", row)]


def table_as_definitions(rows):
    """A pipe table (header, separator, rows) as a definition list: the first cell is the term,
    the last the definition, the ones between "Header: value." below it. A man page is read in
    a terminal, where a table of long cells in three columns of a third each wraps badly."""
    header = table_cells(rows[0])
    out = []
    for row in rows[2:]:
        cells = table_cells(row)
        cells += [""] * (len(header) - len(cells))
        out += [cells[0], ":   " + (cells[-1] or cells[0])]
        for name, value in zip(header[1:-1], cells[1:-1]):
            if value:
                out += ["", "    " + name[:1].upper() + name[1:] + ": " + value + "."]
        out.append("")
    return out


def configuration_markdown(service_md):
    """The "## Configuration" section of docs/SERVICE.md, through its subsections, headings one
    level up (its subsections become .SS), tables as definition lists, and links to other
    documents as plain text."""
    with open(service_md, encoding="utf-8") as f:
        lines = f.read().split("\n")
    body, inside, fenced = [], False, False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            if inside:
                break
            inside = line.strip() == "## Configuration"
            continue
        if inside:
            if not fenced and line.startswith("###"):
                line = line[1:]
            body.append(line)
    if not body:
        sys.exit(f"man_pages: no '## Configuration' section in {service_md}")
    lines, fenced, i = [], False, 0
    while i < len(body):
        if body[i].startswith("```"):
            fenced = not fenced
        if not fenced and body[i].startswith("|") and i + 1 < len(body) and \
                re.match(r"^\|[\s:|-]+\|?\s*$", body[i + 1]):
            end = i
            while end < len(body) and body[end].startswith("|"):
                end += 1
            lines += table_as_definitions(body[i:end])
            i = end
            continue
        lines.append(body[i])
        i += 1
    text = "\n".join(lines)
    # [text](OTHER.md#anchor) and [text](#anchor) lead nowhere in a man page; web links stay.
    text = re.sub(r"\[([^\]]+)\]\((?!https?:)[^)]*\)", r"\1", text)
    return text


def write_configuration_page(args, out_dir, root):
    # The service, the commands that make entries of the file, and the tool.
    related = [page_name(c.path) for c in root.children
               if c.path[-1] in ("serve", "client", "hash-secret")] + [("tessera", "1")]
    see_also_markdown = ", ".join(f"**{name}**({section})" for name, section in related)
    document = f"""# NAME

tessera.toml - configuration file of the Tessera token service

# SYNOPSIS

**{CONFIG_FILE}**

**tessera serve --config** *FILE*

# DESCRIPTION

{configuration_markdown(args.service_md)}

# FILES

**{CONFIG_FILE}**
:   The configuration file of a packaged installation.

# SEE ALSO

{see_also_markdown}
"""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))
    date = time.strftime("%B %Y", time.gmtime(epoch))
    result = subprocess.run(
        [args.pandoc, "--standalone", "--from", "markdown-smart", "--to", "man",
         "--metadata", "title=TESSERA.TOML", "--metadata", "section=5",
         "--metadata", "date=" + date, "--metadata", "footer=Tessera " + args.version,
         "--metadata", "header=" + MANUAL,
         "--output", os.path.join(out_dir, "tessera.toml.5")],
        input=document, capture_output=True, encoding="utf-8")
    if result.returncode != 0 or result.stderr.strip():
        sys.exit(f"man_pages: pandoc for tessera.toml(5) failed: {result.stderr.strip()}")


def write_completion(args):
    result = subprocess.run([args.tessera, "completion", "bash"], capture_output=True,
                            encoding="utf-8")
    if result.returncode != 0:
        sys.exit(f"man_pages: `tessera completion bash` failed: {result.stderr.strip()}")
    out_dir = os.path.join(args.build_dir, "completion")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "tessera"), "w", encoding="utf-8") as f:
        f.write(result.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tessera", required=True)
    parser.add_argument("--help2man", default="help2man")
    parser.add_argument("--pandoc", default="pandoc")
    parser.add_argument("--version", required=True)
    parser.add_argument("--service-md", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--stamp")
    args = parser.parse_args()

    out_dir = os.path.join(args.build_dir, "man")
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    root = load(args.tessera, ["tessera"])
    with tempfile.TemporaryDirectory() as work_dir:
        write_page(args, root, out_dir, work_dir, root)
    write_configuration_page(args, out_dir, root)
    write_completion(args)
    if args.stamp:
        with open(args.stamp, "w", encoding="utf-8"):
            pass


if __name__ == "__main__":
    main()
