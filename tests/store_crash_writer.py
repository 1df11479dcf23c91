"""Streams an answer into the store until killed: the subject of test_store_crash.py.

    python tests/store_crash_writer.py DB_PATH RUN

Prints one line right after each commit, flushed, so the test knows what
was committed before its SIGKILL landed:

    ready               the store is open (migrated)
    user <id>           the question "question <RUN>" is committed
    assistant <id>      the answer row is committed as streaming
    step <n>            the answer's stored content is answer_text(n)
"""

from __future__ import annotations

import sys
import time
from itertools import count
from pathlib import Path

UPDATE_INTERVAL_S = 0.005


def answer_text(step: int) -> str:
    """Deterministic and growing: each step's text is a prefix of the next one's."""
    return " ".join(f"tok{i}" for i in range(step + 1))


def question_text(run: int) -> str:
    return f"question {run}"


def say(line: str) -> None:
    print(line, flush=True)


def main(db_path: str, run: int) -> None:
    # sqlite-utils imports numpy when it is installed, only to store numpy
    # values, which this script never has; skipping it halves the start-up
    # time, and the test starts this script 50 times.
    sys.modules["numpy"] = None  # type: ignore[assignment]
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from app.core.store import ChatStore

    store = ChatStore(db_path)
    say("ready")
    conversation = store.create_conversation(f"run {run}")
    question = store.add_user_message(conversation.id, question_text(run))
    say(f"user {question.id}")
    answer = store.start_assistant_message(conversation.id, question.id, "low", None, "crash")
    say(f"assistant {answer.id}")
    for step in count():
        store.update_streaming(answer.id, f"analysis {step}", answer_text(step), [])
        say(f"step {step}")
        time.sleep(UPDATE_INTERVAL_S)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
