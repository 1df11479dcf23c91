"""Text from documents, the model, titles and file names is shown as text, never as HTML;
link dialogs show where a link really leads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QImage, QPainter, QTextDocument
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.core.store import Conversation
from app.core.store.document_records import Citation, Passage
from app.core.store.records import now
from app.ui import appearance
from app.ui.attachments import AttachmentChip
from app.ui.code_block import CodeBlock
from app.ui.link_text import link_text, visible_characters
from app.ui.safe_markdown import SafeMarkdownView
from app.ui.sidebar import ConversationSidebar
from app.ui.sources_view import SourcesView


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    """A local file that rich text would load if it were asked to."""
    path = tmp_path / "secret.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(0xFF0000)
    assert image.save(str(path))
    return path


class RecordingDocument(QTextDocument):
    """Notes every resource (image, style sheet) the text asks for."""

    def __init__(self) -> None:
        super().__init__()
        self.requested: list[str] = []

    def loadResource(self, kind: int, url: QUrl) -> object:
        self.requested.append(url.toString())
        return super().loadResource(kind, url)


def assert_shown_as_text(tooltip: str, hostile: str) -> None:
    """As QToolTip shows it: rich text whenever it looks like rich text."""
    document = RecordingDocument()
    if QtGuiNamespace.mightBeRichText(tooltip):
        document.setHtml(tooltip)
    else:
        document.setPlainText(tooltip)
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    document.drawContents(painter)  # layout and painting: when rich text loads its images
    painter.end()
    assert hostile in document.toPlainText()
    assert document.requested == []


def test_a_passage_tooltip_does_not_load_a_file(qtbot: QtBot, picture: Path) -> None:
    hostile = f'<img src="{picture}"> and <b>bold</b>'
    passage = Passage(1, 1, 0, "a.md", None, "markdown", "line", 1, 1, None, hostile)
    view = SourcesView([Citation(1, (passage,))])
    qtbot.addWidget(view)
    assert_shown_as_text(view.buttons[0].toolTip(), hostile)


def test_a_title_or_file_name_tooltip_does_not_load_a_file(qtbot: QtBot, picture: Path) -> None:
    hostile = f'<img src="{picture}">'
    sidebar = ConversationSidebar()
    qtbot.addWidget(sidebar)
    stamp = now()
    sidebar.show_conversations([Conversation(1, hostile, stamp, stamp)], None)
    assert_shown_as_text(sidebar.list.item(0).toolTip(), hostile)

    chip = AttachmentChip("k", f"{hostile}.md")
    qtbot.addWidget(chip)
    assert_shown_as_text(chip.toolTip(), hostile)
    assert_shown_as_text(chip.remove_button.toolTip(), hostile)


def test_the_code_language_label_is_plain_text(qtbot: QtBot) -> None:
    block = CodeBlock()
    qtbot.addWidget(block)
    block.set_code("x = 1", '<img src="/etc/hostname">')
    assert block.language_label.textFormat() == Qt.TextFormat.PlainText


def test_link_text_shows_punycode_and_hidden_characters() -> None:
    assert link_text(QUrl("https://xn--pypal-4ve.com/login")) == "https://xn--pypal-4ve.com/login"
    assert link_text(QUrl("https://pаypal.com/")) == "https://xn--pypal-4ve.com/"
    reversed_path = "https://example.com/\u202etxt.exe"
    assert link_text(QUrl(reversed_path)) == "https://example.com/\\u202etxt.exe"
    joined = "https://exa\u200dmple.com/x"
    assert link_text(QUrl(joined), joined) == "https://exa\\u200dmple.com/x"
    assert link_text(QUrl("https://ex.com/grüße?q=ä#f")) == "https://ex.com/grüße?q=ä#f"
    assert visible_characters("a\u00a0b\u2066c\u200bd") == "a\\u00a0b\\u2066c\\u200bd"


@pytest.fixture
def german(qtbot: QtBot) -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    appearance.apply_language(app, "de")
    yield
    appearance.apply_language(app, "en")


def answer_dialog(qtbot: QtBot, seen: list[tuple[str, str, Qt.TextFormat]]) -> None:
    """Close the next modal dialog, noting its title, text and text format."""

    def close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, close)
            return
        seen.append((box.windowTitle(), box.text(), box.textFormat()))
        box.reject()

    QTimer.singleShot(0, close)


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("https://xn--pypal-4ve.com/login", "https://xn--pypal-4ve.com/login"),
        ("https://example.com/\u202etxt.exe", "https://example.com/\\u202etxt.exe"),
        ("https://exa\u200dmple.com/x", "https://exa\\u200dmple.com/x"),
        ('https://example.com/<img src="/etc/hostname">', "https://example.com/<img"),
    ],
)
def test_link_dialogs_show_where_a_link_leads(
    qtbot: QtBot, german: None, written: str, shown: str
) -> None:
    view = SafeMarkdownView(open_url=lambda _url: None)
    qtbot.addWidget(view)
    view.resize(600, 200)
    view.show()
    # Clicked as a person would: Qt hands over the URL as it parsed it.
    view.setHtml(f'<a href="{written.replace(chr(34), "&quot;")}">here</a>')
    qtbot.waitExposed(view)
    point = view.cursorRect(view.textCursor()).center() + QPoint(4, 0)
    assert view.anchorAt(point)
    seen: list[tuple[str, str, Qt.TextFormat]] = []
    answer_dialog(qtbot, seen)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: len(seen) == 1)
    title, text, text_format = seen[0]
    assert title in ("Link öffnen?", "Link nicht geöffnet")
    assert shown in text and text_format == Qt.TextFormat.PlainText


def test_questions_and_warnings_show_names_as_text(qtbot: QtBot) -> None:
    from app.ui.plain_text import ask, warn

    seen: list[tuple[str, str, Qt.TextFormat]] = []
    name = '<img src="/etc/hostname">.gguf'
    answer_dialog(qtbot, seen)
    assert ask(None, "Delete model", f"Remove {name} from Lokal?") is False
    answer_dialog(qtbot, seen)
    warn(None, "Import GGUF file", f"{name} is not a GGUF file.")
    assert [(text, fmt) for _title, text, fmt in seen] == [
        (f"Remove {name} from Lokal?", Qt.TextFormat.PlainText),
        (f"{name} is not a GGUF file.", Qt.TextFormat.PlainText),
    ]
