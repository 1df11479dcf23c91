"""Where the main window's parts sit (docs/design.md).

The sidebar on the window's colour at the left; at the right, on the page colour, the
header (the model's slot), the conversation in its centred reading column, and under
it the composer in the same column.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from app.ui.chat_view import COLUMN_WIDTH
from app.ui.window_parts import WindowParts

SIDEBAR_WIDTH = 272
GAP = 8  # the spacing unit: everything is a multiple of it (or of its half)


def centred(*widgets: QWidget, width: int = COLUMN_WIDTH) -> QWidget:
    """The widgets in a column of at most ``width``, centred in the space given."""
    holder = QWidget()
    column = QWidget()
    column.setMaximumWidth(width)
    inner = QVBoxLayout(column)
    inner.setContentsMargins(0, 0, 0, 0)
    inner.setSpacing(GAP)
    for widget in widgets:
        inner.addWidget(widget)
    row = QHBoxLayout(holder)
    row.setContentsMargins(3 * GAP, 0, 3 * GAP, 0)
    row.addStretch(1)
    row.addWidget(column, 100)
    row.addStretch(1)
    return holder


def arrange(window: WindowParts) -> QWidget:
    header = QWidget()
    header.setObjectName("header")
    top = QHBoxLayout(header)
    top.setContentsMargins(2 * GAP, GAP, 2 * GAP, GAP)
    top.addWidget(window.model_bar)  # the model picker's place
    window.header = header
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setForegroundRole(QPalette.ColorRole.Mid)
    line.setFixedHeight(1)

    main = QWidget()
    main.setObjectName("main")
    main.setBackgroundRole(QPalette.ColorRole.Base)
    main.setAutoFillBackground(True)
    column = QVBoxLayout(main)
    column.setContentsMargins(0, 0, 0, 2 * GAP)
    column.setSpacing(0)
    column.addWidget(header)
    column.addWidget(line)
    column.addWidget(window.undo_bar)
    column.addWidget(window.pages, 1)
    column.addWidget(centred(window.prompt_progress, window.edit_banner, window.composer_box))

    # Tab goes through the composer box as it reads: text, Attach, tools, effort, Send/Stop.
    chain = [
        window.composer,
        window.composer_box.attach_button,
        window.tools_button,
        window.model_bar.effort,
        window.send_button,
        window.stop_button,
    ]
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)

    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(window.sidebar)
    splitter.addWidget(main)
    splitter.setSizes([SIDEBAR_WIDTH, 1000])
    splitter.setStretchFactor(1, 1)
    splitter.setChildrenCollapsible(False)
    splitter.setHandleWidth(1)
    return splitter
