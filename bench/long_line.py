"""Opening a conversation whose stored answer is one very long line (issue 13, defect 11).

    QT_QPA_PLATFORM=offscreen python bench/long_line.py [--chars 400000] [--repeats 3]

Builds a conversation of a question and an answer holding one line of ``--chars``
characters (words without a line break, and a URL-like run without spaces), opens
it in the real window at 1100x720 and prints the time from open_conversation() to
the layout done (events processed, the page's height known). Printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402
from window_timing import time_opens  # noqa: E402

from app.core.store import ChatStore  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402


def long_line(chars: int) -> str:
    words = "the quick brown fox jumps over the lazy dog and "
    half = (words * (chars // (2 * len(words)) + 1))[: chars // 2]
    url = "https://example.com/" + "a1b2c3d4" * (chars // 16 + 1)
    return (half + url)[:chars]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=400_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lokal.db"
        with ChatStore(path) as store:
            short = store.create_conversation("short")
            store.add_user_message(short.id, "hello")
            chat = store.create_conversation("long line")
            question = store.add_user_message(chat.id, "print it all on one line")
            answer = store.start_assistant_message(chat.id, question.id, "low", None, None)
            store.finish_assistant_message(answer.id, "complete", content=long_line(args.chars))
        window = MainWindow(path, Path(folder) / "settings.json")
        window.resize(1100, 720)
        window.show()
        app.processEvents()

        def lay_out_the_whole_page() -> None:
            page = window.chat.widget()
            assert page is not None
            page.sizeHint()
            app.processEvents()

        times = time_opens(window, chat.id, short.id, args.repeats, lay_out_the_whole_page)
        widest = window.chat.horizontalScrollBar().maximum()
        window.close()
    print(
        f"open a conversation with one {args.chars:,}-character line: "
        f"median {statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms "
        f"(horizontal scroll range {widest} px)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
