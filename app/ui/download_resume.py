"""At start: continue the downloads that quitting, a crash or a failure interrupted.

A download the user paused waits for them; offline mode keeps every one waiting
and says so, because resuming means connecting to the Hub.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.core import network_guard
from app.core.models.catalog import CatalogError, find_entry
from app.core.models.installed import list_incomplete
from app.ui.download_worker import DownloadManager
from app.ui.text import fill


class DownloadResumer(QObject):
    def __init__(self, downloads: DownloadManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._downloads = downloads

    def resume(self) -> str:
        """Start the interrupted downloads; what to tell the person ("" when nothing)."""
        try:
            # One that failed for good waits in the Models window for "Download again".
            unfinished = [d for d in list_incomplete() if d.failure is None]
        except OSError:
            return ""
        paused = [d.label for d in unfinished if d.paused]
        interrupted = [d for d in unfinished if not d.paused]
        sentences = []
        if interrupted and network_guard.is_offline():
            labels = ", ".join(d.label for d in interrupted)
            if len(interrupted) == 1:
                text = self.tr("%1's download is paused: offline mode is on.")
            else:
                text = self.tr("The downloads of %1 are paused: offline mode is on.")
            sentences.append(fill(text, labels))
        elif interrupted:
            resumed = []
            for download in interrupted:
                try:
                    entry = find_entry(download.name)
                except CatalogError:
                    entry = None
                if entry is None:  # no longer in the catalog: it cannot be looked up
                    paused.append(download.label)
                    continue
                self._downloads.start(entry)
                resumed.append(download.label)
            if resumed:
                sentences.append(fill(self.tr("Resuming the download of %1."), ", ".join(resumed)))
        if paused:
            sentences.append(
                fill(
                    self.tr("Download paused: %1. Open File → Models… to resume it."),
                    ", ".join(paused),
                )
            )
        return " ".join(sentences)
