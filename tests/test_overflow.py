"""Conversations longer than the context: estimate, choices, remembered, applied, shown."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from app.core import settings as user_settings
from app.core.chat.overflow import (
    DROP_STEP,
    drop_oldest,
    estimate_prompt,
    fits,
    prompt_budget,
    summary_of,
)
from app.core.chat.turn import history_to_messages, run_turn
from app.core.engine.client import EngineClient
from app.core.engine.protocol import LoadSettings, SamplingSettings
from app.core.harmony import Message
from app.core.store import ChatStore, GenerationStats
from app.core.store.schema import MIGRATION_FUNCTIONS, migrate

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = "the keeper wrote the weather in his book while ships passed " * 40


def long_conversation(store: ChatStore, turns: int, prompt_tokens: int = 0) -> tuple[int, int]:
    """A conversation of ``turns`` long questions and answers; (its id, its last message)."""
    chat = store.create_conversation("Lighthouse")
    parent = None
    for n in range(turns):
        question = store.add_user_message(chat.id, f"question {n}: {PARAGRAPH}", parent)
        answer = store.start_assistant_message(chat.id, question.id, "low", None, None)
        stats = GenerationStats(prompt_tokens=prompt_tokens or None, completion_tokens=10)
        store.finish_assistant_message(
            answer.id, "complete", content=f"answer {n}: {PARAGRAPH}", stats=stats
        )
        parent = answer.id
    assert parent is not None
    return chat.id, parent


def test_the_oldest_turns_go_in_steps_and_the_question_always_stays() -> None:
    store = ChatStore(":memory:")
    chat, _ = long_conversation(store, 30)
    messages = (*history_to_messages(store.thread(chat)), Message(role="user", content="now?"))
    assert not fits(messages[:-1], "now?", 4096)
    kept, dropped = drop_oldest(messages, 4096)
    assert dropped > 0 and dropped % DROP_STEP == 0
    assert estimate_prompt(kept) <= prompt_budget(4096)
    assert kept[-1].content == "now?" and kept[0].role == "user"
    assert kept == messages[-len(kept) :]
    # One question more drops the same turns: the prompt's start (and its cache) stays.
    more = (*messages[:-1], Message(role="assistant", content="ok", channel="final"))
    more = (*more, Message(role="user", content="and?"))
    assert drop_oldest(more, 4096)[1] == dropped
    # Short conversations are left alone.
    assert drop_oldest(messages[-3:], 4096) == (messages[-3:], 0)


def test_a_summary_names_the_questions_and_quotes_the_last_answer() -> None:
    store = ChatStore(":memory:")
    chat, _ = long_conversation(store, 3)
    summary = summary_of("Lighthouse", store.thread(chat))
    assert "“Lighthouse”" in summary
    assert all(f"question {n}:" in summary for n in range(3))
    assert "answer 2:" in summary and "answer 0:" not in summary
    assert summary.template.startswith("Summary of the earlier conversation")


def test_the_choice_is_stored_per_conversation_and_old_databases_migrate(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lokal.db"
    old = Database(path)
    migrate(old, MIGRATION_FUNCTIONS[:3])  # a history from before the choice existed
    stamp = "2025-01-01T00:00:00"
    old.execute(
        "INSERT INTO conversations (title, created_at, updated_at) VALUES ('a', ?, ?)",
        [stamp, stamp],
    )
    old.conn.commit()
    old.close()
    store = ChatStore(path)
    first = store.list_conversations()[0].id
    second = store.create_conversation("b").id
    assert store.overflow_choice(first) is None
    store.set_overflow_choice(first, "drop_oldest")
    assert store.overflow_choice(first) == "drop_oldest"
    assert store.overflow_choice(second) is None
    with pytest.raises(KeyError):
        store.overflow_choice(999)


@pytest.fixture(scope="module")
def client(tiny_gguf: Path) -> Iterator[EngineClient]:
    with EngineClient() as engine:
        engine.load(LoadSettings(model_path=tiny_gguf, n_ctx=4096))
        yield engine


def test_a_turn_with_drop_oldest_leaves_out_the_oldest_turns(client: EngineClient) -> None:
    store = ChatStore(":memory:")
    chat, last = long_conversation(store, 30)
    question = store.add_user_message(chat, "and the last ship?", last)
    updates = list(
        run_turn(
            client, store, chat, question, max_tokens=4,
            sampling=SamplingSettings(temperature=0), overflow="drop_oldest", n_ctx=4096,
        )
    )  # fmt: skip
    done = updates[-1]
    assert done.finished and done.status == "complete", done.error
    assert done.dropped_turns > 0
    assert done.stats is not None and done.stats.prompt_tokens
    assert done.stats.prompt_tokens < prompt_budget(4096)


def test_the_cli_says_in_one_sentence_that_the_prompt_does_not_fit(tiny_gguf: Path) -> None:
    prompt = "lighthouse " * 3000
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "ask",
            "--model",
            str(tiny_gguf),
            "--context",
            "1024",
            prompt,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("lokal: This conversation")
    assert "summary" in lines[0] and "retrieval only" in lines[0]


def test_the_window_asks_once_remembers_and_fades_the_turns_left_out(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path
) -> None:
    from app.ui.main_window import MainWindow

    with ChatStore(tmp_path / "lokal.db") as store:
        chat, _ = long_conversation(store, 30, prompt_tokens=3900)
    user_settings.save(user_settings.Settings(context_length=4096), tmp_path / "settings.json")
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json", turn_extra={})
    qtbot.addWidget(window)
    asked: list[tuple[str, bool]] = []

    def choose(_parent: object, sentence: str, has_documents: bool) -> str | None:
        asked.append((sentence, has_documents))
        return "drop_oldest" if len(asked) > 1 else None  # first: back to the composer

    window.overflow._ask = choose
    try:
        window.show()
        window.load_model(tiny_gguf)
        qtbot.waitUntil(lambda: window.model_bar.state == "ready", timeout=30_000)
        assert window.n_ctx == 4096
        window.open_conversation(chat)
        window.composer.setPlainText("and the last ship?")
        window.composer.submit()
        assert len(asked) == 1 and not window.generating
        assert window.composer.toPlainText() == "and the last ship?"
        assert "no longer fits" in asked[0][0] and asked[0][1] is False
        window.composer.submit()
        assert len(asked) == 2 and window.generating
        qtbot.waitUntil(lambda: not window.generating, timeout=180_000)
        assert window.store.overflow_choice(chat) == "drop_oldest"
        # The turn job passed the choice on: the engine got a prompt that fits.
        assert window.leaf_id is not None
        assert window.store.get_message(window.leaf_id).status == "complete"
        faded = [b for b in window.chat.bubbles if b.graphicsEffect() is not None]
        assert faded and faded[0].toolTip()
        assert window.chat.bubbles[-1].graphicsEffect() is None  # the new answer is seen
        # Remembered: the next question is sent without asking.
        window.composer.setPlainText("and then?")
        window.composer.submit()
        assert len(asked) == 2 and window.generating
        qtbot.waitUntil(lambda: not window.generating, timeout=180_000)
    finally:
        window.close()


def test_the_summary_choice_carries_the_conversation_into_a_new_one(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QWidget

    from app.ui.overflow_guard import OverflowGuard, SendPlan

    store = ChatStore(":memory:")
    chat, last = long_conversation(store, 30, prompt_tokens=3900)
    parent = QWidget()
    qtbot.addWidget(parent)
    asked: list[str] = []

    def choose(_parent: object, sentence: str, _documents: bool) -> str:
        asked.append(sentence)
        return "summary"

    guard = OverflowGuard(parent, store, ask=choose)
    assert guard.before_send(chat, last, "a short one", 65536) == SendPlan()
    assert not asked  # it fits a large context: nothing to ask
    plan = guard.before_send(chat, last, "and the last ship?", 4096)
    assert len(asked) == 1 and "4,096" in asked[0]
    assert not plan.cancelled and plan.choice is None
    assert plan.summary is not None and "question 29:" in plan.summary
    assert store.overflow_choice(chat) == "summary"
    again = guard.before_send(chat, last, "and then?", 4096)  # remembered: not asked again
    assert len(asked) == 1 and again.summary is not None
