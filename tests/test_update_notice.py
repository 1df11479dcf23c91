"""'Updated to X.Y.Z' once, the first time a newer Lokal runs on a data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main as cli_main
from app.core.sentence import Sentence
from app.core.update_notice import VERSION_FILE, take_update_notice, version_key


def test_a_first_start_says_nothing_and_records_the_version(tmp_path: Path) -> None:
    assert take_update_notice(tmp_path, "0.1.0") is None
    assert (tmp_path / VERSION_FILE).read_text(encoding="utf-8").strip() == "0.1.0"


def test_a_newer_version_says_updated_once(tmp_path: Path) -> None:
    take_update_notice(tmp_path, "0.1.0")
    notice = take_update_notice(tmp_path, "0.1.1")
    assert notice == "Updated to 0.1.1"
    assert isinstance(notice, Sentence) and notice.template == "Updated to %1"
    assert take_update_notice(tmp_path, "0.1.1") is None


def test_versions_compare_as_numbers_and_a_downgrade_is_quiet(tmp_path: Path) -> None:
    assert version_key("0.10.1") > version_key("0.9.3")
    take_update_notice(tmp_path, "0.10.1")
    assert take_update_notice(tmp_path, "0.9.3") is None
    assert take_update_notice(tmp_path, "0.10.0") == "Updated to 0.10.0"


def test_an_unknown_version_leaves_the_record_alone(tmp_path: Path) -> None:
    take_update_notice(tmp_path, "0.1.0")
    assert take_update_notice(tmp_path, "(version unknown)") is None
    assert (tmp_path / VERSION_FILE).read_text(encoding="utf-8").strip() == "0.1.0"


def test_the_command_line_says_it_on_the_first_run_of_a_newer_version(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOKAL_DATA_DIR", str(tmp_path))
    (tmp_path / VERSION_FILE).write_text("0.1.0\n", encoding="utf-8")
    monkeypatch.setattr(cli_main, "app_version", lambda: "0.2.0")
    cli_main.main(["models", "list"])
    assert "Updated to 0.2.0" in capsys.readouterr().err
    cli_main.main(["models", "list"])
    assert "Updated to" not in capsys.readouterr().err
