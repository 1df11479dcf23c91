"""The conversation: one bubble per message, reasoning folded away under each answer.

While an answer streams only the last bubble changes, and its Markdown is
parsed again at most `RENDER_INTERVAL_MS` apart: parsing grows with the text,
tokens arrive faster than anyone reads. A long conversation opens with its
last `PAGE` messages; earlier ones are built when the reader asks for them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLocale,
    QObject,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAccessible,
    QColor,
    QEnterEvent,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.chat.turn import ToolStep
from app.core.engine.remote.client import server_of
from app.core.sentence import recover
from app.core.store import Branch, StoredMessage
from app.core.store.document_records import Citation
from app.ui.cited_answer import CitedLinks
from app.ui.icon_button import ActionButton
from app.ui.icons import icon
from app.ui.locale_format import decimal, integer
from app.ui.long_text import Shown, breakable, cut_for_screen
from app.ui.message_content import GrowingMarkdownView, MessageContent
from app.ui.reader_announce import announce_answer, message_name, set_role
from app.ui.sources_view import SourcesView
from app.ui.text import fill, translated
from app.ui.tool_blocks import ApprovalCard, ToolBlock, ToolView

RENDER_INTERVAL_MS = 100
# Questions sit on a tinted card; answers on the page itself, like a document; text
# views let the bubble's background show through. Drawn with the palette, not with a
# style sheet: under a style sheet every widget of every bubble went through Qt's
# style-sheet style, which made opening a conversation take twice as long.
CARD_RADIUS = 16
CARD_PADDING = (14, 9)  # inside a question's bubble: left/right, top/bottom
QUESTION_SHARE = 0.8  # a question's bubble is at most this share of the column
COLUMN_WIDTH = 800  # the reading column: about 760 px of text and its margins
ERROR_COLOR = QColor("#c0392b")
PAGE = 20
ACTION_SIZE = QSize(30, 28)
ACTION_ICON = QSize(18, 18)


def action_button(name: str) -> QToolButton:
    """An icon button of a message's action row (its name and tooltip are set by the caller)."""
    button = ActionButton()
    button.setIcon(icon(name))
    button.setIconSize(ACTION_ICON)
    button.setFixedSize(ACTION_SIZE)
    button.setAutoRaise(True)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches every action
    return button


class QuietToggle(QToolButton):
    """The reasoning's fold: icon and text only, no button face, open or closed."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        colour = palette.color(QPalette.ColorRole.PlaceholderText)
        if self.underMouse():
            colour = palette.color(QPalette.ColorRole.Text)
        size = self.iconSize()
        y = (self.height() - size.height()) // 2
        painter.drawPixmap(2, y, self.icon().pixmap(size, self.devicePixelRatioF()))
        painter.setPen(colour)
        area = self.rect().adjusted(size.width() + 8, 0, 0, 0)
        painter.drawText(area, int(Qt.AlignmentFlag.AlignVCenter), self.text())
        if self.hasFocus():  # the keyboard's place
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.end()

    def sizeHint(self) -> QSize:
        width = self.fontMetrics().horizontalAdvance(self.text())
        return QSize(self.iconSize().width() + 14 + width, max(24, self.fontMetrics().height() + 8))


def thought_for(seconds: float) -> str:
    """ "Thought for 12 s" (under 10 s with a tenth: "2.4 s"), in the user's locale."""
    locale = QLocale()
    if seconds < 10:
        shown = locale.toString(max(0.1, seconds), "f", 1)
    else:
        shown = locale.toString(round(seconds))
    return fill(QCoreApplication.translate("MessageBubble", "Thought for %1 s"), shown)


#: Characters of a message a screen reader gets as its description (a long answer is
#: read from the message itself).
DESCRIPTION_CHARS = 4000


@dataclass
class Stats:
    tokens_per_second: float | None = None
    time_to_first_token_s: float | None = None
    analysis_tokens: int = 0
    final_tokens: int = 0
    status: str = "complete"
    error: str | None = None  # why the answer failed, one sentence
    server: str | None = None  # the connection that wrote the answer; None: this computer

    @classmethod
    def of(cls, message: StoredMessage) -> Stats:
        return cls(
            message.tokens_per_second,
            message.time_to_first_token_s,
            message.analysis_tokens or 0,
            message.final_tokens or 0,
            message.status,
            message.error,
            server_of(message.model_file_hash),
        )


