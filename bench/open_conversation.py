"""Opening a long conversation in the window, alone: the GUI thread's time per open.

    QT_QPA_PLATFORM=offscreen python bench/open_conversation.py [--thread 2000] [--repeats 5]

bench/ui.py measures the same among other things; this one builds only the
conversation (bench/store.py's build_long_conversation: questions and answers
with reasoning, code and tables), switches to a one-message conversation and
back ``--repeats`` times, and prints each open: from open_conversation() to its
events processed (the widgets built, laid out and painted). Goal < 300 ms.
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
from store import Words, build_long_conversation  # noqa: E402
from window_timing import time_opens  # noqa: E402

from app.core.store import ChatStore  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--thread", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lokal.db"
        with ChatStore(path) as store:
            long_chat, _ = build_long_conversation(store, Words(seed=0), args.thread)
            other = store.create_conversation("other")
            store.add_user_message(other.id, "hello")
        window = MainWindow(path, Path(folder) / "settings.json")
        window.resize(1100, 720)
        window.show()
        app.processEvents()
        times = time_opens(window, long_chat, other.id, args.repeats)
        window.close()
    shown = ", ".join(f"{t * 1000:.0f}" for t in times)
    print(f"open a {args.thread}-message conversation: {shown} ms")
    print(f"open_ms={statistics.median(times) * 1000:.0f} (goal < 300)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
