"""The conversation: one bubble per message, reasoning folded away under each answer.

While an answer streams only the last bubble changes, and its Markdown is
parsed again at most `RENDER_INTERVAL_MS` apart: parsing grows with the text,
tokens arrive faster than anyone reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.safe_markdown import SafeMarkdownView

RENDER_INTERVAL_MS = 100


class _GrowingView(SafeMarkdownView):
    """A Markdown view as tall as its text, so the page scrolls and not each bubble."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_markdown(self, text: str) -> None:
        super().set_markdown(text)
        self._fit()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def _fit(self) -> None:
        self.document().setTextWidth(self.viewport().width())
        height = int(self.document().size().height()) + 6
        if height != self.height():
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:
        return QSize(400, self.height())


@dataclass
class Stats:
    tokens_per_second: float | None = None
    time_to_first_token_s: float | None = None
    analysis_tokens: int = 0
    final_tokens: int = 0
    status: str = "complete"

    def line(self) -> str:
        parts = []
        if self.tokens_per_second:
            parts.append(f"{self.tokens_per_second:.1f} tokens/s")
        if self.time_to_first_token_s is not None:
            parts.append(f"first token {self.time_to_first_token_s:.2f} s")
        parts.append(f"reasoning {self.analysis_tokens} · answer {self.final_tokens} tokens")
        if self.status not in ("complete", "streaming"):
            parts.append(self.status)
        return " · ".join(parts)


class MessageBubble(QFrame):
    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.setObjectName("userBubble" if role == "user" else "assistantBubble")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.title = QLabel("You" if role == "user" else "Lokal")
        self.title.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.title)
        self.reasoning_toggle = QToolButton()
        self.reasoning_toggle.setCheckable(True)
        self.reasoning_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.reasoning_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.reasoning_toggle.setText("Reasoning")
        self.reasoning_toggle.setAccessibleName("Show or hide the reasoning")
        self.reasoning_toggle.toggled.connect(self._show_reasoning)
        self.reasoning = _GrowingView()
        self.reasoning.setStyleSheet("color: palette(placeholder-text);")
        self.answer = _GrowingView()
        self.stats = QLabel()
        self.stats.setStyleSheet("color: palette(placeholder-text); font-size: small;")
        for widget in (self.reasoning_toggle, self.reasoning, self.answer, self.stats):
            layout.addWidget(widget)
        self.reasoning_toggle.hide()
        self.reasoning.hide()
        self.stats.hide()
        self._analysis = self._final = ""
        self._user_chose = False

    def set_text(self, analysis: str, final: str) -> None:
        """Show the texts so far; the reasoning folds away once the answer begins."""
        if analysis != self._analysis:
            self._analysis = analysis
            self.reasoning.set_markdown(analysis)
            self.reasoning_toggle.show()
            if not self._user_chose and not final:
                self._set_open(True)
        if final != self._final:
            if not self._final and not self._user_chose:
                self._set_open(False)
            self._final = final
            self.answer.set_markdown(final)

    def set_stats(self, stats: Stats) -> None:
        self.stats.setText(stats.line())
        self.stats.show()

    def _set_open(self, is_open: bool) -> None:
        self.reasoning_toggle.blockSignals(True)
        self.reasoning_toggle.setChecked(is_open)
        self.reasoning_toggle.blockSignals(False)
        self._apply(is_open)

    def _show_reasoning(self, is_open: bool) -> None:
        self._user_chose = True
        self._apply(is_open)

    def _apply(self, is_open: bool) -> None:
        self.reasoning.setVisible(is_open)
        arrow = Qt.ArrowType.DownArrow if is_open else Qt.ArrowType.RightArrow
        self.reasoning_toggle.setArrowType(arrow)


class ChatView(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName("Conversation")
        self._page = QWidget()
        self._layout = QVBoxLayout(self._page)
        self._layout.addStretch(1)
        self.setWidget(self._page)
        self.bubbles: list[MessageBubble] = []
        self._pending: tuple[str, str] | None = None
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.timeout.connect(self._render_pending)

    def clear(self) -> None:
        for bubble in self.bubbles:
            bubble.deleteLater()
        self.bubbles.clear()

    def add_message(self, role: str, analysis: str = "", final: str = "") -> MessageBubble:
        bubble = MessageBubble(role)
        self._layout.insertWidget(self._layout.count() - 1, bubble)
        self.bubbles.append(bubble)
        bubble.set_text(analysis, final)
        QTimer.singleShot(0, self._scroll_to_end)
        return bubble

    def stream_into_last(self, analysis: str, final: str) -> None:
        """The streaming answer's texts so far; rendered at most every RENDER_INTERVAL_MS."""
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
            self._scroll_to_end()

    def _scroll_to_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