class MessageBubble(QFrame):
    regenerate = Signal(int)  # the answer's id
    edit = Signal(int)  # the question's id
    switch_branch = Signal(int)  # the sibling's id to show instead

    def __init__(
        self, role: str, message_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.role = role
        self.message_id = message_id
        self.branch: Branch | None = None
        self._stats: Stats | None = None
        self.setObjectName("userBubble" if role == "user" else "assistantBubble")
        self.pinned = False  # the actions stay shown (the newest answer)
        self._hovered = False
        self._thinking_started: float | None = None  # monotonic, while the reasoning streams
        self._thought_s: float | None = None  # how long the reasoning took
        set_role(self, QAccessible.Role.Section)  # one message, read as a unit
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        if role == "user":  # the bubble's padding; the left margin follows the text's width
            layout.setContentsMargins(0, CARD_PADDING[1] + 4, CARD_PADDING[0], 0)
        else:
            layout.setContentsMargins(0, 4, 0, 0)
        # Who wrote a message is told by its place and look; the label stays for tool
        # results and for screen readers (the bubble's accessible name).
        self.title = QLabel()
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.title.setVisible(role == "tool")
        layout.addWidget(self.title)
        self.reasoning_toggle = QuietToggle()
        self.reasoning_toggle.setCheckable(True)
        self.reasoning_toggle.setAutoRaise(True)
        self.reasoning_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.reasoning_toggle.setIcon(icon("chevron-right", QPalette.ColorRole.PlaceholderText))
        self.reasoning_toggle.setIconSize(QSize(16, 16))
        self.reasoning_toggle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.reasoning_toggle.toggled.connect(self._show_reasoning)
        self.reasoning = GrowingMarkdownView(dim=True)
        self.reasoning.setObjectName("reasoning")
        self.reasoning.setViewportMargins(18, 0, 0, 0)  # room for the rule beside it
        self.answer = MessageContent()
        # Very long text is shown cut (long_text.py); this lays out the rest on request.
        self.show_all_button = QPushButton()
        self.show_all_button.setFlat(True)
        self.show_all_button.clicked.connect(self.show_whole)
        self.show_all_button.hide()
        # Tool calls sit between the reasoning and the answer, as they happened.
        self.tools = QVBoxLayout()
        self.tool_blocks: list[ToolBlock] = []
        self.card: ApprovalCard | None = None
        layout.addWidget(self.reasoning_toggle)
        layout.addWidget(self.reasoning)
        layout.addLayout(self.tools)
        layout.addWidget(self.answer)
        layout.addWidget(self.show_all_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.sources: SourcesView | None = None
        self.cited = CitedLinks()  # the browser's citations in the answer, as links
        self.error_block: ErrorBlock | None = None
        layout.addWidget(self._footer())
        self.reasoning_toggle.hide()
        self.reasoning.hide()
        self._analysis = self._final = ""
        self._user_chose = False
        self._whole = False  # every character shown, however long
        self._reasoning_hidden = 0  # characters of the reasoning the screen leaves out
        self.streaming = False  # while True, reasoning is appended as plain text
        self.retranslate()

    def _footer(self) -> QWidget:
        """Versions, copy and edit or regenerate in one row under the message, shown while
        the pointer is over it or one of them has the focus (always reachable by Tab)."""
        self.previous_branch = action_button("chevron-left")
        self.previous_branch.clicked.connect(lambda: self._step_branch(-1))
        self.branch_label = QLabel()
        self.branch_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.next_branch = action_button("chevron-right")
        self.next_branch.clicked.connect(lambda: self._step_branch(+1))
        self.stats = QLabel()
        self.stats.setTextFormat(Qt.TextFormat.PlainText)  # holds the engine's error text
        # Wraps, and never makes the bubble wider than the chat (an error may be one long word).
        self.stats.setWordWrap(True)
        self.stats.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.stats.setMinimumWidth(80)
        self.stats.setObjectName("stats")
        self.stats.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        small = self.stats.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.stats.setFont(small)
        self.copy_button = action_button("copy")
        self.copy_button.clicked.connect(self.copy)
        # Edit for questions, Regenerate for answers.
        self.action_button = action_button("edit" if self.role == "user" else "regenerate")
        self.action_button.clicked.connect(self._act)
        self.actions_row = QWidget()
        actions = QHBoxLayout(self.actions_row)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.setSpacing(2)
        for widget in (self.previous_branch, self.branch_label, self.next_branch):
            actions.addWidget(widget)
            widget.hide()
        actions.addWidget(self.copy_button)
        actions.addWidget(self.action_button)
        self._fade = QGraphicsOpacityEffect(self.actions_row)
        self.actions_row.setGraphicsEffect(self._fade)
        for button in (
            self.previous_branch,
            self.next_branch,
            self.copy_button,
            self.action_button,
        ):
            button.installEventFilter(self)
        footer = QWidget()
        row = QHBoxLayout(footer)
        row.setContentsMargins(0, 0, 0, 0)
        if self.role == "user":  # under the bubble, at its right edge
            row.addWidget(self.stats, 1)
            row.addWidget(self.actions_row)
        else:
            row.addWidget(self.actions_row)
            # Empty until there are numbers, never hidden: it keeps the row's height.
            row.addWidget(self.stats, 1)
        self.footer = footer
        self.set_actions_enabled(self.message_id is not None)
        self._update_reveal()
        return footer

    # --- showing the actions ----------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self._update_reveal()
        return False

    def enterEvent(self, event: QEnterEvent) -> None:
        self._hovered = True
        self._update_reveal()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hovered = False
        self._update_reveal()
        super().leaveEvent(event)

    def set_pinned(self, pinned: bool) -> None:
        self.pinned = pinned
        self._update_reveal()

    def actions_revealed(self) -> bool:
        return self._fade.opacity() > 0.5

    def _update_reveal(self) -> None:
        buttons = (self.previous_branch, self.next_branch, self.copy_button, self.action_button)
        focused = any(button.hasFocus() for button in buttons)
        self._fade.setOpacity(1.0 if self.pinned or self._hovered or focused else 0.0)

    def retranslate(self) -> None:
        user = self.role == "user"
        self.title.setText(
            self.tr("You") if user else self.tr("Tool") if self.role == "tool" else "Lokal"
        )
        self.setAccessibleName(
            self.tr("Your message")
            if user
            else self.tr("Tool result")
            if self.role == "tool"
            else self.tr("Lokal's answer")
        )
        self._show_thought()
        self.reasoning_toggle.setAccessibleName(self.tr("Show or hide the reasoning"))
        self.reasoning_toggle.setAccessibleDescription(
            self.tr("What the model thought before it answered, folded away")
        )
        self.reasoning.setAccessibleName(self.tr("Reasoning"))
        self.reasoning.setAccessibleDescription(
            self.tr("What the model thought before it answered")
        )
        self.show_all_button.setAccessibleDescription(
            self.tr("Shows every character of the message, however long its lines")
        )
        self.previous_branch.setAccessibleName(self.tr("Previous version"))
        self.previous_branch.setToolTip(self.tr("Previous version"))
        self.next_branch.setAccessibleName(self.tr("Next version"))
        self.next_branch.setToolTip(self.tr("Next version"))
        self.previous_branch.setAccessibleDescription(
            self.tr("Shows the version of this message before the one shown")
        )
        self.next_branch.setAccessibleDescription(
            self.tr("Shows the version of this message after the one shown")
        )
        self.copy_button.setAccessibleDescription(
            self.tr("Puts the text of the message on the clipboard, without the reasoning")
        )
        self.action_button.setAccessibleDescription(
            self.tr("Puts the question back in the message box; sent, it makes a new version")
            if user
            else self.tr("Writes a new version of this answer; the old one stays")
        )
        self.copy_button.setToolTip(self.tr("Copy"))
        self.copy_button.setAccessibleName(self.tr("Copy this message"))
        self.action_button.setToolTip(self.tr("Edit") if user else self.tr("Regenerate"))
        self.action_button.setAccessibleName(
            self.tr("Edit this question and send it again")
            if user
            else self.tr("Answer this question again")
        )
        self._name_for_readers()
        if self._stats is not None:
            self.set_stats(self._stats)
        if self.cited.citations:  # their labels say "page" in the window's language
            self.answer.set_markdown(self.cited.markdown(self._final))
        self._show_branch()
        self._update_show_all()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.reasoning.isVisible():  # a thin rule beside the reasoning, like a quote
            painter = QPainter(self)
            rule = self.reasoning.geometry()
            painter.fillRect(
                QRectF(rule.left() + 7, rule.top() + 4, 2, rule.height() - 8),
                self.palette().color(QPalette.ColorRole.Mid),
            )
            painter.end()
        if self.role == "user":  # a tinted bubble around the text, the actions under it
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.palette().color(QPalette.ColorRole.AlternateBase))
            text = self.answer.geometry()
            pad_x, pad_y = CARD_PADDING
            card = QRectF(text).adjusted(-pad_x, -pad_y, pad_x, pad_y)
            painter.drawRoundedRect(card, CARD_RADIUS, CARD_RADIUS)
            painter.end()
        super().paintEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_question()

    def _fit_question(self) -> None:
        """A question's bubble is as wide as its text, up to QUESTION_SHARE of the column,
        and sits at the column's right edge."""
        if self.role != "user":
            return
        pad_x, pad_y = CARD_PADDING
        widest = int(self.width() * QUESTION_SHARE) - 2 * pad_x
        natural = self.answer.natural_width()
        text = max(60, min(widest, natural))
        left = max(pad_x, self.width() - text - 2 * pad_x)
        layout = self.layout()
        if layout is not None and layout.contentsMargins().left() != left:
            layout.setContentsMargins(left, pad_y + 4, pad_x, 0)

    # --- content ------------------------------------------------------------------

    def set_text(self, analysis: str, final: str) -> None:
        """Show the texts so far; the reasoning folds away once the answer begins."""
        if analysis != self._analysis:
            if not self._analysis and self.streaming and not final:
                self._thinking_started = time.monotonic()
            self._analysis = analysis
            self.reasoning_toggle.show()
            self._show_thought()
            if not self._user_chose and not final:
                self._set_open(True)
            if self.reasoning.isVisibleTo(self):
                self._render_reasoning()
        if final != self._final:
            if not self._final and not self._user_chose:
                self._set_open(False)
            if not self._final and self._thinking_started is not None:
                self._thought_s = time.monotonic() - self._thinking_started
                self._thinking_started = None
                self._show_thought()
            self._final = final
            self.answer.set_markdown(self.cited.markdown(final))
            self._fit_question()
            self._name_for_readers()
            self._update_show_all()

    def set_tools(
        self, views: Sequence[ToolView], pending: ToolStep | None = None
    ) -> ApprovalCard | None:
        """The turn's tool calls as blocks; ``pending`` (a ToolStep) shows the approval card.

        Returns a card that is new (the caller connects its decision), else None.
        """
        for index, view in enumerate(views):
            if index < len(self.tool_blocks):
                self.tool_blocks[index].update_view(view)
            else:
                block = ToolBlock(view)
                self.tool_blocks.append(block)
                self.tools.addWidget(block)
        pending_id = pending.call_message_id if pending is not None else None
        if self.card is not None and self.card.call_message_id != pending_id:
            self.tools.removeWidget(self.card)
            self.card.deleteLater()
            self.card = None
        if pending is None or self.card is not None:
            return None
        self.card = ApprovalCard(pending)
        self.tools.addWidget(self.card)
        self.card.allow.setFocus(Qt.FocusReason.OtherFocusReason)
        return self.card

    def _render_reasoning(self) -> None:
        """Plain and appended while it streams; formatted Markdown once complete."""
        shown = Shown(self._analysis, 0) if self._whole else cut_for_screen(self._analysis)
        self._reasoning_hidden = shown.hidden
        if self.streaming:
            self.reasoning.stream_plain(shown.text)
        else:
            self.reasoning.set_markdown(shown.text)
        self._update_show_all()

    def show_whole(self) -> None:
        """Lay out every character (slow for a huge line: a person asked for it)."""
        self._whole = True
        self.answer.set_whole(True)
        if self.reasoning.isVisibleTo(self):
            self._render_reasoning()
        self._update_show_all()

    def _update_show_all(self) -> None:
        hidden = 0 if self._whole else self.answer.hidden + self._reasoning_hidden
        self.show_all_button.setVisible(hidden > 0)
        if hidden:
            self.show_all_button.setText(
                fill(self.tr("Show all (%1 more characters)"), integer(hidden))
            )
            self.show_all_button.setAccessibleName(
                self.tr("Show the whole message: very long lines are shown cut")
            )

    def _name_for_readers(self) -> None:
        """A screen reader's name (who and the first words) and, once complete, the whole
        text as the description; set only on a change, so a streaming answer is not read
        out token by token."""
        name = message_name(self.role, self._final)
        if name != self.accessibleName():
            self.setAccessibleName(name)
        whole = "" if self.streaming else self._final[:DESCRIPTION_CHARS]
        if whole != self.accessibleDescription():
            self.setAccessibleDescription(whole)

    def end_streaming(self) -> None:
        """The answer is complete: its reasoning is shown formatted from now on."""
        if self.streaming and self.role == "assistant" and self._final:
            announce_answer(self, self._final)
        self.streaming = False
        self._name_for_readers()
        if self.reasoning.isVisibleTo(self):
            self._render_reasoning()

    def set_stats(self, stats: Stats) -> None:
        self._stats = stats
        if self._thought_s is None and stats.analysis_tokens and stats.tokens_per_second:
            # A stored answer: its reasoning took its tokens at the answer's pace.
            self._thought_s = stats.analysis_tokens / stats.tokens_per_second
        self._show_thought()
        self.stats.setText(breakable(stats_line(stats)))
        if stats.status == "error" or stats.error:
            self.show_error(stats.error or "")
        elif self.error_block is not None:
            self.error_block.hide()

    def show_error(self, message: str) -> None:
        """The answer failed: why, in one sentence, and a Retry button, above the footer."""
        if self.error_block is None:
            self.error_block = ErrorBlock()
            self.error_block.retry.clicked.connect(self._retry)
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(layout.count() - 1, self.error_block)
        self.error_block.set_message(message)
        self.error_block.retry.setEnabled(self.message_id is not None)
        self.error_block.show()

    def _retry(self) -> None:
        if self.message_id is not None:
            self.regenerate.emit(self.message_id)

    def set_sources(self, citations: Sequence[Citation]) -> None:
        """The document passages this answer was given, as buttons under it."""
        if not citations and self.sources is None:
            return
        if self.sources is None:
            self.sources = SourcesView()
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(layout.count() - 1, self.sources)  # above the footer
        self.sources.set_sources(citations)
        self.sources.setVisible(bool(citations))

    def set_cited(self, cited: Mapping[tuple[int, int, int], Citation]) -> None:
        """The passages the answer's browser citations lead to: they become links."""
        self.cited.set(cited)
        self.answer.set_markdown(self.cited.markdown(self._final))

    def open_internal_link(self, url: QUrl) -> bool:
        """A click on one of the answer's citations (safe_markdown asks here)."""
        return self.cited.open(url, self)

    def set_branch(self, branch: Branch | None) -> None:
        self.branch = branch
        self._show_branch()

    def set_actions_enabled(self, enabled: bool) -> None:
        """Actions act on a stored message; off while it streams or has no id yet."""
        self.action_button.setEnabled(enabled and self.message_id is not None)
        if self.error_block is not None:
            self.error_block.retry.setEnabled(enabled and self.message_id is not None)
        for arrow in (self.previous_branch, self.next_branch):
            arrow.setEnabled(enabled)
        self._show_branch()

    def text(self) -> str:
        return self._final

    def analysis(self) -> str:
        return self._analysis

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self._final)

    def _show_branch(self) -> None:
        shown = self.branch is not None and self.branch.count > 1
        for widget in (self.previous_branch, self.branch_label, self.next_branch):
            widget.setVisible(shown)
        if self.branch is None or not shown:
            return
        self.branch_label.setText(f"{self.branch.index + 1}/{self.branch.count}")
        self.branch_label.setAccessibleName(
            fill(self.tr("Version %1 of %2"), str(self.branch.index + 1), str(self.branch.count))
        )
        if self.previous_branch.isEnabled() or self.next_branch.isEnabled():
            self.previous_branch.setEnabled(self.branch.neighbour(-1) is not None)
            self.next_branch.setEnabled(self.branch.neighbour(+1) is not None)

    def _step_branch(self, step: int) -> None:
        target = self.branch.neighbour(step) if self.branch is not None else None
        if target is not None:
            self.switch_branch.emit(target)

    def _act(self) -> None:
        if self.message_id is None:
            return
        (self.edit if self.role == "user" else self.regenerate).emit(self.message_id)

    def _set_open(self, is_open: bool) -> None:
        self.reasoning_toggle.blockSignals(True)
        self.reasoning_toggle.setChecked(is_open)
        self.reasoning_toggle.blockSignals(False)
        self._apply(is_open)

    def _show_reasoning(self, is_open: bool) -> None:
        self._user_chose = True
        self._apply(is_open)

    def _apply(self, is_open: bool) -> None:
        if is_open:  # rendered when first shown: most stored reasoning is never opened
            self._render_reasoning()
        self.reasoning.setVisible(is_open)
        chevron = "chevron-down" if is_open else "chevron-right"
        self.reasoning_toggle.setIcon(icon(chevron, QPalette.ColorRole.PlaceholderText))

    def _show_thought(self) -> None:
        """ "Thinking…" while the reasoning streams, then how long it took when known."""
        if self._thinking_started is not None and not self._final:
            text = self.tr("Thinking…")
        elif self._thought_s is not None:
            text = thought_for(self._thought_s)
        else:
            text = self.tr("Reasoning")
        self.reasoning_toggle.setText(text)
        self.reasoning_toggle.updateGeometry()


