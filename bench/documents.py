"""How long a 300-page PDF takes to attach, and a question to find its passages.

Writes the benchmark PDF (300 pages of text, tests/fixtures/make_documents.py),
then times, against the goals:

  ingest    extraction in the child process + chunking + storing with the
            search index, as a dropped file goes (goal < 10 s)
            - and its parts: the child process alone, and an in-process
              extraction (what the sandbox costs on top)
  retrieve  the phrase and OR'ed-terms searches for one question, over the
            conversation's documents (goal < 20 ms), and the whole context
            block for an 8,192-token context

    python bench/documents.py [--pages 300] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.documents.context import DocumentContext, build_context, document_budget, retrieve
from app.core.documents.extract import extract_file as extract_in_process
from app.core.documents.ingest import ingest_file
from app.core.documents.model import Limits
from app.core.documents.sandbox import extract_file
from app.core.store import ChatStore
from app.core.store.documents import DocumentStore
from tests.fixtures.make_documents import long_pdf_code, write_long_pdf

INGEST_GOAL_S = 10.0
RETRIEVE_GOAL_S = 0.020


def timed(action: Callable[[], Any], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def report(name: str, times: list[float], goal: float | None = None) -> None:
    median = statistics.median(times)
    verdict = ""
    if goal is not None:
        verdict = f"   {median / goal:.3f} of the goal ({goal * 1000:g} ms)"
    print(f"{name:<34} median {median * 1000:9.1f} ms   best {min(times) * 1000:9.1f} ms{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lokal-bench-") as folder:
        pdf = write_long_pdf(Path(folder) / "ledger.pdf", args.pages)
        size = pdf.stat().st_size
        print(f"{args.pages}-page PDF, {size / 1e6:.1f} MB; {args.repeats} runs each\n")

        report("extract in process", timed(lambda: extract_in_process(pdf, Limits()), args.repeats))
        report("extract in the child process", timed(lambda: extract_file(pdf), args.repeats))

        chat = ChatStore(Path(folder) / "lokal.db")
        store = DocumentStore(chat)

        ingest_times, delete_times = [], []
        for _ in range(args.repeats):
            conversation = chat.create_conversation("bench").id
            start = time.perf_counter()
            ingest_file(pdf, store, conversation)
            ingest_times.append(time.perf_counter() - start)
            # Deleted, so that the next run stores the document anew.
            delete_times += timed(partial(chat.delete_conversation, conversation), 1)
        report("ingest (extract, chunk, store)", ingest_times, INGEST_GOAL_S)
        report("delete its conversation", delete_times)

        conversation = chat.create_conversation("kept").id
        attached = ingest_file(pdf, store, conversation)
        chunks = chat.db.execute("SELECT count(*) FROM chunks").fetchone()[0]
        print(f"\n{chunks} chunks, about {attached.tokens:,} tokens\n")
        questions = [
            f"Which page has registry code {long_pdf_code(page)}?"
            for page in range(1, args.pages + 1, max(1, args.pages // 20))
        ]
        questions += ["what does the weaver sell at the market by the canal", "harbour"]
        found_right = 0
        times = []
        for question in questions:
            times += timed(partial(retrieve, store, conversation, question, 8), args.repeats)
        for page in range(1, args.pages + 1, max(1, args.pages // 20)):
            question = f"Which page has registry code {long_pdf_code(page)}?"
            found_right += retrieve(store, conversation, question, 3)[0].page == page
        report("retrieve (8 passages)", times, RETRIEVE_GOAL_S)
        settings = DocumentContext(document_budget(8192))
        report(
            "context block (8,192-token context)",
            timed(lambda: build_context(store, conversation, questions[0], settings), args.repeats),
        )
        asked = len(range(1, args.pages + 1, max(1, args.pages // 20)))
        print(f"\nright page first for {found_right} of {asked} registry-code questions")
        chat.close()


if __name__ == "__main__":
    main()
