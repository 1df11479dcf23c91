"""Files built to hurt a reader end in one clear sentence, and the caller stays in charge."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from pathlib import Path

import pytest

from app.core.documents.model import ExtractionError, Limits
from app.core.documents.safe_open import read_regular_file
from app.core.documents.sandbox import ExtractionCancelled, extract_file
from tests.fixtures import make_documents as make

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types")


def refusal(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(ExtractionError) as caught:
        extract_file(path, limits)
    message = str(caught.value)
    assert message.endswith((".", ")")) and "\n" not in message and "Traceback" not in message
    return message


def no_reader_left() -> bool:
    return not [p for p in multiprocessing.active_children() if p.name == "lokal-extract"]


@pytest.fixture(scope="module")
def pdf_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make.write_pdf_bomb(tmp_path_factory.mktemp("bomb") / "bomb.pdf")


@posix_only
def test_dev_zero() -> None:
    assert refusal(Path("/dev/zero")) == "zero is a device, not a file Lokal can read."


@posix_only
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "notes.txt"
    os.mkfifo(fifo)
    assert "is a pipe (FIFO)" in refusal(fifo)
    # The child's own check, which opens without blocking, says the same.
    with pytest.raises(ExtractionError, match="pipe"):
        read_regular_file(fifo, 1000)


@posix_only
def test_a_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert "leads back to itself" in refusal(loop)
    with pytest.raises(ExtractionError, match="leads back to itself"):
        read_regular_file(loop, 1000)


def test_a_binary_file_renamed_txt(tmp_path: Path) -> None:
    noise = tmp_path / "notes.txt"
    noise.write_bytes(bytes(range(256)) * 64)
    assert refusal(noise) == "notes.txt looks like a binary file, not text."
    image = tmp_path / "photo.txt"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    assert refusal(image) == "photo.txt is a PNG image, not text."


def test_a_sparse_gigabyte_text_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(1024**3)
    started = time.monotonic()
    assert refusal(big) == "huge.txt is 1 GB, larger than the 128 MB Lokal reads from one file."
    assert time.monotonic() - started < 5
    with pytest.raises(ExtractionError, match="larger than"):
        read_regular_file(big, 1024 * 1024)


def test_the_read_stops_at_the_limit_even_if_the_file_grows(tmp_path: Path) -> None:
    path = tmp_path / "log.txt"
    path.write_bytes(b"x" * 1000)
    assert len(read_regular_file(path, 1000)) == 1000
    with pytest.raises(ExtractionError, match="larger than"):
        read_regular_file(path, 999)


def test_a_zip_bomb_docx_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    bomb = make.write_zip_bomb_docx(tmp_path / "report.docx", inflated_bytes=32 * 1024 * 1024)
    assert bomb.stat().st_size < 100_000
    message = refusal(bomb)
    assert message.startswith("report.docx contains a part that expands") and "zip bomb" in message
    small = Limits(max_unzipped_bytes=16 * 1024 * 1024)
    assert "would unpack to 32 MB" in refusal(bomb, small)


def test_a_pdf_decompression_bomb_hits_the_memory_limit(pdf_bomb: Path) -> None:
    message = refusal(pdf_bomb, Limits(max_memory_bytes=512 * 1024 * 1024))
    assert message.startswith("Reading bomb.pdf needed more than the 512 MB of memory")
    assert no_reader_left()


def test_a_reader_past_its_time_is_killed(pdf_bomb: Path) -> None:
    slow = Limits(max_memory_bytes=8 * 1024**3, max_seconds=0.3)
    started = time.monotonic()
    message = refusal(pdf_bomb, slow)
    assert message.startswith("bomb.pdf took longer than 0.3 seconds to read")
    assert time.monotonic() - started < 5
    assert no_reader_left()


def test_cancelling_stops_the_reader_at_once(pdf_bomb: Path) -> None:
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    started = time.monotonic()
    with pytest.raises(ExtractionCancelled):
        extract_file(pdf_bomb, Limits(max_memory_bytes=8 * 1024**3), cancelled=stop.is_set)
    assert time.monotonic() - started < 3
    assert no_reader_left()


def test_too_much_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("words and more words\n" * 1000)
    message = refusal(path, Limits(max_output_chars=10_000))
    assert message == (
        "long.txt holds more than 10,000 characters of text, more than Lokal takes from one file."
    )


def test_missing_files_and_folders(tmp_path: Path) -> None:
    assert refusal(tmp_path / "gone.pdf") == "gone.pdf does not exist (or is a link to nothing)."
    assert refusal(tmp_path) == f"{tmp_path.name} is a folder, not a file Lokal can read."
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    assert refusal(empty) == "empty.md is empty."


def test_a_password_protected_word_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000))
    assert "password-protected or in the old Word .doc format" in refusal(path)


def test_too_much_text_in_a_pdf_or_a_word_file(tmp_path: Path) -> None:
    guide = make.write_town_guide(tmp_path / "guide.pdf")
    assert refusal(guide, Limits(max_output_chars=1000)) == (
        "guide.pdf holds more than 1,000 characters of text, more than Lokal takes from one file."
    )
    report = make.write_docx(tmp_path / "report.docx")
    assert refusal(report, Limits(max_output_chars=100)) == (
        "report.docx holds more than 100 characters of text, more than Lokal takes from one file."
    )


def test_an_answer_too_long_for_the_reader_is_too_much_text(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # 2,500 pages of one letter: within a 3,000-character cap, but each page
    # carries its own numbers, so the reader's answer passes the size the
    # parent accepts for that cap.
    pages = make.write_pdf(tmp_path / "pages.pdf", [["x"]] * 2500)
    message = refusal(pages, Limits(max_output_chars=3000))
    assert message == "pages.pdf holds more text than Lokal takes from one file."
    assert no_reader_left()
    assert "Traceback" not in capfd.readouterr().err  # the reader ended quietly too


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_memory_watch_stops_a_bomb_without_an_address_space_limit(pdf_bomb: Path) -> None:
    # As on macOS (RLIMIT_AS not enforced) and Windows (no rlimits): only the
    # parent's watch on the reader's memory can stop it. Unchecked, this bomb
    # is read in full, using about 1 GB.
    watched = Limits(max_memory_bytes=256 * 1024**2, limit_address_space=False, max_seconds=60)
    message = refusal(pdf_bomb, watched)
    assert message == (
        "Reading bomb.pdf needed more than the 256 MB of memory Lokal allows, so Lokal "
        "stopped it (the file may be damaged or a decompression bomb)."
    )
    assert no_reader_left()
