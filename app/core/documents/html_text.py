"""The text a browser would show for an HTML file: no scripts, styles or hidden parts.

The standard library's tolerant parser reads it; nothing is fetched, no entity
is expanded beyond HTML's own named ones. Headings become Markdown ``#``
lines and list items ``-`` lines, so sections can be cited by heading.

Hidden text is where a page hides instructions meant for a model rather than
a reader, so an element is left out with everything inside it when it is
hidden by the ``hidden`` or ``aria-hidden="true"`` attribute, by an inline
``display: none`` or ``visibility: hidden``, by a page-wide ``<style>`` rule
for its class or id (see ``hidden_selectors``), or when it is a form control
whose text is not running text (``<select>``, ``<option>``, ``<textarea>``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from app.core.documents.model import ExtractedDocument, ExtractionError, Limits, Part, too_much_text
from app.core.documents.text import clean_text
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

# Content of these is never shown as text.
_HIDDEN = frozenset(
    {
        "script", "style", "template", "noscript", "head", "svg", "math", "iframe", "object",
        "select", "option", "datalist", "textarea",
    }
)  # fmt: skip
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "summary", "table", "tr", "ul", "br", "caption",
    }
)  # fmt: skip
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_SIMPLE_SELECTOR = re.compile(r"^([.#])(-?[_a-zA-Z][-\w]*)$")
# One declaration, between semicolons or the ends: display: none, visibility: hidden.
_HIDING = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))"
    r"\s*(?:!important\s*)?(?:;|$)",
    re.IGNORECASE,
)


def hides(declarations: str) -> bool:
    """Whether CSS declarations (a style attribute, or a rule's body) hide their element."""
    return _HIDING.search(declarations.strip()) is not None


def hidden_selectors(html: str) -> tuple[frozenset[str], frozenset[str]]:
    """The classes and ids that the page's ``<style>`` blocks hide, wherever they stand.

    Best effort on purpose: only top-level rules whose selector is a bare class
    (``.note``) or id (``#promo``) count, alone or in a comma list. Rules inside
    ``@media`` and other at-blocks, compound or descendant selectors
    (``div.note``, ``.a .b``), the cascade (a later rule showing the element
    again) and external style sheets are not followed; that would take a CSS
    engine, and no amount of CSS makes text visible that this leaves out.
    """
    classes: set[str] = set()
    ids: set[str] = set()
    for block in _STYLE_BLOCK.finditer(html):
        for selector, body in _top_level_rules(_CSS_COMMENT.sub(" ", block.group(1))):
            if not hides(body):
                continue
            for one in selector.split(","):
                match = _SIMPLE_SELECTOR.match(one.strip())
                if match:
                    (classes if match.group(1) == "." else ids).add(match.group(2))
    return frozenset(classes), frozenset(ids)


def _top_level_rules(css: str) -> list[tuple[str, str]]:
    """(selector, declarations) of each rule not nested in an at-block such as @media."""
    rules: list[tuple[str, str]] = []
    depth = 0
    start = 0  # where the current selector (depth 0) or body (depth 1) began
    selector = ""
    for index, char in enumerate(css):
        if char == "{":
            if depth == 0:
                selector, start = css[start:index].strip(), index + 1
            depth += 1
        elif char == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                if not selector.startswith("@"):
                    rules.append((selector, css[start:index]))
                start = index + 1
        elif char == ";" and depth == 0:
            start = index + 1  # e.g. @import url(...); before the first rule
    return rules


class _VisibleText(HTMLParser):
    def __init__(
        self,
        max_chars: int,
        hidden_classes: frozenset[str] = frozenset(),
        hidden_ids: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(convert_charrefs=True)
        self.max_chars = max_chars
        self.hidden_classes = hidden_classes
        self.hidden_ids = hidden_ids
        self.lines: list[str] = []
        self.current: list[str] = []
        # The element whose content is hidden, and how deep inside it we are.
        self.hidden_tag: str | None = None
        self.hidden_depth = 0
        self.prefix = ""
        self.size = 0
        self.title: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if self.hidden_tag is not None:
            self.hidden_depth += tag == self.hidden_tag
            return
        if tag in _HIDDEN or self._hidden_by(attrs):
            if tag not in _VOID:
                self.hidden_tag, self.hidden_depth = tag, 1
            return
        if tag in _HEADINGS:
            self._break()
            self.prefix = "#" * _HEADINGS[tag] + " "
        elif tag == "li":
            self._break()
            self.prefix = "- "
        elif tag in ("td", "th"):
            self.current.append(" | ")
        elif tag in _BLOCKS:
            self._break()

    def _hidden_by(self, attrs: list[tuple[str, str | None]]) -> bool:
        for name, value in attrs:
            value = value or ""
            if name == "hidden":
                return True
            if name == "aria-hidden" and value.strip().lower() == "true":
                return True
            if name == "style" and hides(value):
                return True
            if name == "class" and not self.hidden_classes.isdisjoint(value.split()):
                return True
            if name == "id" and value.strip() in self.hidden_ids:
                return True
        return False

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self.hidden_tag is not None:
            if tag == self.hidden_tag:
                self.hidden_depth -= 1
                if self.hidden_depth == 0:
                    self.hidden_tag = None
        elif tag in _HEADINGS or tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._in_title and self.title is None:
            self.title = " ".join(data.split()) or None
        if self.hidden_tag is not None:
            return
        self.current.append(data)

    def _break(self) -> None:
        line = " ".join("".join(self.current).split()).strip(" |")
        self.current = []
        if line:
            self.lines.append(self.prefix + line)
            self.size += len(line) + 1
            if self.size > self.max_chars:
                raise ExtractionError("too much text")
        self.prefix = ""

    def finish(self) -> list[str]:
        self.close()
        self._break()
        return self.lines


def extract_html(text: str, name: str, limits: Limits) -> ExtractedDocument:
    parser = _VisibleText(limits.max_output_chars, *hidden_selectors(text))
    try:
        parser.feed(text)
        lines = parser.finish()
    except ExtractionError:
        raise ExtractionError(too_much_text(name, limits)) from None
    lines = [re.sub(r"\s+", " ", clean_text(line)).strip() for line in lines]
    lines = [line for line in lines if line]
    if parser.title and (not lines or parser.title.lower() not in lines[0].lower()):
        lines.insert(0, f"# {parser.title}")
    if not lines:
        raise ExtractionError(Sentence(QT_TRANSLATE_NOOP("core", "%1 has no visible text."), name))
    part = Part(text="\n".join(lines), start=1, end=len(lines))
    return ExtractedDocument(name, "html", "paragraph", (part,))
