"""Random sessions with the real window and the tiny model (a Hypothesis state machine).

Each step is something a person does, in any order and at any moment: send, stop,
regenerate, edit, delete (the open conversation or another), undo, new chat,
attach / remove / re-attach, open a bad model file or a good one, change the
effort or the settings, search, export, quit and start again, wait. After every
step the window must hold: the turn's state is a legal one reached by a legal
transition, the database passes ``PRAGMA integrity_check``, no answer stays
``streaming`` once the window is idle, and (pytest-qt) no Qt warning was printed.
Waiting until idle then checks that Send works.

``LOKAL_RANDOM_STEPS`` sets the number of steps per session (default 25; three
sessions per seed), ``LOKAL_RANDOM_SEEDS`` the number of seeds (default 3).
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from pytestqt.qtbot import QtBot

from app.core.chat.controller import TRANSITIONS, TurnState
from app.core.chat.controller import Phase as TurnPhase
from app.ui.main_window import MainWindow

STEPS = int(os.environ.get("LOKAL_RANDOM_STEPS", "25"))
SEEDS = int(os.environ.get("LOKAL_RANDOM_SEEDS", "3"))
# Sessions per seed: Hypothesis's first one repeats its simplest step, the others are random.
SESSIONS = 3
SHORT = {"max_tokens": 12}
SETTLE_MS = 60_000
steps_run: list[int] = []
turns_run: list[int] = []


class WindowSessions(RuleBasedStateMachine):
    def __init__(self, qtbot: QtBot, folder: Path, model: Path) -> None:
        super().__init__()
        self.qtbot = qtbot
        self.folder = folder
        self.model = model
        self.bad_model = folder / "broken.gguf"
        self.bad_model.write_bytes(b"GGUF" + b"\xff" * 200)
        self.document = folder / "harbour.txt"
        self.document.write_text("The harbour opens at six and closes at ten.\n" * 20)
        self.problems: list[str] = []
        self.steps = 0
        self.turns = 0  # turns started, over every window of the session
        self.window = self._open()

    # --- the window's life ----------------------------------------------------

    def _open(self) -> MainWindow:
        window = MainWindow(
            self.folder / "lokal.db", self.folder / "settings.json", turn_extra=SHORT
        )
        self.qtbot.addWidget(window)
        window.show()
        previous = [window.controller.state.phase]

        def check(state: TurnState, change: str) -> None:
            before = previous[0]
            if state.phase is not before and state.phase not in TRANSITIONS[before]:
                self.problems.append(f"illegal transition {before.value} → {state.phase.value}")
            previous[0] = state.phase

        window.controller.subscribe(check)
        return window

    def _settle(self) -> None:
        """Wait until nothing is under way: no turn, no load, no document being read."""
        window = self.window

        def idle() -> bool:
            return (
                not window.generating
                and window.model_bar.state != "loading"
                and not window.service.status.busy
                and all(c.state != "reading" for c in window.attachments.chips.values())
            )

        self.qtbot.waitUntil(idle, timeout=SETTLE_MS)

    def teardown(self) -> None:
        from PySide6.QtWidgets import QApplication

        from app.ui import appearance

        steps_run.append(self.steps - 1)  # invariants are checked once before the first step
        try:
            self._settle()
            self._send_works()
        finally:
            turns_run.append(self.turns + self.window.controller.state.turn)
            self.window.close()
            app = QApplication.instance()
            if isinstance(app, QApplication):  # later tests expect English and the start theme
                appearance.apply_language(app, "en")
                appearance.apply_theme(app, "system")

    # --- steps ----------------------------------------------------------------

    @initialize()
    def load_the_model(self) -> None:
        self.window.load_model(self.model)
        self.qtbot.waitUntil(lambda: self.window.model_ready, timeout=SETTLE_MS)

    @rule(text=st.sampled_from(["hi", "Tell me more, please.", "Grüße ✓ " * 40, "?\n\n!"]))
    def send_a_question(self, text: str) -> None:
        self.send(text)

    def send(self, text: str) -> None:
        self.window.composer.setPlainText(text)
        self.window.composer.submit()

    @rule()
    def send_and_stop_at_once(self) -> None:
        self.send("stop me")
        self.window.stop()

    @rule()
    def send_and_delete_at_once(self) -> None:
        self.send("delete me")
        self.window.delete_conversation(self.window.conversation_id)

    @rule()
    def stop(self) -> None:
        self.window.stop()

    @rule()
    def regenerate(self) -> None:
        self.window.regenerate_last()

    @rule(data=st.data())
    def edit(self, data: st.DataObject) -> None:
        questions = [
            b.message_id
            for b in self.window.chat.bubbles
            if b.role == "user" and b.message_id is not None
        ]
        if not questions or self.window.generating:
            return
        self.window.edit_question(data.draw(st.sampled_from(questions)))
        self.window.composer.setPlainText("edited question")
        self.window.composer.submit()

    @rule()
    def delete_the_open_conversation(self) -> None:
        self.window.delete_conversation(self.window.conversation_id)

    @rule(data=st.data())
    def delete_another_conversation(self, data: st.DataObject) -> None:
        hidden = self.window.pending_delete[0] if self.window.pending_delete else None
        others = [
            c.id
            for c in self.window.store.list_conversations()
            if c.id not in (self.window.conversation_id, hidden)
        ]
        if others:
            self.window.delete_conversation(data.draw(st.sampled_from(others)))

    @rule()
    def undo(self) -> None:
        self.window.undo_delete()

    @rule()
    def new_chat(self) -> None:
        self.window.new_conversation()

    @rule(data=st.data())
    def open_a_conversation(self, data: st.DataObject) -> None:
        hidden = self.window.pending_delete[0] if self.window.pending_delete else None
        ids = [c.id for c in self.window.store.list_conversations() if c.id != hidden]
        if ids:
            self.window.open_conversation(data.draw(st.sampled_from(ids)))

    @rule()
    def attach(self) -> None:
        self.window.attach_files([self.document])

    @rule(data=st.data())
    def remove_an_attachment(self, data: st.DataObject) -> None:
        keys = list(self.window.attachments.chips)
        if keys:
            self.window.attachments.remove_requested.emit(data.draw(st.sampled_from(keys)))

    @rule()
    def open_a_bad_model_file(self) -> None:
        self.window.load_model(self.bad_model)

    @rule()
    def open_the_good_model(self) -> None:
        self.window.load_model(self.model)

    @rule(effort=st.sampled_from(["low", "medium", "high"]))
    def change_effort(self, effort: str) -> None:
        self.window.model_bar.set_effort(effort)

    @rule(
        theme=st.sampled_from(["system", "light", "dark"]),
        language=st.sampled_from(["en", "de"]),
        context=st.sampled_from([None, 1024, 2048]),
    )
    def change_settings(self, theme: Any, language: Any, context: int | None) -> None:
        window = self.window
        window.apply_settings(
            replace(window.settings, theme=theme, language=language, context_length=context)
        )

    @rule(query=st.sampled_from(["", "harbour", "hi", "zzz", '"unbalanced']))
    def search(self, query: str) -> None:
        self.window.search.setText(query)

    @rule()
    def export(self) -> None:
        if self.window.conversation_id is not None:
            target = self.folder / "export.md"
            self.window.request_export.emit(self.window.conversation_id, str(target), 0)

    @rule()
    def quit_and_start_again(self) -> None:
        self.turns += self.window.controller.state.turn
        self.window.close()
        self.window = self._open()  # the default model loads by itself

    @rule()
    def wait_until_idle_and_send(self) -> None:
        self._settle()
        self._send_works()

    def _send_works(self) -> None:
        window = self.window
        if not window.model_ready:
            window.load_model(self.model)
            self.qtbot.waitUntil(lambda: window.model_ready, timeout=SETTLE_MS)
        window.composer.setPlainText("ping")
        window.composer.submit()
        if not window.generating:
            self.problems.append("Send did nothing in an idle window")
            return
        self.qtbot.waitUntil(lambda: not window.generating, timeout=SETTLE_MS)
        state = window.controller.state
        if state.phase is not TurnPhase.DONE:
            self.problems.append(
                f"an idle window's answer ended {state.phase.value}: {state.error}"
            )

    # --- after every step ---------------------------------------------------------

    @invariant()
    def holds(self) -> None:
        self.steps += 1
        window = self.window
        assert isinstance(window.controller.state.phase, TurnPhase)
        with sqlite3.connect(self.folder / "lokal.db", timeout=30) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            if not window.generating and not window.service.status.busy:
                streaming = db.execute(
                    "SELECT count(*) FROM messages WHERE status = 'streaming'"
                ).fetchone()[0]
                assert streaming == 0, "an answer stays streaming in an idle window"
        assert not self.problems, self.problems


@pytest.mark.slow
@pytest.mark.parametrize("run", range(SEEDS))
def test_random_sessions_keep_the_window_whole(
    run: int, qtbot: QtBot, tmp_path: Path, tiny_gguf: Path
) -> None:
    started = time.monotonic()
    first = len(steps_run)

    def machine() -> WindowSessions:
        folder = tmp_path / f"session-{len(steps_run)}"
        folder.mkdir()
        return WindowSessions(qtbot, folder, tiny_gguf)

    run_state_machine_as_test(
        seed(1000 + run)(machine),
        settings=settings(
            max_examples=SESSIONS,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            phases=[Phase.generate],  # a failure prints its steps; shrinking would take long
            suppress_health_check=list(HealthCheck),
        ),
        _min_steps=STEPS,  # Hypothesis's first example would otherwise be the empty one
    )
    elapsed = time.monotonic() - started
    steps, turns = sum(steps_run[first:]), sum(turns_run[first:])
    print(f"seed {1000 + run}: {steps} steps, {turns} turns started, {elapsed:.1f} s")
