"""Downloads that outlive the model manager window: one thread per download, owned by a
DownloadManager that the main window keeps for the whole session.

The transfer itself is app.core.models.download (no Qt); this only runs it off the
GUI thread and turns its events into signals. Closing the dialog does not stop a
download; quitting suspends every download (``shutdown``), and the next start
resumes it by itself; one the user paused waits for them to resume it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from app.core.engine.protocol import SystemReport
from app.core.models import token as tokens
from app.core.models.catalog import CatalogEntry
from app.core.models.download import Event, Failed, Halted, Progress, download_model
from app.core.models.fit import probe_report
from app.core.models.transfer import Control
from app.ui.text import fill


class DownloadThread(QThread):
    download_event = Signal(object)  # a download Event, delivered in the GUI thread

    def __init__(
        self,
        entry: CatalogEntry,
        control: Control,
        token: str | None,
        root: Path | None,
        parent: QObject | None = None,
        fresh: bool = False,
    ) -> None:
        super().__init__(parent)
        self.entry, self.control, self.token, self.root = entry, control, token, root
        self.fresh = fresh

    def run(self) -> None:
        try:
            download_model(
                self.entry,
                self.download_event.emit,
                control=self.control,
                token=self.token,
                root=self.root,
                fresh=self.fresh,
            )
        except Exception as exc:  # every failure is a sentence for the user, never a traceback
            message = tokens.redact(fill(self.tr("The download stopped unexpectedly (%1)."), exc))
            self.download_event.emit(Failed(self.entry.name, message, resumable=True))


class SystemProbe(QThread):
    """Asks the engine what this computer has (a second or two), off the GUI thread."""

    done = Signal(object)  # SystemReport

    def run(self) -> None:
        self.done.emit(probe_report())


class DownloadManager(QObject):
    """Starts, pauses, resumes and cancels downloads; remembers each one's last progress."""

    progress = Signal(str, object)  # model name, Progress
    finished = Signal(str, object)  # model name, the final event (Installed, Halted, Failed)
    models_changed = Signal()  # something was installed, paused, cancelled or failed

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        root: Path | None = None,
        token: Callable[[], str | None] = tokens.get_token,
    ) -> None:
        super().__init__(parent)
        self.root = root
        self._token = token
        self._threads: dict[str, DownloadThread] = {}
        self.latest: dict[str, Progress] = {}
        self.last_result: dict[str, Event] = {}
        #: what the engine reported about this computer, for fit verdicts (probed once)
        self.system_report: SystemReport | None = None
        self._probe: SystemProbe | None = None
        # A safety net: quitting pauses the downloads even if the owner forgets to.
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def probe_system(self) -> SystemProbe:
        """Start (once) asking the engine about this computer; ``done`` carries the report.

        The probe belongs to the manager, so closing a dialog that waits for it is safe.
        """
        if self._probe is None:
            self._probe = SystemProbe(self)
            self._probe.done.connect(self._remember_report)
            self._probe.start()
        return self._probe

    @Slot(object)
    def _remember_report(self, report: SystemReport) -> None:
        self.system_report = report

    def is_active(self, name: str) -> bool:
        # A download is over once its final event has come, even before its thread ends.
        thread = self._threads.get(name)
        return thread is not None and not thread.control.stopped and name not in self.last_result

    def active_names(self) -> list[str]:
        return [name for name in self._threads if self.is_active(name)]

    def start(self, entry: CatalogEntry, *, fresh: bool = False) -> None:
        """Download ``entry``, or resume it where an earlier attempt stopped (``fresh``: start
        over from the catalog's version)."""
        if self.is_active(entry.name):
            return
        old = self._threads.pop(entry.name, None)
        if old is not None:  # its final event came; let its thread end first
            old.wait()
        thread = DownloadThread(entry, Control(), self._token(), self.root, self, fresh)
        # Slots of this object (which lives on the GUI thread), not lambdas: a lambda on a
        # thread's signal runs in that thread, and what it touches then is touched there.
        thread.download_event.connect(self._thread_event)
        thread.finished.connect(self._thread_finished)
        self._threads[entry.name] = thread
        self.last_result.pop(entry.name, None)
        thread.start()

    def pause(self, name: str) -> None:
        if name in self._threads:
            self._threads[name].control.pause()

    def cancel(self, name: str) -> None:
        if name in self._threads:
            self._threads[name].control.cancel()

    @Slot(object)
    def _thread_event(self, event: Event) -> None:
        thread = self.sender()
        if isinstance(thread, DownloadThread):
            self._on_event(thread.entry.name, event)

    @Slot()
    def _thread_finished(self) -> None:
        thread = self.sender()
        if isinstance(thread, DownloadThread):
            self._forget(thread.entry.name, thread)

    def _on_event(self, name: str, event: Event) -> None:
        if isinstance(event, Progress):
            self.latest[name] = event
            self.progress.emit(name, event)
            return
        self.last_result[name] = event
        if not isinstance(event, Halted) or not event.paused:
            self.latest.pop(name, None)
        self.finished.emit(name, event)
        self.models_changed.emit()

    def _forget(self, name: str, thread: DownloadThread) -> None:
        # A new download of the same model may have started before this one's thread ended.
        if self._threads.get(name) is thread:
            del self._threads[name]
        thread.deleteLater()

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Suspend every download (its part files stay for next time) and wait for the threads."""
        threads = list(self._threads.values())
        for thread in threads:
            thread.control.suspend()
        for thread in threads:
            thread.wait(timeout_ms)
        if self._probe is not None:
            self._probe.wait(timeout_ms)
