"""web/ against the rules of its Content-Security-Policy and its session model, read as text (no
browser, no service): the pages carry no inline script, event-handler attribute or inline style,
the scripts build the DOM without parsing strings as HTML or code, nothing touches browser
storage or cookies, nothing is loaded from another host, and every script is a module served
from /web/static/.

The rules hold for comments too: a grep cannot tell a comment from code, and a forbidden name in
a comment is how it creeps back in. Each failure names file:line and the offending text.

WEB_DIR (default: web/ of this checkout) points it at another tree."""

import os
import re
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
WEB_DIR = os.environ.get("WEB_DIR", os.path.join(ROOT, "web"))

# The one absolute URL allowed: the SVG namespace, a name rather than something fetched.
ALLOWED_URLS = {".svg": {"http://www.w3.org/2000/svg"}}

# Names that parse strings as HTML or as code, or reach storage the session model rules out.
FORBIDDEN_NAMES = [
    ("innerHTML", re.compile(r"innerHTML")),
    ("outerHTML", re.compile(r"outerHTML")),
    ("insertAdjacentHTML", re.compile(r"insertAdjacentHTML")),
    ("setHTMLUnsafe / parseHTMLUnsafe", re.compile(r"(?:set|parse)HTMLUnsafe")),
    ("createContextualFragment", re.compile(r"createContextualFragment")),
    ("document.write", re.compile(r"document\s*\.\s*write")),
    ("eval(", re.compile(r"\beval\s*\(")),
    ("new Function", re.compile(r"\bnew\s+Function\b")),
    ("setTimeout/setInterval with a string", re.compile(r"\bset(?:Timeout|Interval)\(\s*['\"`]")),
    ("localStorage", re.compile(r"localStorage")),
    ("sessionStorage", re.compile(r"sessionStorage")),
    ("indexedDB", re.compile(r"indexedDB")),
    ("document.cookie", re.compile(r"document\s*\.\s*cookie")),
    ("javascript: URL", re.compile(r"[\"'=(`]\s*javascript:", re.IGNORECASE)),
    ("srcdoc", re.compile(r"srcdoc", re.IGNORECASE)),
]

# Absolute URLs, and protocol-relative ones ("//host.example/x"): a host right after the slashes.
URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s\"'<>)]+"
                 r"|(?<![:/\w])//[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s\"'<>)]*", re.IGNORECASE)
TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>", re.DOTALL)
ATTRIBUTE = re.compile(r"\s([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
# In scripts: attributes set from strings, which CSP would refuse or which parse as HTML.
SCRIPT_ATTRIBUTE = re.compile(
    r"setAttribute\(\s*['\"](?:on[a-z]+|style|srcdoc)['\"]"
    r"|\bel\(\s*['\"][a-z0-9]+['\"]\s*,\s*\{[^}]*?['\"]?\b(?:on[a-z]+|style|srcdoc)['\"]?\s*:")


def web_files(extensions):
    out = []
    for root, _, files in os.walk(WEB_DIR):
        for name in sorted(files):
            if os.path.splitext(name)[1] in extensions:
                out.append(os.path.join(root, name))
    return sorted(out)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def where(path, text, offset, snippet):
    shown = " ".join(snippet.split())[:160]
    return f"{os.path.relpath(path, os.path.dirname(WEB_DIR))}:{line_of(text, offset)}: {shown}"


def tags(text):
    """(offset, lower-case tag name, {attribute: value or None}) for every start tag."""
    for m in TAG.finditer(text):
        attributes = {}
        for a in ATTRIBUTE.finditer(m.group(2)):
            value = a.group(2)
            if value is not None and value[:1] in "\"'":
                value = value[1:-1]
            attributes[a.group(1).lower()] = value
        yield m.start(), m.group(1).lower(), attributes, m.group(0)


# The checks, each on one file's text: a list of (offset, what, snippet).

def check_event_handler_attributes(text):
    return [(offset, f"event-handler attribute {name}=", source)
            for offset, _, attributes, source in tags(text)
            for name in attributes if re.fullmatch(r"on[a-z]+", name)]


def check_style_attributes(text):
    out = [(offset, "style= attribute", source)
           for offset, _, attributes, source in tags(text) if "style" in attributes]
    out += [(m.start(), "<style> element", m.group(0))
            for m in re.finditer(r"<style\b[^>]*>?", text, re.IGNORECASE)]
    return out


def check_scripts(text):
    """Every <script> is an empty type="module" element whose src is under /web/static/."""
    out = []
    for m in re.finditer(r"<script\b((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>(.*?)</script\s*>|<script\b",
                         text, re.IGNORECASE | re.DOTALL):
        if m.group(1) is None:
            out.append((m.start(), "<script> without its end tag", m.group(0)))
            continue
        attributes = next(tags(f"<script{m.group(1)}>"))[2]
        src = attributes.get("src")
        if src is None:
            out.append((m.start(), "inline <script> (no src)", m.group(0)))
        elif not src.startswith("/web/static/"):
            out.append((m.start(), f"script src {src!r} is not under /web/static/", m.group(0)))
        if m.group(2).strip():
            out.append((m.start(), "<script> with inline content", m.group(0)))
        if attributes.get("type") != "module":
            out.append((m.start(), 'script without type="module"', m.group(0)))
    return out


def check_stylesheets(text):
    out = []
    for offset, name, attributes, source in tags(text):
        if name == "link" and "stylesheet" in (attributes.get("rel") or "").lower().split():
            href = attributes.get("href") or ""
            if not href.startswith("/web/static/"):
                out.append((offset, f"stylesheet {href!r} is not under /web/static/", source))
    return out


def check_forbidden_names(text):
    return [(m.start(), what, text[text.rfind("\n", 0, m.start()) + 1:].split("\n", 1)[0])
            for what, pattern in FORBIDDEN_NAMES for m in pattern.finditer(text)]


def check_script_attributes(text):
    return [(m.start(), "attribute set from a string that CSP refuses or that parses HTML",
             m.group(0)) for m in SCRIPT_ATTRIBUTE.finditer(text)]


def check_urls(text, extension=""):
    allowed = ALLOWED_URLS.get(extension, set())
    return [(m.start(), f"URL of another host {m.group(0)!r}", m.group(0))
            for m in URL.finditer(text) if m.group(0) not in allowed]


class WebSourceTest(unittest.TestCase):
    HTML = (".html",)
    SCRIPTS = (".js", ".mjs")
    EVERYTHING = (".html", ".js", ".mjs", ".css", ".svg")

    @classmethod
    def setUpClass(cls):
        if not os.path.isdir(WEB_DIR):
            raise unittest.SkipTest(f"no web directory at {WEB_DIR}")

    def run_check(self, extensions, check, with_extension=False):
        files = web_files(extensions)
        self.assertTrue(files, f"no {extensions} files under {WEB_DIR}")
        failures = []
        for path in files:
            text = read(path)
            found = check(text, os.path.splitext(path)[1]) if with_extension else check(text)
            failures += [f"{where(path, text, offset, snippet)}  [{what}]"
                         for offset, what, snippet in found]
        if failures:
            self.fail(f"{len(failures)} violation(s):\n" + "\n".join(failures))

    def test_pages_have_no_event_handler_attributes(self):
        self.run_check(self.HTML + (".svg",), check_event_handler_attributes)

    def test_pages_have_no_inline_styles(self):
        self.run_check(self.HTML + (".svg",) + self.SCRIPTS, check_style_attributes)

    def test_every_script_is_a_module_from_web_static(self):
        self.run_check(self.HTML + (".svg",), check_scripts)

    def test_stylesheets_come_from_web_static(self):
        self.run_check(self.HTML, check_stylesheets)

    def test_nothing_parses_strings_as_html_or_code_or_touches_storage(self):
        self.run_check(self.EVERYTHING, check_forbidden_names)

    def test_scripts_set_no_handler_or_style_attributes(self):
        self.run_check(self.SCRIPTS, check_script_attributes)

    def test_nothing_is_loaded_from_another_host(self):
        self.run_check(self.EVERYTHING, check_urls, with_extension=True)

    # The checks themselves: each rule catches what it is for, so a broken pattern cannot pass
    # everything silently.

    def test_each_check_catches_its_construct(self):
        bad = {
            check_event_handler_attributes: ['<img src="/x" onerror="go()">',
                                             "<body\nonload=go()>", "<a ONCLICK='x'>"],
            check_style_attributes: ['<p style="color:red">', "<style>p{}</style>",
                                     "<div\n  style='x'>"],
            check_scripts: ["<script>go()</script>", '<script type="module">go()</script>',
                            '<script src="/web/static/js/a.js"></script>',
                            '<script type="module" src="https://cdn.example/a.js"></script>',
                            '<script type="module" src="/elsewhere/a.js"></script>'],
            check_stylesheets: ['<link rel="stylesheet" href="https://cdn.example/a.css">'],
            check_forbidden_names: ["node.innerHTML = x", "a.outerHTML", "document.write(x)",
                                    "eval (x)", "new Function('x')", "localStorage.x",
                                    "window.sessionStorage", "document.cookie",
                                    "el.insertAdjacentHTML('x', y)", "setTimeout('go()', 1)",
                                    '<a href="javascript:go()">', "<iframe srcdoc=x>"],
            check_script_attributes: ["node.setAttribute('onclick', 'go()')",
                                      "node.setAttribute(\"style\", x)",
                                      "el('img', { onerror: 'go()' })",
                                      "el('p', { class: 'x', style: 'color:red' })"],
            check_urls: ['<script src="https://cdn.example/x.js">',
                         "@import url(//fonts.example/x.css)",
                         "fetch('http://127.0.0.1:8000/x')", "// see https://example.com/x"],
        }
        for check, samples in bad.items():
            for sample in samples:
                with self.subTest(check=check.__name__, sample=sample):
                    self.assertTrue(check(sample), f"{check.__name__} missed {sample!r}")
        good = {
            check_event_handler_attributes: ['<button type="button" id="once">',
                                             '<input name="one" value="on=1">'],
            check_style_attributes: ['<link rel="stylesheet" href="/web/static/style.css">'],
            check_scripts: ['<script type="module" src="/web/static/js/a.js"></script>'],
            check_forbidden_names: ["evaluate(x)", "retrieval(x)", "node.textContent = x"],
            check_script_attributes: ["addEventListener('x', f, { once: true })",
                                      "el('li', { 'data-warning': code })"],
            check_urls: ["fetch('/web/api/token')", 'src="/web/static/favicon.svg"'],
        }
        for check, samples in good.items():
            for sample in samples:
                with self.subTest(check=check.__name__, sample=sample):
                    self.assertEqual(check(sample), [], f"{check.__name__} flagged {sample!r}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
