"""Hostile Markdown and HTML: nothing is loaded, nothing is opened without asking."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.ui.safe_markdown import SafeMarkdownView

HOSTILE = [
    '<img src="http://example.com/track.png">',
    '<img src="file:///etc/passwd">',
    "![x](http://example.com/pixel.gif)",
    "![x](file:///etc/passwd)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    '<script>alert(1)</script><iframe src="http://example.com"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    '<style>body{background:url("http://example.com/bg")}</style>',
    '<link rel="stylesheet" href="http://example.com/x.css">',
]


class Recorder:
    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.asked: list[str] = []
        self.refused: list[str] = []
        self.opened: list[str] = []

    def confirm(self, _parent: QWidget, url: QUrl) -> bool:
        self.asked.append(url.toString())
        return self.answer

    def refuse(self, _parent: QWidget, url: QUrl) -> None:
        self.refused.append(url.toString())

    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


def view(qtbot: QtBot, recorder: Recorder) -> SafeMarkdownView:
    widget = SafeMarkdownView(
        confirm_link=recorder.confirm, refuse_link=recorder.refuse, open_url=recorder.open
    )
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    widget.show()
    return widget


@pytest.mark.parametrize("text", HOSTILE)
def test_raw_html_is_shown_as_text_and_nothing_is_fetched(qtbot: QtBot, text: str) -> None:
    widget = view(qtbot, Recorder(answer=False))
    widget.set_markdown(text)
    qtbot.wait(20)  # let layout and painting run
    html = widget.document().toHtml()
    assert "<img" not in html and "<script" not in html and "<iframe" not in html
    # Qt asks the view for images; the view hands back nothing.
    for requested in widget.blocked_resources:
        assert requested  # recorded, refused
    if text.startswith("<"):
        assert "&lt;" in html  # the HTML is visible as text


def test_markdown_images_become_their_alt_text_and_are_never_loaded(qtbot: QtBot) -> None:
    widget = view(qtbot, Recorder(answer=False))
    widget.set_markdown(
        "![pixel](http://example.com/pixel.gif) ![secret](file:///etc/passwd) "
        "![inline](data:image/png;base64,iVBORw0KGgo=)"
    )
    widget.grab()  # painting is when Qt would fetch and decode images
    assert widget.blocked_resources == []  # not even asked: there are no images left
    text = widget.toPlainText()
    assert "[image: pixel]" in text and "[image: secret]" in text and "[image: inline]" in text


def test_web_links_open_only_after_confirmation(qtbot: QtBot) -> None:
    declined = Recorder(answer=False)
    widget = view(qtbot, declined)
    widget.anchorClicked.emit(QUrl("https://example.com/a?b=c"))
    assert declined.asked == ["https://example.com/a?b=c"] and declined.opened == []

    accepted = Recorder(answer=True)
    widget = view(qtbot, accepted)
    widget.anchorClicked.emit(QUrl("http://example.com/"))
    assert accepted.opened == ["http://example.com/"]


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,hi", "ftp://x/y"]
)
def test_other_links_are_refused_without_asking(qtbot: QtBot, url: str) -> None:
    recorder = Recorder(answer=True)
    widget = view(qtbot, recorder)
    widget.anchorClicked.emit(QUrl(url))
    assert recorder.asked == [] and recorder.opened == []
    assert recorder.refused == [QUrl(url).toString()]


def test_markdown_links_render_as_links(qtbot: QtBot) -> None:
    widget = view(qtbot, Recorder(answer=False))
    widget.set_markdown("See [the docs](https://example.com/docs) and `code`.")
    assert 'href="https://example.com/docs"' in widget.document().toHtml()
