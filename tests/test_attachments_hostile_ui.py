"""The hostile corpus dropped on the window: every file fails with its sentence, and the
window keeps drawing while they are read."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from app.core.documents.model import Limits
from app.core.store import ChatStore
from app.ui.attacher import DocumentAttacher
from app.ui.attachments import AttachmentBar
from tests.fixtures import make_documents as make

TICK_MS = 10


def hostile_files(folder: Path) -> dict[Path, str]:
    """Each file built to hurt a reader, and the sentence (a pattern) its chip must show."""
    bomb = make.write_pdf_bomb(folder / "bomb.pdf")
    zip_bomb = make.write_zip_bomb_docx(folder / "report.docx", inflated_bytes=32 * 1024**2)
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)
    loop = folder / "loop.txt"
    loop.symlink_to(loop)
    noise = folder / "noise.txt"
    noise.write_bytes(bytes(range(256)) * 64)
    huge = folder / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(1024**3)
    return {
        bomb: r"Reading bomb\.pdf needed more than the 512 MB of memory Lokal allows.*",
        zip_bomb: r"report\.docx contains a part that expands [\d,]+ times.*\(a zip bomb\?\)\.",
        Path("/dev/zero"): r"zero is a device, not a file Lokal can read\.",
        fifo: r"pipe\.txt is a pipe \(FIFO\), not a file Lokal can read\.",
        loop: r"loop\.txt is a link that leads back to itself, so there is no file to read\.",
        noise: r"noise\.txt looks like a binary file, not text\.",
        huge: r"huge\.txt is 1 GB, larger than the 128 MB Lokal reads from one file\.",
    }


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, /dev/zero and symlink loops")
def test_the_hostile_corpus_fails_file_by_file_while_the_window_stays_live(
    qtbot: QtBot, tmp_path: Path
) -> None:
    database = tmp_path / "lokal.db"
    conversation = ChatStore(database).create_conversation("hostile").id
    bar = AttachmentBar()
    qtbot.addWidget(bar)
    attacher = DocumentAttacher(
        bar, database, lambda: conversation, limits=Limits(max_memory_bytes=512 * 1024**2)
    )
    expected = hostile_files(tmp_path)

    # A 10 ms timer on the GUI thread stands for the window's painting and input.
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.monotonic()
    attacher.attach_paths(list(expected))  # all at once, as one drop delivers them

    def settled() -> None:
        assert len(bar.chips) == len(expected)
        assert all(chip.state != "reading" for chip in bar.chips.values())

    try:
        qtbot.waitUntil(settled, timeout=120_000)
    finally:
        ended = time.monotonic()
        timer.stop()
        attacher.close()

    for path, pattern in expected.items():
        chip = bar.chips[f"file:{conversation}:{path}"]
        prefix = f"{path.name} could not be attached: "
        tooltip = chip.toolTip()
        assert chip.state == "failed" and tooltip.startswith(prefix), tooltip
        reason = tooltip.removeprefix(prefix)
        assert re.fullmatch(pattern, reason), reason
        assert "Traceback" not in reason and "\n" not in reason

    # Reading took seconds (the PDF bomb alone fills 512 MB), and the GUI thread
    # ticked through them: on the GUI thread the ticks would stop for all that
    # time. The bounds are far from both, for a loaded machine.
    elapsed = ended - started
    during = [tick for tick in ticks if tick >= started]
    gaps = [b - a for a, b in zip([started, *during], [*during, ended], strict=True)]
    print(
        f"{elapsed:.2f} s, {len(during)} ticks of {elapsed * 1000 / TICK_MS:.0f}, "
        f"longest gap {max(gaps) * 1000:.0f} ms"
    )
    assert len(during) >= 0.3 * elapsed * 1000 / TICK_MS
    assert max(gaps) < 1.0
