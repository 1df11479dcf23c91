"""The log file: rotating, in the data folder, secrets masked, never blocking startup."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from app.core.logging_setup import LOG_FILE, install_logging, log_dir, redact


@pytest.fixture(autouse=True)
def _restore_loggers():
    yield
    for name in ("lokal", "app"):
        logger = logging.getLogger(name)
        for handler in [h for h in logger.handlers if h.get_name() == "lokal-file"]:
            logger.removeHandler(handler)
            handler.close()


def test_log_goes_to_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKAL_DATA_DIR", str(tmp_path))
    assert log_dir() == tmp_path / "logs"
    path = install_logging()
    assert path == tmp_path / "logs" / LOG_FILE
    logging.getLogger("lokal.engine").info("Using the CPU (AVX2, 8 cores)")
    logging.getLogger("app.core.x").warning("from a module logger")
    text = path.read_text(encoding="utf-8")
    assert "INFO lokal.engine: Using the CPU (AVX2, 8 cores)" in text
    assert "WARNING app.core.x: from a module logger" in text


def test_installing_twice_writes_each_line_once(tmp_path: Path) -> None:
    install_logging(tmp_path)
    path = install_logging(tmp_path)
    assert path is not None
    logging.getLogger("lokal").info("once")
    assert path.read_text(encoding="utf-8").count("once") == 1


def test_secrets_are_masked_in_messages_and_tracebacks(tmp_path: Path) -> None:
    path = install_logging(tmp_path)
    assert path is not None
    log = logging.getLogger("lokal")
    log.info("token=hf_abcdefghijklmnopqrstuvwxyz1234 sent")
    try:
        raise ValueError("Authorization: Bearer abcdefghijklmnop1234")
    except ValueError:
        log.exception("download failed")
    text = path.read_text(encoding="utf-8")
    assert "hf_abcdefghijklmnop" not in text
    assert "abcdefghijklmnop1234" not in text
    assert "download failed" in text and "ValueError" in text


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("hf_ABCDEFGHIJKLMNOP", "hf_***"),
        ("password: hunter22", "password: ***"),
        ("api_key=sk-123456", "api_key=***"),
        ("Bearer eyJhbGciOiJIUzI1", "Bearer ***"),
        ("loaded 24 layers", "loaded 24 layers"),
    ],
)
def test_redact(raw: str, masked: str) -> None:
    assert redact(raw) == masked


def test_unwritable_folder_means_no_log_and_no_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert install_logging(blocker / "logs") is None
