"""How the window feels: event-loop stalls while streaming, opening, searching, launching.

  stall    the longest gap in a 5 ms timer on the GUI thread while the tiny model
           streams at full speed (goal < 50 ms), and the 99th percentile
  open     a 2,000-message conversation in the window: store read plus the widgets
           built (goal < 300 ms)
  search   typing a search over 100,000 messages: from the keystroke to the hits shown
           (goal < 50 ms per keystroke); the search runs on its own thread, so the
           keystroke's own cost to the GUI thread is printed too
  launch   from starting the process to the window shown (goal < 1.5 s), against
           a bare "python -c 'import PySide6.QtWidgets'" baseline in the same run

    QT_QPA_PLATFORM=offscreen python bench/ui.py [--messages 100000] [--stream-seconds 8]

Counts and times are printed, never asserted; the last lines are one per metric.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from store import Words, build_bulk, build_long_conversation  # noqa: E402

from app.core.store import ChatStore  # noqa: E402
from app.core.synthetic import build_gptoss_gguf  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402

TICK_MS = 5
# Each probe prints the seconds from the parent's clock reading just before it started the
# process to the moment in question, so closing the window and the interpreter's own exit
# (which a person does not wait for) are not counted.
LAUNCH_PROBE = """
import sys, time
sys.path.insert(0, {root!r})
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app.ui.main_window import MainWindow
app = QApplication([])
window = MainWindow({db!r}, {settings!r})
window.show()
QTimer.singleShot(0, lambda: (print("shown", time.time() - float(sys.argv[1]), flush=True),
                              window.close(), app.quit()))
app.exec()
"""
BARE_PROBE = """
import sys, time
import PySide6.QtWidgets
print("imported", time.time() - float(sys.argv[1]), flush=True)
"""


def wait_until(app: QApplication, condition: object, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.005)


def measure_stall(app: QApplication, folder: Path, seconds: float) -> tuple[float, float, int]:
    """(longest gap beyond the tick, 99th percentile, ticks) while an answer streams."""
    model = build_gptoss_gguf(folder / "tiny.gguf", "tiny")
    window = MainWindow(
        folder / "stall.db", folder / "settings.json",
        turn_extra={"ignore_end": True, "max_tokens": 1_000_000},
    )  # fmt: skip
    window.show()
    window.load_model(model)
    wait_until(app, lambda: window.model_ready, 60)
    gaps: list[float] = []
    clock = QElapsedTimer()
    timer = QTimer()
    timer.setInterval(TICK_MS)

    def tick() -> None:
        gaps.append(clock.nsecsElapsed() / 1e6)
        clock.restart()

    timer.timeout.connect(tick)
    window.composer.setPlainText("Tell me everything about lighthouses.")
    window.composer.submit()
    # Measured once the answer streams: its bubble (the second) shows text.
    wait_until(
        app, lambda: len(window.chat.bubbles) > 1 and bool(window.chat.bubbles[-1].text()), 30
    )
    clock.start()
    timer.start()
    wait_until(app, lambda: False, seconds)
    timer.stop()
    window.stop()
    wait_until(app, lambda: not window.generating, 30)
    window.close()
    over = sorted(max(0.0, gap - TICK_MS) for gap in gaps[1:])
    return over[-1], over[int(len(over) * 0.99)], len(over)


def measure_open_and_search(
    app: QApplication, folder: Path, messages: int, thread: int
) -> tuple[float, list[tuple[str, float, int, float]]]:
    path = folder / "history.db"
    store = ChatStore(path)
    words = Words(seed=0)
    long_chat, _ = build_long_conversation(store, words, thread)
    build_bulk(store, words, messages - thread)
    store.close()
    window = MainWindow(path, folder / "settings.json")
    window.show()
    app.processEvents()
    other = next(c.id for c in window.store.list_conversations() if c.id != long_chat)
    opens = []
    for _ in range(5):
        window.open_conversation(other)  # switching between conversations, as people do
        app.processEvents()
        start = time.perf_counter()
        window.open_conversation(long_chat)
        app.processEvents()  # the layout and first paint of what was built
        opens.append(time.perf_counter() - start)
    shown_count = [0]
    window.search_shown.connect(lambda: shown_count.__setitem__(0, shown_count[0] + 1))
    searches = []
    for name, query in words.searches().items():
        times, on_gui = [], []
        for _ in range(3):
            before = shown_count[0]
            start = time.perf_counter()
            window.search.setText(query)  # the window searches on every keystroke
            on_gui.append(time.perf_counter() - start)  # what the keystroke cost the GUI
            wait_until(app, lambda b=before: shown_count[0] > b, 5)  # the hits in the list
            times.append(time.perf_counter() - start)
            shown = window.conversations.count()
            window.search.clear()
            app.processEvents()
        searches.append((name, statistics.median(times), shown, max(on_gui)))
    window.close()
    return statistics.median(opens), searches


def measure_launch(folder: Path, repeats: int = 3) -> tuple[float, float]:
    """(median launch seconds, median bare-PySide6-import seconds)."""
    env = {**os.environ, "LOKAL_DATA_DIR": str(folder / "launch")}
    probe = LAUNCH_PROBE.format(
        root=str(ROOT), db=str(folder / "launch.db"), settings=str(folder / "launch.json")
    )
    launches, bare = [], []
    for _ in range(repeats):
        launches.append(_probe_seconds(probe, "shown", env))
        bare.append(_probe_seconds(BARE_PROBE, "imported", env))
    return statistics.median(launches), statistics.median(bare)


def _probe_seconds(probe: str, word: str, env: dict[str, str]) -> float:
    output = subprocess.run(
        [sys.executable, "-c", probe, repr(time.time())],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    line = next(line for line in output.splitlines() if line.startswith(word))
    return float(line.split()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--thread", type=int, default=2000)
    parser.add_argument("--stream-seconds", type=float, default=8.0)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        stall, p99, ticks = measure_stall(app, folder, args.stream_seconds)
        print(f"stall while streaming: {ticks} ticks of {TICK_MS} ms; longest extra gap")
        print(f"  {stall:.1f} ms, 99th percentile {p99:.1f} ms")
        opened, searches = measure_open_and_search(app, folder, args.messages, args.thread)
        print(f"open a {args.thread}-message conversation in the window: {opened * 1000:.0f} ms")
        for label, seconds, shown, on_gui in searches:
            print(
                f"search as typed, {label}: {seconds * 1000:.1f} ms to {shown} rows shown "
                f"(GUI thread busy {on_gui * 1000:.1f} ms)"
            )
        launch, bare = measure_launch(folder)
        print(f"launch to a shown window: {launch:.2f} s (bare PySide6 import: {bare:.2f} s)")
    worst_search = max(seconds for _, seconds, _, _ in searches)
    worst_on_gui = max(on_gui for *_, on_gui in searches)
    print(f"stall_ms={stall:.1f} (goal < 50)")
    print(f"open_ms={opened * 1000:.0f} (goal < 300)")
    print(f"search_ms={worst_search * 1000:.1f} (goal < 50, slowest query)")
    print(f"search_gui_ms={worst_on_gui * 1000:.1f} (the GUI thread's share, slowest keystroke)")
    print(f"launch_s={launch:.2f} (goal < 1.5; bare import {bare:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
