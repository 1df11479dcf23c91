"""Files handed to `lokal` by the desktop (Exec=lokal %F, "Open with Lokal")."""

from __future__ import annotations

from pathlib import Path

from app.cli.main import build_parser, with_command
from app.ui.launch import open_files


def test_files_alone_open_the_window() -> None:
    argv = with_command(["/tmp/model.gguf", "notes.md"])
    args = build_parser().parse_args(argv)
    assert args.command == "gui"
    assert args.files == [Path("/tmp/model.gguf"), Path("notes.md")]


def test_commands_and_options_are_left_alone() -> None:
    assert with_command(["selftest"]) == ["selftest"]
    for command in ("models", "extract", "ask", "doctor", "gui"):  # every subcommand stays
        assert with_command([command, "x"]) == [command, "x"]
    assert with_command(["--help"]) == ["--help"]
    assert with_command([]) == []
    assert build_parser().parse_args(with_command(["gui"])).files == []


class FakeWindow:
    def __init__(self) -> None:
        self.loaded: list[Path] = []
        self.attached: list[list[Path]] = []

    def load_model(self, path: Path) -> None:
        self.loaded.append(path)

    def attach_files(self, paths: list[Path]) -> None:
        self.attached.append(paths)


def test_a_model_is_loaded_and_documents_attached(tmp_path: Path) -> None:
    window = FakeWindow()
    model, doc = tmp_path / "m.GGUF", tmp_path / "a.pdf"
    open_files(window, [doc, model])
    assert window.loaded == [model]
    assert window.attached == [[doc]]


def test_documents_without_an_attach_method_are_not_an_error(tmp_path: Path) -> None:
    class Plain:
        pass

    open_files(Plain(), [tmp_path / "a.pdf"])


def test_macos_file_open_events_go_where_arguments_go(qapp: object, tmp_path: Path) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtGui import QFileOpenEvent

    from app.ui.launch import FileOpenHandler

    window = FakeWindow()
    handler = FileOpenHandler(window)
    QCoreApplication.instance().installEventFilter(handler)  # type: ignore[union-attr]
    try:
        model, doc = tmp_path / "m.gguf", tmp_path / "contract.pdf"
        for path in (model, doc):
            QCoreApplication.sendEvent(handler, QFileOpenEvent(str(path)))
        other = QEvent(QEvent.Type.User)
        assert not handler.eventFilter(handler, other)  # other events pass through
    finally:
        QCoreApplication.instance().removeEventFilter(handler)  # type: ignore[union-attr]
    assert window.loaded == [model]
    assert window.attached == [[doc]]
