"""`lokal extract` and `lokal ask --attach`, as a person or a script runs them."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.fixtures import make_documents as make
from tests.test_cli import lokal


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make.write_town_guide(tmp_path_factory.mktemp("docs") / "guide.pdf")


def test_extract_prints_the_text_page_by_page(guide: Path) -> None:
    result = lokal("extract", str(guide))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("guide.pdf: PDF, 20 pages, about ")
    assert "── page 1 ──" in lines and "── page 20 ──" in lines
    page_4 = result.stdout.split("── page 4 ──")[1].split("── page 5 ──")[0]
    assert "Cape Verrin" in page_4 and "Gull Island" not in page_4


def test_extract_json_gives_chunks_with_spans(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nfirst\n\n## Later\n\nsecond line\n", encoding="utf-8")
    result = lokal("extract", "--json", str(notes))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["kind"], record["unit"], record["pages"]) == ("markdown", "line", None)
    assert record["chunks"] == [
        {
            "ordinal": 0,
            "start": 1,
            "end": 7,
            "heading": "Notes",
            "text": "# Notes\n\nfirst\n\n## Later\n\nsecond line",
        }
    ]
    assert len(record["sha256"]) == 64 and record["tokens"] > 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices")
def test_extract_refuses_with_one_sentence_and_a_failing_status(tmp_path: Path) -> None:
    result = lokal("extract", "/dev/zero")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == "lokal: zero is a device, not a file Lokal can read.\n"
    binary = tmp_path / "data.txt"
    binary.write_bytes(os.urandom(5000))
    result = lokal("extract", "--json", str(binary))
    assert result.returncode == 1
    assert json.loads(result.stdout) == {"error": "data.txt looks like a binary file, not text."}


def test_ask_with_an_attachment_answers_with_sources(tiny_gguf: Path, guide: Path) -> None:
    result = lokal(
        "ask", "--model", str(tiny_gguf), "--attach", str(guide), "--max-tokens", "8",
        "--seed", "1", "When does the last bus leave?",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("Sources:\n[1] guide.pdf, pages 1–20")
    assert "Traceback" not in result.stderr

    scripted = lokal(
        "ask", "--model", str(tiny_gguf), "--attach", str(guide), "--json", "--context", "1800",
        "--max-tokens", "8", "When does the last bus 9 leave?",
    )  # fmt: skip
    assert scripted.returncode == 0, scripted.stderr
    records = [json.loads(line) for line in scripted.stdout.splitlines()]
    assert records[-1]["event"] == "sources"
    first = records[-1]["sources"][0]
    assert first == {"number": 1, "label": "guide.pdf, page 18", "name": "guide.pdf"} | {
        "unit": "page", "start": 18, "end": 18,
    }  # fmt: skip


def test_ask_with_an_unreadable_attachment_says_why(tiny_gguf: Path, tmp_path: Path) -> None:
    image = tmp_path / "scan.txt"
    image.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(3000))
    result = lokal("ask", "--model", str(tiny_gguf), "--attach", str(image), "hi")
    assert result.returncode == 1
    assert result.stderr == "lokal: scan.txt is a JPEG image, not text.\n"