def stats_line(stats: Stats) -> str:
    parts = []
    if stats.server:
        parts.append(fill(QCoreApplication.translate("MessageBubble", "⇄ %1"), stats.server))
    if stats.tokens_per_second:
        parts.append(
            fill(
                QCoreApplication.translate("MessageBubble", "%1 tokens/s"),
                decimal(stats.tokens_per_second, 1),
            )
        )
    if stats.time_to_first_token_s is not None:
        parts.append(
            fill(
                QCoreApplication.translate("MessageBubble", "first token %1 s"),
                decimal(stats.time_to_first_token_s, 2),
            )
        )
    parts.append(
        fill(
            QCoreApplication.translate("MessageBubble", "reasoning %1 · answer %2 tokens"),
            integer(stats.analysis_tokens),
            integer(stats.final_tokens),
        )
    )
    if stats.status not in ("complete", "streaming", "error"):  # an error has its own block
        words = {
            "cancelled": QCoreApplication.translate("MessageBubble", "stopped"),
            "interrupted": QCoreApplication.translate(
                "MessageBubble", "interrupted (Lokal closed while it was answering)"
            ),
        }
        parts.append(words.get(stats.status, stats.status))
    return " · ".join(parts)


class ErrorBlock(QFrame):
    """A failed answer's cause, as plain text the reader can select, and Retry."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBlock")
        self.setContentsMargins(4, 1, 1, 1)  # inside the border, thicker on the left
        layout = QHBoxLayout(self)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # engine text is never markup
        self.message.setWordWrap(True)
        # An error may hold one long word (a path): it wraps, never widens the chat.
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.message.setMinimumWidth(80)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message, 1)
        self.retry = QPushButton()
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignTop)
        self._text = ""
        self.retranslate()

    def set_message(self, text: str) -> None:
        self._text = text
        self.retranslate()

    def retranslate(self) -> None:
        shown = translated(recover(self._text)) if self._text else self.tr("The answer failed.")
        self.message.setText(breakable(shown))
        self.message.setAccessibleName(shown)
        self.retry.setText(self.tr("Retry"))
        self.retry.setAccessibleName(self.tr("Try this answer again"))
        self.retry.setToolTip(self.tr("Asks the model for this answer once more"))
        # Never narrower than its text: the message beside it wraps instead.
        self.retry.setMinimumWidth(self.retry.sizeHint().width())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(ERROR_COLOR, 1))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.fillRect(QRectF(0, 3, 4, self.height() - 6), ERROR_COLOR)
        painter.end()
        super().paintEvent(event)


class ChatView(QScrollArea):
    bubble_built = Signal(object)  # a MessageBubble for a stored message, for the window to add to
    regenerate = Signal(int)
    edit = Signal(int)
    switch_branch = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._page = QWidget()
        self._page.setObjectName("chatPage")
        self._page.setBackgroundRole(QPalette.ColorRole.Base)
        self._page.setAutoFillBackground(True)
        # The reading column: centred, never wider than COLUMN_WIDTH.
        self._column = QWidget()
        self._column.setMaximumWidth(COLUMN_WIDTH)
        centre = QHBoxLayout(self._page)
        centre.setContentsMargins(24, 16, 24, 16)
        centre.addStretch(1)
        centre.addWidget(self._column, 100)
        centre.addStretch(1)
        self._layout = QVBoxLayout(self._column)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
        self.earlier_button = QPushButton()
        self.earlier_button.clicked.connect(self.show_earlier)
        self.earlier_button.hide()
        self._layout.addWidget(self.earlier_button)
        self._layout.addStretch(1)
        # With no messages, what to do next (the window sets the words: model or not).
        self.empty_hint = QLabel()
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        big = self.empty_hint.font()
        big.setPointSizeF(big.pointSizeF() * 1.25)
        self.empty_hint.setFont(big)
        self._layout.addWidget(self.empty_hint)
        self._layout.addStretch(1)
        self.setWidget(self._page)
        self.bubbles: list[MessageBubble] = []
        self._pinned: MessageBubble | None = None  # the bubble whose actions stay shown
        self._hidden: list[int] = []  # ids of older messages not built yet
        self._load: Callable[[Sequence[int]], list[StoredMessage]] | None = None
        self._branches: dict[int, Branch] = {}
        self._pending: tuple[str, str] | None = None
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.timeout.connect(self._render_pending)
        # Follow the end of the conversation while it grows, unless the reader scrolled
        # up. The layout grows after a bubble is added or re-rendered, in later events,
        # so the scroll happens when the range changes, not when the text is set.
        self._follow_end = True
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._keep_following)
        bar.valueChanged.connect(self._reader_scrolled)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Conversation"))
        self.earlier_button.setAccessibleDescription(
            self.tr("Long conversations open at their end; this shows the messages before")
        )
        self.earlier_button.setText(self.tr("Show earlier messages (%1)").replace(
            "%1", str(len(self._hidden))
        ))  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def clear(self) -> None:
        self._render_timer.stop()
        self._pending = None
        for bubble in self.bubbles:
            bubble.deleteLater()
        self.bubbles.clear()
        self._pinned = None
        self._hidden = []
        self.earlier_button.hide()
        self.empty_hint.show()

    def show_thread(
        self,
        messages: Sequence[StoredMessage],
        branches: dict[int, Branch] | None = None,
        earlier: Sequence[int] = (),
        load: Callable[[Sequence[int]], list[StoredMessage]] | None = None,
    ) -> None:
        """Show a thread: the last PAGE messages now, the rest on request.

        ``earlier`` are the ids before ``messages`` that ``load`` fetches
        when the reader asks for them; a long ``messages`` is paged the same way.
        """
        self.clear()
        self._branches = branches or {}
        if len(messages) > PAGE:
            known = {m.id: m for m in messages[:-PAGE]}
            earlier = [*earlier, *known]
            inner = load

            def load(ids: Sequence[int]) -> list[StoredMessage]:
                fetched = {m.id: m for m in (inner(ids) if inner else [])}
                return [known.get(i) or fetched[i] for i in ids]

            messages = messages[-PAGE:]
        self._hidden = list(earlier)
        self._load = load
        for message in messages:
            self._insert(self._bubble_for(message), len(self.bubbles))
        self._update_earlier()
        self._follow_end = True
        self._scroll_to_end()

    def show_earlier(self) -> None:
        if not self._hidden or self._load is None:
            return
        batch, self._hidden = self._hidden[-PAGE:], self._hidden[:-PAGE]
        for offset, message in enumerate(self._load(batch)):
            self._insert(self._bubble_for(message), offset)
        self._update_earlier()

    def add_message(
        self, role: str, analysis: str = "", final: str = "", message_id: int | None = None
    ) -> MessageBubble:
        bubble = MessageBubble(role, message_id)
        self._insert(bubble, len(self.bubbles))
        bubble.set_text(analysis, final)
        self._follow_end = True
        self._scroll_to_end()
        return bubble

    def remove_last(self) -> None:
        """Take the last message off the screen (one that could not be saved)."""
        if self.bubbles:
            bubble = self.bubbles.pop()
            self._layout.removeWidget(bubble)
            bubble.deleteLater()
            self._pin_newest()

    def set_actions_enabled(self, enabled: bool) -> None:
        for bubble in self.bubbles:
            bubble.set_actions_enabled(enabled)
        self._pin_newest()

    def _pin_newest(self) -> None:
        """The newest answer's actions stay shown; the others' show on hover or focus."""
        self.empty_hint.setVisible(not self.bubbles)
        last = self.bubbles[-1] if self.bubbles else None
        # Only the bubble pinned before and the last one can change: no walk over a long
        # conversation each time a message is added.
        if self._pinned is not None and self._pinned is not last:
            self._pinned.set_pinned(False)
        self._pinned = None
        if last is not None:
            # Not while it streams: its actions act on a stored answer.
            last.set_pinned(last.role == "assistant" and last.message_id is not None)
            self._pinned = last if last.pinned else None

    def _bubble_for(self, message: StoredMessage) -> MessageBubble:
        bubble = MessageBubble(message.role, message.id)
        if message.role == "tool":
            bubble.set_tools([ToolView.of_meta(dict(message.tool_meta or {}), message.content)])
            bubble.action_button.hide()
            self.bubble_built.emit(bubble)
            return bubble
        bubble.set_text(message.analysis, message.content)
        bubble.set_branch(self._branches.get(message.id))
        if message.role == "assistant":
            bubble.set_stats(Stats.of(message))
        self.bubble_built.emit(bubble)
        return bubble

    def _insert(self, bubble: MessageBubble, index: int) -> None:
        # Layout slot 0 is the "earlier" button; the stretch stays last.
        self._layout.insertWidget(index + 1, bubble)
        self.bubbles.insert(index, bubble)
        self._pin_newest()
        bubble.regenerate.connect(self.regenerate)
        bubble.edit.connect(self.edit)
        bubble.switch_branch.connect(self.switch_branch)

    def _update_earlier(self) -> None:
        self.earlier_button.setVisible(bool(self._hidden))
        self.retranslate()

    def stream_into_last(self, analysis: str, final: str) -> None:
        """The streaming answer's texts so far; rendered at most every RENDER_INTERVAL_MS."""
        if self.bubbles:
            self.bubbles[-1].streaming = True
        self._pending = (analysis, final)
        if not self._render_timer.isActive():
            self._render_timer.start(RENDER_INTERVAL_MS)

    def flush(self) -> None:
        self._render_timer.stop()
        self._render_pending()

    def _render_pending(self) -> None:
        if self._pending is not None and self.bubbles:
            self.bubbles[-1].set_text(*self._pending)
            self._pending = None

    def _keep_following(self, _minimum: int, maximum: int) -> None:
        if self._follow_end:
            self.verticalScrollBar().setValue(maximum)

    def _reader_scrolled(self, value: int) -> None:
        # Within a line of the end counts as the end: the reader still follows.
        self._follow_end = value >= self.verticalScrollBar().maximum() - 40

    def _scroll_to_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
