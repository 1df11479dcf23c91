"""How fast the history store is at the sizes a heavy user reaches.

Builds a temporary database first: one conversation of 2,000 messages
written through the store's own streaming path (start, updates, finish),
then bulk messages up to 100,000 in all, with Zipf-distributed words so
that common words match many rows, as in real text. Then times:

  open    a fresh ChatStore, then thread() of the 2,000-message conversation
          (goal < 300 ms)
  search  over all messages, for rare, common, several and partly typed words
          (goal < 50 ms each)
  others  update_streaming, list_conversations, delete_conversation

    python bench/store.py [--messages 100000] [--thread 2000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from itertools import accumulate
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.store import ChatStore
from app.core.store.records import now, to_text

PER_CONVERSATION = 200


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def timed(action: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """(first, median) seconds: the first call pays for cold caches."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times)


# fmt: off
SYLLABLES = (
    "ka", "to", "ri", "en", "sa", "mo", "lu", "pe", "an", "is",
    "or", "ne", "ti", "da", "el", "ul", "ber", "st", "ch", "ght",
)
# fmt: on


class Words:
    """Pseudo-words built from syllables, so they share prefixes as real words
    do, with Zipf frequencies: ``vocabulary[0]`` is the most common."""

    def __init__(self, seed: int, size: int = 30000) -> None:
        self.rng = random.Random(seed)
        words: set[str] = set()
        while len(words) < size:
            words.add("".join(self.rng.choices(SYLLABLES, k=self.rng.randint(1, 5))))
        # Short words are the common ones, as in real text (sorted first: set
        # order changes with the interpreter's hash seed).
        self.vocabulary = sorted(sorted(words), key=lambda word: len(word) + self.rng.random() * 4)
        self.cumulative = list(accumulate(1 / (rank + 1) for rank in range(size)))

    def text(self, count: int) -> str:
        return " ".join(self.rng.choices(self.vocabulary, cum_weights=self.cumulative, k=count))

    def searches(self) -> dict[str, str]:
        common, middling = self.vocabulary[0], self.vocabulary[50]
        return {
            "rare word": "zebrafish",
            "common word": common + " ",  # a space after it: finished, not a prefix
            "two words": f"{self.vocabulary[3]} {middling} ",
            "word being typed": middling[:3],  # a prefix
            "two letters": middling[:2],
            "one letter": common[0],
        }


def build_long_conversation(store: ChatStore, words: Words, messages: int) -> tuple[int, float]:
    """Through the store's own methods; returns (conversation id, seconds per message)."""
    chat = store.create_conversation("Long chat").id
    parent: int | None = None
    start = time.perf_counter()
    for _ in range(messages // 2):
        parent = store.add_user_message(chat, words.text(20), parent).id
        answer = store.start_assistant_message(chat, parent, "medium", {"temperature": 1.0}, "h")
        store.update_streaming(answer.id, words.text(40), words.text(60), [])
        parent = store.finish_assistant_message(
            answer.id, "complete", analysis=words.text(80), content=words.text(120)
        ).id
    return chat, (time.perf_counter() - start) / messages


def bulk_rows(words: Words, first_conversation: int, count: int) -> Iterator[dict[str, Any]]:
    stamp = to_text(now())
    for index in range(count):
        user = index % 2 == 0
        yield {
            "conversation_id": first_conversation + index // PER_CONVERSATION,
            "role": "user" if user else "assistant",
            "status": "complete",
            "content": words.text(20 if user else 120),
            "analysis": "" if user else words.text(80),
            "created_at": stamp,
            "updated_at": stamp,
        }


def build_bulk(store: ChatStore, words: Words, count: int) -> None:
    """Flat conversations (no parent links: not timed), in one transaction for speed."""
    conversations = (count + PER_CONVERSATION - 1) // PER_CONVERSATION
    first = store.create_conversation("Bulk 0").id
    with store.db.atomic():
        for number in range(1, conversations):
            store.create_conversation(f"Bulk {number}")
        store.db.table("messages").insert_all(bulk_rows(words, first, count), batch_size=1000)
        store.db.table("messages").insert(
            {**next(bulk_rows(words, first, 1)), "content": "the zebrafish is rare"}
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--thread", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lokal.db"
        store = ChatStore(path)
        words = Words(seed=0)
        start = time.perf_counter()
        long_chat, per_message = build_long_conversation(store, words, args.thread)
        build_bulk(store, words, args.messages - args.thread)
        total = store.db.execute("SELECT count(*) FROM messages").fetchone()[0]
        size_mb = path.stat().st_size / 1e6
        print(f"built {total} messages, {size_mb:.0f} MB, in {time.perf_counter() - start:.1f} s")
        print(f"write path (add/start/update/finish) per message: {ms(per_message)} ms")
        store.close()

        start = time.perf_counter()
        store = ChatStore(path)
        opened = time.perf_counter() - start
        first, median = timed(lambda: store.thread(long_chat), args.repeats)
        print(f"open store: {ms(opened)} ms; thread() of {args.thread}: first {ms(first)} ms,")
        print(f"  median {ms(median)} ms ({len(store.thread(long_chat))} messages)")
        open_ms = opened + first

        worst = 0.0
        for name, query in words.searches().items():
            first, median = timed(partial(store.search, query), args.repeats)
            print(f"search {name} {query!r}: {len(store.search(query))} hits,", end=" ")
            print(f"first {ms(first)} ms, median {ms(median)} ms")
            worst = max(worst, first, median)  # the summary: the slowest, cold or warm

        answer = store.start_assistant_message(
            long_chat, store.thread(long_chat)[-1].id, "low", None, None
        )
        text = words.text(2000)
        _, median = timed(lambda: store.update_streaming(answer.id, text, text, []), 20)
        print(f"update_streaming (2,000-word answer): median {ms(median)} ms")
        _, median = timed(store.list_conversations, args.repeats)
        print(f"list_conversations ({len(store.list_conversations())}): median {ms(median)} ms")
        bulk = store.list_conversations()[-1]
        _, deleted = timed(lambda: store.delete_conversation(bulk.id), 1)
        print(
            f"delete_conversation ({PER_CONVERSATION} messages, index optimize): {ms(deleted)} ms"
        )
        store.close()

    print(f"open_ms={ms(open_ms)}")
    print(f"search_ms={ms(worst)}")


if __name__ == "__main__":
    main()
