"""Settings: instructions, sampling, context, threads, theme, language, offline mode, tools."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.settings import (
    CONTEXT_RANGE,
    PROMPT_CACHE_MB_RANGE,
    TEMPERATURE_RANGE,
    THREADS_RANGE,
    TOP_P_RANGE,
    Settings,
)
from app.core.tools import ToolHost
from app.ui.button_descriptions import describe_standard_buttons
from app.ui.locale_format import integer
from app.ui.text import fill
from app.ui.tools_page import ToolsPage

CONTEXT_CHOICES = (4096, 8192, 16384, 32768, 65536, 131072)


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        offline_now: bool,
        parent: QWidget | None = None,
        tool_host: ToolHost | None = None,
    ) -> None:
        super().__init__(parent)
        self.tool_host = tool_host
        self._original = settings
        self._offline_now = offline_now
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)

        self.instructions = QPlainTextEdit(settings.instructions)
        self.instructions.setTabChangesFocus(True)
        self.instructions.setPlaceholderText(
            self.tr("For example: Answer in German. Keep answers short. Cite the page.")
        )
        self.instructions.setAccessibleName(self.tr("Instructions for every conversation"))
        self.instructions.setAccessibleDescription(
            self.tr("The model reads them before every conversation")
        )
        self.instructions.setMaximumHeight(110)

        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(*TEMPERATURE_RANGE)
        self.temperature.setSingleStep(0.1)
        self.temperature.setValue(settings.temperature)
        self.temperature.setAccessibleName(self.tr("Temperature"))
        self.temperature.setToolTip(
            self.tr("Higher makes answers more varied, lower more predictable")
        )
        self.top_p = QDoubleSpinBox()
        self.top_p.setRange(*TOP_P_RANGE)
        self.top_p.setSingleStep(0.05)
        self.top_p.setValue(settings.top_p)
        self.top_p.setAccessibleName(self.tr("Top-p"))
        self.top_p.setToolTip(
            self.tr("The model chooses only among the likeliest words that make up this share")
        )

        self.context = QComboBox()
        self.context.setAccessibleName(self.tr("Context length"))
        self.context.setToolTip(
            self.tr("How much of a conversation the model reads at once; more needs more memory")
        )
        self.context.addItem(self.tr("Automatic (fits this computer)"), None)
        for size in CONTEXT_CHOICES:
            if CONTEXT_RANGE[0] <= size <= CONTEXT_RANGE[1]:
                self.context.addItem(fill(self.tr("%1 tokens"), integer(size)), size)
        index = self.context.findData(settings.context_length)
        self.context.setCurrentIndex(max(index, 0))

        self.threads = QSpinBox()
        self.threads.setRange(0, THREADS_RANGE[1])
        self.threads.setSpecialValueText(self.tr("Automatic"))
        self.threads.setValue(settings.threads or 0)
        self.threads.setAccessibleName(self.tr("Threads"))
        self.threads.setToolTip(
            self.tr("Processor threads that compute answers; Automatic chooses for this computer")
        )

        # Saved prompt caches make a long conversation answer at once when it is reopened.
        self.prompt_cache = QSpinBox()
        self.prompt_cache.setRange(*PROMPT_CACHE_MB_RANGE)
        self.prompt_cache.setSingleStep(500)
        self.prompt_cache.setSuffix(self.tr(" MB"))
        self.prompt_cache.setSpecialValueText(self.tr("Off"))
        self.prompt_cache.setValue(settings.prompt_cache_mb)
        self.prompt_cache.setAccessibleName(self.tr("Disk space for saved prompt caches"))
        self.prompt_cache.setToolTip(
            self.tr(
                "Conversations reopen without reading them again: their model state is kept "
                "on disk, the least recently used removed first."
            )
        )

        self.theme = QComboBox()
        self.theme.setAccessibleName(self.tr("Theme"))
        self.theme.setToolTip(self.tr("Light or dark colours, or those of the system"))
        for label, value in (
            (self.tr("Like the system"), "system"),
            (self.tr("Light"), "light"),
            (self.tr("Dark"), "dark"),
        ):
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(max(self.theme.findData(settings.theme), 0))

        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        self.language.setToolTip(self.tr("The language of Lokal's windows"))
        for label, value in (
            (self.tr("Like the system"), "system"),
            ("English", "en"),
            ("Deutsch", "de"),
        ):
            self.language.addItem(label, value)
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))

        self.offline = QCheckBox(self.tr("Work offline: never connect to the network"))
        self.offline.setAccessibleName(self.tr("Work offline"))
        self.offline.setToolTip(self.tr("No downloads and no connections to other computers"))
        self.offline.setChecked(offline_now)

        form = QFormLayout()
        form.addRow(self.tr("&Instructions:"), self.instructions)
        form.addRow(self.tr("&Temperature:"), self.temperature)
        form.addRow(self.tr("Top-&p:"), self.top_p)
        form.addRow(self.tr("&Context length:"), self.context)
        form.addRow(self.tr("T&hreads:"), self.threads)
        form.addRow(self.tr("Prompt cache on &disk:"), self.prompt_cache)
        form.addRow(self.tr("The&me:"), self.theme)
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow(self.offline)  # both columns: a long translation fits
        self.tools_button = QPushButton(self.tr("T&ools and tool servers…"))
        self.tools_button.clicked.connect(self.open_tools)
        self.tools_button.setEnabled(tool_host is not None)
        self.tools_button.setToolTip(
            self.tr("Opens the tool servers and chooses which tools the model may use")
        )
        form.addRow(self.tr("Tools:"), self.tools_button)
        note = QLabel(
            self.tr(
                "Context length and threads take effect when the model is loaded again; "
                "Lokal reloads it for you."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        describe_standard_buttons(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def open_tools(self) -> ToolsPage | None:
        if self.tool_host is None:
            return None
        page = ToolsPage(self.tool_host, self)
        page.open()
        return page

    def values(self) -> Settings:
        return replace(
            self._original,
            instructions=self.instructions.toPlainText().strip(),
            temperature=round(self.temperature.value(), 2),
            top_p=round(self.top_p.value(), 2),
            context_length=self.context.currentData(),
            threads=self.threads.value() or None,
            prompt_cache_mb=self.prompt_cache.value(),
            theme=self.theme.currentData(),
            language=self.language.currentData(),
            # Untouched, an automatic setting stays automatic.
            offline_mode=(
                self._original.offline_mode
                if self.offline.isChecked() == self._offline_now
                else self.offline.isChecked()
            ),
        )
