"""The conversation list: new, search with highlighted hits, rename, delete.

It shows what it is given and emits what the person asked for; the window
owns the store and decides. Hits are drawn from the store's (text, matched)
parts, escaped here, so nothing a conversation contains is read as markup.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QFrame,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.core.store import Conversation, SearchHit
from app.ui.appearance import selection_tint
from app.ui.icons import icon
from app.ui.plain_text import plain_tooltip

ID_ROLE = Qt.ItemDataRole.UserRole
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 2
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3  # the heading drawn above the first of a group
GROUP_HEIGHT = 30
AnyIndex = QModelIndex | QPersistentModelIndex


def hit_html(hit: SearchHit) -> str:
    title = html.escape(hit.title)
    snippet = "".join(
        f"<b>{html.escape(text)}</b>" if matched else html.escape(text)
        for text, matched in hit.parts()
    )
    return f"{title}<br><small>{snippet}</small>"


class _RichTextDelegate(QStyledItemDelegate):
    """Draws an item's HTML_ROLE (already escaped) as rich text; plain items as usual."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        group = index.data(GROUP_ROLE)
        if group:  # the heading above the item, in the quiet colour
            heading = QRect(option.rect)
            heading.setHeight(GROUP_HEIGHT)
            painter.save()
            font = QFont(option.font)
            font.setPointSizeF(font.pointSizeF() * 0.85)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                heading.adjusted(8, 0, -8, -4),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                group,
            )
            painter.restore()
            option = QStyleOptionViewItem(option)
            option.rect = option.rect.adjusted(0, GROUP_HEIGHT, 0, 0)
        markup = index.data(HTML_ROLE)
        if not markup and index.data(ID_ROLE) is not None:
            self._paint_title(painter, option, index)
            return
        if not markup:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        document = self._document(markup, option.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(
                context.palette.ColorRole.Text, option.palette.highlightedText().color()
            )
        painter.save()
        painter.translate(option.rect.topLeft())
        document.documentLayout().draw(painter, context)
        painter.restore()

    @staticmethod
    def _paint_title(painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        """A conversation's row: a quiet rounded tint when selected or under the pointer,
        its title elided on one line, in the text colour (readable in either state)."""
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        row = QRectF(option.rect).adjusted(0, 1, 0, -1)
        if selected or hovered:
            tint = selection_tint(palette, 0.16 if selected else 0.07)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(tint)
            painter.drawRoundedRect(row, 8, 8)
        if option.state & QStyle.StateFlag.State_HasFocus and selected:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(row.adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        text_area = option.rect.adjusted(10, 0, -10, 0)
        title = option.fontMetrics.elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            Qt.TextElideMode.ElideRight,
            text_area.width(),
        )
        painter.drawText(text_area, int(Qt.AlignmentFlag.AlignVCenter), title)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        extra = GROUP_HEIGHT if index.data(GROUP_ROLE) else 0
        markup = index.data(HTML_ROLE)
        if not markup:
            size = super().sizeHint(option, index)
            return QSize(size.width(), max(size.height(), 34) + extra)
        document = self._document(markup, max(option.rect.width(), 200))
        return QSize(int(document.idealWidth()), int(document.size().height()) + 8 + extra)

    @staticmethod
    def _document(markup: str, width: int) -> QTextDocument:
        document = QTextDocument()
        document.setHtml(markup)  # escaped by hit_html; only <b>, <br>, <small> are ours
        document.setTextWidth(width)
        return document


class _ConversationList(QListWidget):
    """The list; empty, it says what to do instead of showing a blank pane."""

    def __init__(self) -> None:
        super().__init__()
        self.empty_text = ""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            area = self.viewport().rect().adjusted(12, 16, -12, -12)
            flags = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter
            painter.drawText(area, int(flags) | int(Qt.TextFlag.TextWordWrap), self.empty_text)
            painter.end()


def group_of(when: datetime, today: date) -> str:
    """ "today", "yesterday", "week" (the 7 days before) or "older", in local time."""
    local = when.astimezone() if when.tzinfo is not None else when
    days = (today - local.date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return "week"
    return "older"


class ConversationSidebar(QWidget):
    new_requested = Signal()
    open_requested = Signal(int, int)  # conversation, and the message a hit found (0: none)
    rename_requested = Signal(int, str)
    delete_requested = Signal(int)
    export_requested = Signal(int)
    search_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_button = QPushButton()
        self.new_button.setIcon(icon("new-chat"))
        self.new_button.setIconSize(QSize(18, 18))
        self.new_button.setFlat(True)
        self.new_button.setMinimumHeight(36)
        # A row like the conversations under it, its icon and words at the left.
        self.new_button.setStyleSheet("text-align: left; padding: 6px 10px;")
        self.new_button.clicked.connect(self.new_requested)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(32)
        self.search_icon = self.search.addAction(
            icon("search"), QLineEdit.ActionPosition.LeadingPosition
        )
        self.search.textChanged.connect(lambda text: self.search_changed.emit(text.strip()))
        self.list = _ConversationList()
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setBackgroundRole(QPalette.ColorRole.Window)
        self.list.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        self.list.setItemDelegate(_RichTextDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._open)
        self.list.itemClicked.connect(self._open)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        for widget in (self.search, self.new_button, self.list):  # the search field on top
            layout.addWidget(widget)
        self._shown: list[Conversation] = []
        self._current: int | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.new_button.setText(self.tr("&New chat"))
        self.new_button.setAccessibleName(self.tr("Start a new conversation"))
        self.search.setPlaceholderText(self.tr("Search all chats (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search all conversations"))
        self.search_icon.setText(self.tr("Search all conversations"))
        self.search_icon.setToolTip(
            self.tr("Finds the conversations whose messages contain the words typed here")
        )
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.setAccessibleDescription(
            self.tr("Enter opens, F2 renames, Delete deletes the selected conversation")
        )
        self.list.empty_text = self.tr(
            "No conversations yet. Write a question below to start the first one."
        )
        if self._shown and not self.query():
            self.show_conversations(self._shown, self._current)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- showing ------------------------------------------------------------------

    def show_conversations(
        self, conversations: Sequence[Conversation], current: int | None
    ) -> None:
        """Newest first, under Today / Yesterday / Last 7 days / Older (by the last change)."""
        self._shown, self._current = list(conversations), current
        self.list.clear()
        today = date.today()
        previous = None
        for conversation in conversations:
            # A placeholder title is said in the window's language of today.
            title = self.tr("New chat") if conversation.auto_title else conversation.title
            item = QListWidgetItem(title)
            item.setData(ID_ROLE, conversation.id)
            group = group_of(conversation.updated_at, today)
            if group != previous:
                item.setData(GROUP_ROLE, self._group_title(group))
                previous = group
            item.setToolTip(plain_tooltip(title))
            self.list.addItem(item)
            if conversation.id == current:
                self.list.setCurrentItem(item)

    def _group_title(self, group: str) -> str:
        titles = {
            "today": self.tr("Today"),
            "yesterday": self.tr("Yesterday"),
            "week": self.tr("Last 7 days"),
        }
        return titles.get(group, self.tr("Older"))

    def mark_current(self, conversation_id: int) -> None:
        """Highlight the open conversation (a search hit list keeps its own selection)."""
        self._current = conversation_id
        if self.query():
            return
        for i in range(self.list.count()):
            if self.list.item(i).data(ID_ROLE) == conversation_id:
                self.list.setCurrentRow(i)
                return

    def show_hits(self, hits: Sequence[SearchHit]) -> None:
        self.list.clear()
        for hit in hits:
            snippet = "".join(text for text, _matched in hit.parts())
            item = QListWidgetItem(f"{hit.title}\n{snippet}")
            item.setData(ID_ROLE, hit.conversation_id)
            item.setData(MESSAGE_ROLE, hit.message_id)
            item.setData(HTML_ROLE, hit_html(hit))
            self.list.addItem(item)
        if not hits:
            empty = QListWidgetItem(
                self.tr("No messages match. Try other words, or clear the search to see all.")
            )
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(empty)

    def query(self) -> str:
        return self.search.text().strip()

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        value = item.data(ID_ROLE) if item is not None else None
        return int(value) if value is not None else None

    # --- asking -------------------------------------------------------------------

    def ask_rename(self, conversation_id: int) -> None:
        current = next(
            (
                self.list.item(i).text().split("\n")[0]
                for i in range(self.list.count())
                if self.list.item(i).data(ID_ROLE) == conversation_id
            ),
            "",
        )
        title, accepted = QInputDialog.getText(
            self, self.tr("Rename conversation"), self.tr("New name:"), text=current
        )
        if accepted and title.strip():
            self.rename_requested.emit(conversation_id, title.strip())

    def _open(self, item: QListWidgetItem) -> None:
        value = item.data(ID_ROLE)
        if value is not None:
            self.open_requested.emit(int(value), int(item.data(MESSAGE_ROLE) or 0))

    def _menu(self, position: QPoint) -> None:
        item = self.list.itemAt(position)
        value = item.data(ID_ROLE) if item is not None else None
        if value is None:
            return
        conversation_id = int(value)
        menu = QMenu(self)
        menu.addAction(self.tr("Rename…"), lambda: self.ask_rename(conversation_id))
        menu.addAction(self.tr("Export…"), lambda: self.export_requested.emit(conversation_id))
        menu.addSeparator()
        menu.addAction(self.tr("Delete"), lambda: self.delete_requested.emit(conversation_id))
        menu.exec(self.list.viewport().mapToGlobal(position))

    def eventFilter(self, watched: object, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            selected = self.selected_id()
            key = event.key()  # type: ignore[attr-defined]
            if selected is not None and key == Qt.Key.Key_F2:
                self.ask_rename(selected)
                return True
            if selected is not None and event.matches(QKeySequence.StandardKey.Delete):  # type: ignore[attr-defined]
                self.delete_requested.emit(selected)
                return True
        return False
