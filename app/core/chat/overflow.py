"""Conversations longer than the model's context: measure, and what to do about it.

Before a question is sent, the window estimates the next prompt (the stored
thread, the question, the instructions) against the context the model was
loaded with, less the room an answer needs. When it does not fit, the person
chooses, once per conversation (ChatStore.overflow_choice):

* ``summary``: a new conversation that starts with a summary of this one (the
  questions asked and the last answer, taken from the history: no model call,
  so it works whatever the length) followed by the question;
* ``drop_oldest``: the oldest turns are left out of the prompt, whole turns at
  a time and in steps of several, so that the prompt's beginning (and with it
  the saved prompt cache) stays the same for a few turns; the window marks the
  turns the model no longer sees;
* ``retrieval_only``: attached documents are never quoted whole, only their
  best passages, and the oldest turns are left out as with ``drop_oldest``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

from app.core.documents.tokens import estimate_tokens
from app.core.harmony import Message
from app.core.quantity import count
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence
from app.core.store.records import StoredMessage

OverflowChoice = Literal["summary", "drop_oldest", "retrieval_only"]
CHOICES: tuple[OverflowChoice, ...] = get_args(OverflowChoice)

MESSAGE_OVERHEAD = 8  # <|start|>role<|channel|>final<|message|> … <|end|>
SYSTEM_TOKENS = 200  # the system message with its date and effort, rendered
DROP_STEP = 4  # turns dropped at a time: the prompt's start changes every few turns only
SUMMARY_QUESTIONS = 30
SUMMARY_LINE = 140
SUMMARY_ANSWER = 1500


def answer_room(n_ctx: int) -> int:
    """Tokens kept free for the answer: a quarter of the context, at least 1,024 (as
    documents.context.document_budget keeps)."""
    return max(1024, n_ctx // 4)


def prompt_budget(n_ctx: int) -> int:
    return max(0, n_ctx - answer_room(n_ctx))


def estimate_prompt(messages: Sequence[Message], instructions: str | None = None) -> int:
    """Tokens the prompt for these messages will take, erring high."""
    total = SYSTEM_TOKENS + estimate_tokens(instructions or "")
    return total + sum(estimate_tokens(m.content) + MESSAGE_OVERHEAD for m in messages)


def fits(
    messages: Sequence[Message], question: str, n_ctx: int, instructions: str | None = None
) -> bool:
    """Whether the conversation and this question leave the answer its room."""
    question_tokens = estimate_tokens(question) + MESSAGE_OVERHEAD
    return estimate_prompt(messages, instructions) + question_tokens <= prompt_budget(n_ctx)


def turn_starts(messages: Sequence[Message]) -> list[int]:
    """Indexes of the user messages: each begins a turn."""
    return [i for i, m in enumerate(messages) if m.role == "user"]


def drop_oldest(
    messages: Sequence[Message],
    n_ctx: int,
    instructions: str | None = None,
    scale: float = 1.0,
) -> tuple[tuple[Message, ...], int]:
    """The messages without their oldest turns, so that they fit; and how many turns went.

    The last turn (the question being asked) always stays. Turns go DROP_STEP at a
    time, so the same turns are dropped over several questions. ``scale``: the model's
    tokens per estimated token, where the engine has counted more than estimated.
    """
    budget = prompt_budget(n_ctx) / scale
    if estimate_prompt(messages, instructions) <= budget:
        return tuple(messages), 0
    starts = turn_starts(messages)
    dropped = 0
    while dropped < len(starts) - 1:
        dropped = min(dropped + DROP_STEP, len(starts) - 1)
        kept = messages[starts[dropped] :]
        if estimate_prompt(kept, instructions) <= budget:
            return tuple(kept), dropped
    return tuple(messages[starts[-1] :]) if starts else tuple(messages), dropped


def summary_of(title: str, thread: Sequence[StoredMessage]) -> Sentence:
    """The start of a new conversation that carries this one on: its questions and its
    last answer, quoted from the history."""
    questions = [m.content for m in thread if m.role == "user" and m.content.strip()]
    answers = [m.content for m in thread if m.role == "assistant" and m.content.strip()]
    shown = questions[-SUMMARY_QUESTIONS:]
    lines = "\n".join(f"- {_first_line(q)}" for q in shown)
    last = answers[-1] if answers else ""
    if len(last) > SUMMARY_ANSWER:
        last = last[:SUMMARY_ANSWER].rstrip() + "…"
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core",
            "Summary of the earlier conversation “%1” (too long for the model's context). "
            "Questions asked there:\n%2\n\nIts last answer:\n%3",
        ),
        title,
        lines,
        last,
    )


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0]
    return line if len(line) <= SUMMARY_LINE else line[: SUMMARY_LINE - 1] + "…"


def too_long_sentence(estimated: int, n_ctx: int) -> Sentence:
    """What the window and the terminal say, in one sentence."""
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core",
            "This conversation (about %1 tokens) no longer fits the model's context of "
            "%2 tokens: start a new conversation with a summary of it, leave out its oldest "
            "turns, or keep attached documents as retrieval only.",
        ),
        count(estimated),
        count(n_ctx),
    )
