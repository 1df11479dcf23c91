"""The text a browser would show for an HTML file: no scripts, styles or hidden parts.

The standard library's tolerant parser reads it; nothing is fetched, no entity
is expanded beyond HTML's own named ones. Headings become Markdown ``#``
lines and list items ``-`` lines, so sections can be cited by heading.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from app.core.documents.model import ExtractedDocument, ExtractionError, Limits, Part
from app.core.documents.text import clean_text

# Content of these is never shown as text.
_HIDDEN = frozenset(
    {"script", "style", "template", "noscript", "head", "svg", "math", "iframe", "object"}
)
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


class _VisibleText(HTMLParser):
    def __init__(self, max_chars: int) -> None:
        super().__init__(convert_charrefs=True)
        self.max_chars = max_chars
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
        if tag in _HIDDEN or any(name == "hidden" for name, _ in attrs):
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
    parser = _VisibleText(limits.max_output_chars)
    try:
        parser.feed(text)
        lines = parser.finish()
    except ExtractionError:
        raise ExtractionError(
            f"{name} holds more than {limits.max_output_chars:,} characters of text, "
            "more than Lokal takes from one file."
        ) from None
    lines = [re.sub(r"\s+", " ", clean_text(line)).strip() for line in lines]
    lines = [line for line in lines if line]
    if parser.title and (not lines or parser.title.lower() not in lines[0].lower()):
        lines.insert(0, f"# {parser.title}")
    if not lines:
        raise ExtractionError(f"{name} has no visible text.")
    part = Part(text="\n".join(lines), start=1, end=len(lines))
    return ExtractedDocument(name, "html", "paragraph", (part,))
