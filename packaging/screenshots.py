"""Screenshots for the README and docs, taken from real runs of the app.

    .venv/bin/python packaging/screenshots.py              # writes docs/screenshots/
    .venv/bin/python packaging/screenshots.py --only main-dark-de --model big.gguf

Every picture is its own run of the real window (app.ui.main_window.MainWindow) at
1400×900, in a fresh temporary data folder, on Xvfb when there is no display
(xvfb-run), else on the display there is; Qt's offscreen platform when neither.

The model is a synthetic gpt-oss GGUF (app/core/synthetic): the real architecture run
by the real engine, with random weights, so its own words are gibberish. Where the
picture needs a readable answer, a grammar makes the model write a scripted text, token
by token, through the ordinary engine run; the caption says so. The numbers under the
answer (tokens/s, time to first token, token counts) are what that run measured: they
are copied into captions.md with the computer they were measured on, and they describe
the synthetic model, not gpt-oss-20b.

The window is driven only through its public methods and attributes (load_model, send,
new_conversation, open_model_manager, open_settings, open_server_panel, about; model_picker,
chat, server_panel), so a redesigned window is photographed the same way. A popup (the model
picker's list) is its own top-level window: it is drawn into the window's picture where it
stands on the screen.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WIDTH, HEIGHT = 1400, 900
SCREEN = "-screen 0 1600x1000x24"
#: How long one answer may take (the tiny model writes a scripted answer in a second or two;
#: a 20B-shaped model on two cores needs minutes).
ANSWER_SECONDS = 900.0
LOAD_SECONDS = 600.0
TINY_NAME = "gpt-oss-synthetic-tiny.gguf"
#: The numbers an answer records (app.core.store: GenerationStats), copied into the captions.
STATS = (
    "prompt_tokens",
    "completion_tokens",
    "analysis_tokens",
    "final_tokens",
    "time_to_first_token_s",
    "tokens_per_second",
)


@dataclass(frozen=True)
class Script:
    """A scripted exchange: the question typed, and the reasoning and answer the grammar makes
    the model write."""

    question: str
    reasoning: str
    answer: str


CODE_EN = """```python
import csv

total = 0.0
with open("invoices.csv", newline="") as f:
    for row in csv.DictReader(f):
        if row["amount"]:  # skip empty cells
            total += float(row["amount"])
print(f"Total: {total:.2f}")
```"""
CODE_DE = """```python
import csv

summe = 0.0
with open("rechnungen.csv", newline="") as f:
    for zeile in csv.DictReader(f):
        if zeile["betrag"]:  # leere Zellen
            summe += float(zeile["betrag"])
print(f"Summe: {summe:.2f}")
```"""

#: Earlier questions that fill the conversation list (each really asked and answered).
EARLIER = {
    "en": (
        Script(
            "What notice period does my lease give?",
            "The user asks about a notice period.",
            "Three months, unless the lease says otherwise.",
        ),
        Script(
            "Summarise the board minutes in three bullet points",
            "Three bullets are wanted.",
            "- Budget approved\n- New hire in March\n- Next meeting on the 12th",
        ),
    ),
    "de": (
        Script(
            "Welche Kündigungsfrist hat mein Mietvertrag?",
            "Gefragt ist nach einer Kündigungsfrist.",
            "Drei Monate, sofern der Vertrag nichts anderes sagt.",
        ),
        Script(
            "Fasse das Protokoll in drei Punkten zusammen",
            "Drei Stichpunkte sind gewünscht.",
            "- Budget genehmigt\n- Neue Stelle im März\n- Nächste Sitzung am 12.",
        ),
    ),
}
MAIN = {
    "en": Script(
        "How do I read a CSV file and add up one column in Python?",
        "The user wants to sum a column from a CSV file. The standard library's csv module "
        "is enough; DictReader gives rows by header name. Convert each value to float and "
        "skip empty cells.",
        "Use the standard library's `csv` module, no extra packages needed:\n\n"
        f"{CODE_EN}\n\n**How it works**\n\n"
        "1. `DictReader` reads the header line, so each row is a dictionary keyed by column "
        "name.\n2. Empty cells are skipped instead of failing.\n"
        "3. The total is printed with two decimals.",
    ),
    "de": Script(
        "Wie lese ich eine CSV-Datei in Python ein und summiere eine Spalte?",
        "Gefragt ist die Summe einer CSV-Spalte. Das csv-Modul der Standardbibliothek reicht; "
        "DictReader liefert Zeilen nach Spaltennamen. Werte in float umwandeln, leere Zellen "
        "überspringen.",
        "Mit dem Modul `csv` der Standardbibliothek, ganz ohne Zusatzpakete:\n\n"
        f"{CODE_DE}\n\n**So funktioniert es**\n\n"
        "1. `DictReader` liest die Kopfzeile; jede Zeile ist ein Wörterbuch mit den "
        "Spaltennamen.\n2. Leere Zellen werden übersprungen.\n"
        "3. Die Summe wird mit zwei Nachkommastellen ausgegeben.",
    ),
}


@dataclass(frozen=True)
class Scene:
    name: str
    theme: str
    language: str


SCENES = (
    Scene("welcome-light-en", "light", "en"),
    Scene("main-light-en", "light", "en"),
    Scene("main-dark-de", "dark", "de"),
    Scene("models-light-en", "light", "en"),
    Scene("server-light-en", "light", "en"),
    Scene("remote-light-en", "light", "en"),
    Scene("settings-light-en", "light", "en"),
    Scene("approval-light-en", "light", "en"),
    Scene("about-light-en", "light", "en"),
)
#: The pictures each scene takes, in order (a scene may skip one it cannot take, and says so).
SCENE_FILES = {
    "welcome-light-en": ("welcome-light-en.png",),
    "main-light-en": ("main-light-en.png", "reasoning-light-en.png", "picker-light-en.png"),
    "main-dark-de": ("main-dark-de.png", "empty-dark-de.png"),
    "models-light-en": ("models-light-en.png",),
    "server-light-en": ("server-light-en.png",),
    "remote-light-en": ("remote-models-light-en.png", "remote-picker-light-en.png"),
    "settings-light-en": ("settings-light-en.png", "settings-tools-light-en.png"),
    "approval-light-en": ("approval-light-en.png",),
    "about-light-en": ("about-light-en.png",),
}
#: What each picture shows (captions.md).
CAPTIONS = {
    "welcome-light-en.png": "The first start: no model yet, so the window offers to download "
    "gpt-oss-20b or open a GGUF file",
    "main-light-en.png": "The main window, light theme, English: a conversation with a code "
    "answer, two earlier conversations in the list",
    "reasoning-light-en.png": "The same conversation with the answer's reasoning unfolded "
    '("Thought for …")',
    "picker-light-en.png": "The header's model picker open: the models Lokal knows, with their "
    "state and the plan's one-line summary",
    "main-dark-de.png": "The same in German, dark theme",
    "empty-dark-de.png": "A new chat with the model loaded, German, dark theme: the empty "
    "chat says what to do",
    "server-light-en.png": "File → Local server…, switched on: the OpenAI-compatible server's "
    "base URL and key (a throwaway key of that run's temporary data folder)",
    "models-light-en.png": "The Models window: the catalog's verdicts for this computer, the "
    "test model opened from a file (Load now, Show in folder, Remove…), and the Servers "
    "section (none added)",
    "remote-models-light-en.png": "The Models window's Servers section with a server added "
    "and tested: a second Lokal (`lokal serve --no-api-key` on this computer's loopback, "
    "serving the same synthetic model) stands in for a team's server. The test's remark that "
    "a short answer came without reasoning is true of the synthetic model (random weights)",
    "remote-picker-light-en.png": "The model picker with that server's model listed beside "
    "the model on this computer",
    "settings-light-en.png": "Settings",
    "settings-tools-light-en.png": "Settings → Tools and tool servers, with the MCP reference "
    "server mcp-server-time configured",
    "approval-light-en.png": "The model asks to call a tool of mcp-server-time: the approval "
    "card waits for Allow or Deny",
    "about-light-en.png": "Help → About Lokal",
}
#: The MCP server the tools pictures use (a test requirement: pip install -e '.[test]').
TIME_SERVER = "mcp-server-time"
TIME_TOOL = "functions.time_get_current_time"
TIME_ARGUMENTS = '{"timezone": "Europe/Berlin"}'
TOOL_QUESTION = Script(
    "What time is it in Berlin right now?",
    "The user asks for the current time in Berlin. The time server's get_current_time "
    "tool answers that; call it with the IANA zone Europe/Berlin.",
    "",
)


# --- the grammar that writes a scripted answer -------------------------------------------


def literal(text: str) -> str:
    """``text`` as a GBNF string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'


def scripted_grammar(script: Script) -> str:
    """Harmony with exactly this reasoning and this answer.

    Like app.core.grammar.harmony_forcing, it ends without an end-of-generation token (the
    engine adds <|return|> once the grammar is complete): forcing one in a grammar aborts
    llama.cpp.
    """
    from app.core.grammar.gbnf import GPT_OSS_END_TOKENS, validate_gbnf

    grammar = (
        f'root ::= <|channel|> "analysis" <|message|> {literal(script.reasoning)} <|end|>'
        f' <|start|> "assistant" <|channel|> "final" <|message|> {literal(script.answer)}\n'
    )
    validate_gbnf(grammar, forbidden_tokens=GPT_OSS_END_TOKENS)  # one aborts llama.cpp
    return grammar


def scripted_tool_call(script: Script, recipient: str, arguments: str) -> str:
    """Harmony with this reasoning, then a call to ``recipient`` with these JSON arguments
    (the engine ends it with <|call|>)."""
    from app.core.grammar.gbnf import GPT_OSS_END_TOKENS, validate_gbnf

    grammar = (
        f'root ::= <|channel|> "analysis" <|message|> {literal(script.reasoning)} <|end|>'
        f' <|start|> "assistant" <|channel|> "commentary to={recipient} " <|constrain|> "json"'
        f" <|message|> {literal(arguments)}\n"
    )
    validate_gbnf(grammar, forbidden_tokens=GPT_OSS_END_TOKENS)  # one aborts llama.cpp
    return grammar


def scripted_turn(script: Script) -> dict[str, object]:
    """MainWindow's turn_extra for this scripted answer."""
    return {"completion_grammar": scripted_grammar(script), "max_tokens": 16_384}


# --- one scene, in its own process --------------------------------------------------------


def _pump(app: Any) -> None:
    """What app.exec() would do meanwhile: events, and the deleteLater() of widgets a view
    replaced (processEvents alone leaves those until an event loop runs)."""
    from PySide6.QtCore import QEvent

    app.processEvents()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _wait(app: Any, done: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: {what} (gave up after {seconds:.0f} s)")
        _pump(app)
        time.sleep(0.02)


def _settle(app: Any, seconds: float = 0.5) -> None:
    """Let layouts, fonts and deferred paints finish before a picture is taken."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        _pump(app)
        time.sleep(0.02)


def _answers(database: Path) -> list[dict[str, Any]]:
    """Every finished answer in the data folder's database, oldest first, with its numbers."""
    from app.core.store import ChatStore

    store = ChatStore(database)
    try:
        found = []
        for conversation in store.list_conversations():
            for message in store.thread(conversation.id):
                if message.role == "assistant" and message.status == "complete":
                    stats = {name: getattr(message, name) for name in STATS}
                    found.append({"id": message.id, "stats": stats, "text": message.content})
        return sorted(found, key=lambda a: a["id"])
    finally:
        store.close()


def _ask(app: Any, window: Any, database: Path, script: Script) -> dict[str, Any]:
    """Ask ``script``'s question in a new conversation; the scripted answer's numbers."""
    before = len(_answers(database))
    window.turn_extra = scripted_turn(script)
    window.new_conversation()
    window.send(script.question)
    _wait(
        app,
        lambda: len(_answers(database)) > before and not window.generating,
        ANSWER_SECONDS,
        "the answer did not finish",
    )
    return dict(_answers(database)[-1]["stats"])


def _top_level_dialogs(app: Any, besides: Any) -> list[Any]:
    """The windows open beside the main one (dialogs, or a window a redesign made of one)."""
    from PySide6.QtCore import Qt

    kinds = (Qt.WindowType.Dialog, Qt.WindowType.Window)
    return [
        w
        for w in app.topLevelWidgets()
        if w.isVisible() and w is not besides and w.windowType() in kinds
    ]


def grab_with_popups(widget: Any, *popups: Any) -> Any:
    """``widget``'s picture with each popup drawn where it stands on the screen (a popup is a
    window of its own: grabbing the main window leaves it out)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter

    picture = widget.grab()
    if popups:
        painter = QPainter(picture)
        try:
            for popup in popups:
                painter.drawPixmap(
                    widget.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0))), popup.grab()
                )
        finally:
            painter.end()
    return picture


def _save(widget: Any, path: Path, *popups: Any) -> None:
    if not grab_with_popups(widget, *popups).save(str(path)):
        raise SystemExit(f"screenshots: could not write {path}")
    print(f"screenshots: wrote {path}")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_scene(scene: Scene, out: Path, model: Path, facts_file: Path) -> None:
    # A folder named as the app names its own (…/Lokal), as the Models window shows it.
    folder = Path(tempfile.mkdtemp(prefix=f"lokal-shot-{scene.name}-")) / "Lokal"
    folder.mkdir()
    os.environ["LOKAL_DATA_DIR"] = str(folder)  # before anything reads the data folder

    from PySide6.QtWidgets import QApplication

    from app.ui import appearance
    from app.ui.main_window import MainWindow

    app = QApplication([sys.argv[0]])
    appearance.apply_theme(app, scene.theme)
    if appearance.apply_language(app, scene.language) != scene.language:
        raise SystemExit(f"screenshots: the {scene.language} translation did not load")
    database = folder / "lokal.db"
    server = _time_server()
    if server is not None and scene.name.startswith(("settings-", "approval-")):
        _configure_tool_server(folder, server)
    if scene.name.startswith("server-"):
        # As a person would start it: the key from LOKAL_API_KEY (no keyring needed), a port
        # that is free here. Both belong to this run's throwaway data folder.
        from app.core import settings as user_settings
        from app.core.server.api_key import ENV, new_key

        os.environ[ENV] = new_key()
        user_settings.update(folder / "settings.json", server_port=_free_port())
    team: subprocess.Popen[bytes] | None = None
    if scene.name.startswith("remote-"):
        team, team_url = _start_team_server(model, folder.parent / "team-server")
    window = MainWindow(database, folder / "settings.json")
    window.resize(WIDTH, HEIGHT)
    window.show()
    facts: dict[str, Any] = {"scene": scene.name, "files": []}

    def save(widget: Any, name: str, *popups: Any) -> None:
        _save(widget, out / name, *popups)
        facts["files"].append(name)

    try:
        if scene.name.startswith("welcome-"):  # the first start: no model yet
            _settle(app, 1.0)
            save(window, f"{scene.name}.png")
            return
        window.load_model(model)
        _wait(app, lambda: window.model_ready, LOAD_SECONDS, "the model did not load")
        if scene.name.startswith("main-"):
            for script in EARLIER[scene.language]:
                _ask(app, window, database, script)
            facts["stats"] = _ask(app, window, database, MAIN[scene.language])
            _settle(app, 1.0)
            save(window, f"{scene.name}.png")
            for name in SCENE_FILES[scene.name][1:]:
                if name.startswith("reasoning-"):
                    window.chat.bubbles[-1].reasoning_toggle.setChecked(True)
                    _settle(app, 1.0)
                    save(window, name)
                    window.chat.bubbles[-1].reasoning_toggle.setChecked(False)
                elif name.startswith("picker-"):
                    picker = window.model_picker
                    picker.open_popup()
                    _wait(app, picker.popup.isVisible, 30, "the model picker did not open")
                    _settle(app, 1.0)
                    save(window, name, picker.popup)
                    picker.popup.hide()
                elif name.startswith("empty-"):
                    window.new_conversation()
                    _settle(app, 1.0)
                    save(window, name)
        elif scene.name.startswith("models-"):
            window.open_model_manager()
            _wait(
                app, lambda: bool(_top_level_dialogs(app, window)), 30, "no Models window appeared"
            )
            # The verdicts need the engine's report on this computer: give the probe time.
            downloads = getattr(window, "downloads", None)
            if downloads is not None and hasattr(downloads, "system_report"):
                _wait(app, lambda: downloads.system_report is not None, 120, "no system report")
            _settle(app, 1.5)
            (dialog,) = _top_level_dialogs(app, window)[:1]
            save(dialog, f"{scene.name}.png")
            dialog.close()
        elif scene.name.startswith("server-"):
            window.open_server_panel()
            window.server_panel.switch.setChecked(True)  # as a click on the switch does
            _wait(app, lambda: window.server_panel.running, 30, "the local server did not start")
            _settle(app, 1.0)
            save(window.server_panel, f"{scene.name}.png")
            window.server_panel.switch.setChecked(False)
        elif scene.name.startswith("remote-"):
            _remote(app, window, team_url, save)
        elif scene.name.startswith("settings-"):
            facts["files"] += _settings(app, window, out, scene)
        elif scene.name.startswith("approval-"):
            if server is None:
                print(f"screenshots: {scene.name} skipped: {TIME_SERVER} is not installed")
            elif _approval(app, window):
                _settle(app, 1.0)
                save(window, f"{scene.name}.png")
                window.stop()
        elif scene.name.startswith("about-"):
            window.about()
            _wait(app, lambda: bool(_top_level_dialogs(app, window)), 30, "no About box appeared")
            (dialog,) = _top_level_dialogs(app, window)[:1]
            # The engine's build fills in once the engine has answered.
            _wait(app, lambda: getattr(dialog, "report", True) is not None, 120, "no report")
            _settle(app, 0.5)
            save(dialog, f"{scene.name}.png")
            dialog.close()
    finally:
        facts_file.write_text(json.dumps(facts), encoding="utf-8")
        window.close()
        if team is not None:
            team.terminate()
            team.wait(30)
        shutil.rmtree(folder.parent, ignore_errors=True)


def _start_team_server(model: Path, folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A second Lokal serving ``model`` on loopback, without a key (no keyring needed), in a
    data folder of its own: the server a picture of the Servers section connects to."""
    import urllib.request

    folder.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    command = [sys.executable, "-m", "app", "serve", "--model", str(model)]
    command += ["--port", str(port), "--no-api-key"]
    env = dict(os.environ, LOKAL_DATA_DIR=str(folder))
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + LOAD_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"screenshots: lokal serve stopped ({server.returncode})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                return server, url
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("screenshots: lokal serve did not answer")


def _remote(app: Any, window: Any, url: str, save: Callable[..., None]) -> None:
    """Add the server in the Models window as a person would (name, address, Add), wait for
    its test, then photograph the Servers section and the picker listing its model."""
    window.open_model_manager()
    _wait(app, lambda: bool(_top_level_dialogs(app, window)), 30, "no Models window appeared")
    (dialog,) = _top_level_dialogs(app, window)[:1]
    panel = dialog.connections
    panel.name.setText("team-server")
    panel.url.setText(url)
    panel.add_button.click()
    tested = lambda: panel.list.count() > 0 and "\n" in panel.list.item(0).text()  # noqa: E731
    try:
        _wait(app, tested, 120, "the server's test did not finish")
    except SystemExit:
        print(f"screenshots: the Servers section says: {panel.result.text()}", file=sys.stderr)
        raise
    panel.list.setCurrentRow(0)
    _settle(app, 1.0)
    save(dialog, "remote-models-light-en.png")
    dialog.close()
    picker = window.model_picker
    picker.open_popup()
    _wait(app, picker.popup.isVisible, 30, "the model picker did not open")
    _settle(app, 1.0)
    save(window, "remote-picker-light-en.png", picker.popup)
    picker.popup.hide()


def _time_server() -> Path | None:
    beside = Path(sys.executable).parent / TIME_SERVER
    if beside.is_file():
        return beside
    found = shutil.which(TIME_SERVER)
    return Path(found) if found else None


def _configure_tool_server(folder: Path, server: Path) -> None:
    """The data folder's mcp.json names the time server, as a person would add it."""
    from app.core.tools import ServerConfig, ToolsConfig
    from app.core.tools.config import FILE_NAME, save_config

    config = ServerConfig("time", command=str(server), args=("--local-timezone", "UTC"))
    save_config(folder / FILE_NAME, ToolsConfig((config,)))


def _approval(app: Any, window: Any) -> bool:
    """Ask a question whose scripted answer calls the time server's tool: the window shows
    the approval card. False when the window offers no way to switch the server on."""
    from PySide6.QtWidgets import QMenu

    window.new_conversation()
    chosen = False
    for menu in window.findChildren(QMenu):
        menu.aboutToShow.emit()  # menus fill themselves when they open
        for action in menu.actions():
            if action.isCheckable() and "“time”" in action.text():
                action.setChecked(True)
                chosen = True
    if not chosen:
        print("screenshots: approval skipped: no menu entry switches the time server on")
        return False
    window.turn_extra = {
        "completion_grammar": scripted_tool_call(TOOL_QUESTION, TIME_TOOL, TIME_ARGUMENTS),
        "max_tokens": 4096,
    }
    window.send(TOOL_QUESTION.question)
    controller = getattr(window, "controller", None)
    _wait(
        app,
        lambda: getattr(getattr(controller, "state", None), "pending_call", None) is not None,
        ANSWER_SECONDS,
        "the tool call did not reach the window",
    )
    return True


def _settings(app: Any, window: Any, out: Path, scene: Scene) -> list[str]:
    """Settings, and its Tools page where it has one.

    Settings is modal today (exec): the pictures are then taken from inside its event
    loop. A Settings window that opens beside the main one is photographed the same way.
    """
    from PySide6.QtCore import QTimer

    written: list[str] = []
    problems: list[str] = []
    taken = False

    def capture(dialog: Any) -> None:
        nonlocal taken
        taken = True
        try:
            _settle(app, 0.5)
            _save(dialog, out / f"{scene.name}.png")
            written.append(f"{scene.name}.png")
            open_tools = getattr(dialog, "open_tools", None)
            page = open_tools() if callable(open_tools) else None
            if page is not None:
                _settle(app, 1.0)
                name = scene.name.replace("settings-", "settings-tools-")
                _save(page, out / f"{name}.png")
                written.append(f"{name}.png")
                page.close()
        except (Exception, SystemExit) as exc:  # reported once the dialog has closed
            problems.append(str(exc))
        finally:
            dialog.reject()

    def inside() -> None:
        if taken:
            return
        dialog = app.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, inside)
        else:
            capture(dialog)

    host = getattr(window, "tool_host", None)
    if host is not None and any(s.name == "time" for s in host.config.servers):
        host.restart("time")  # running, so that the page lists its tools
    QTimer.singleShot(0, inside)
    window.open_settings()
    if not taken:  # not modal: it is open beside the window
        _wait(app, lambda: bool(_top_level_dialogs(app, window)), 30, "no Settings appeared")
        capture(_top_level_dialogs(app, window)[0])
    if problems:
        raise SystemExit(f"screenshots: settings: {problems[0]}")
    return written


# --- the whole set ------------------------------------------------------------------------


def _display_command() -> tuple[list[str], dict[str, str]]:
    """How to start a scene so that Qt has a screen: Xvfb when there is no display."""
    env = dict(os.environ)
    if env.get("QT_QPA_PLATFORM") == "offscreen":
        return [], env
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return [], env
    xvfb = shutil.which("xvfb-run")
    if xvfb:
        env["QT_QPA_PLATFORM"] = "xcb"
        return [xvfb, "-a", "-s", SCREEN], env
    print("screenshots: no display and no xvfb-run; drawing offscreen", file=sys.stderr)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return [], env


def _machine() -> str:
    from app.core.engine.cpu_features import cpu_features
    from app.core.engine.hardware import physical_cores

    return f"{cpu_features().model}, {physical_cores()} physical cores, {platform.system()}"


def _figures(stats: dict[str, Any]) -> str:
    parts = []
    if stats.get("tokens_per_second") is not None:
        parts.append(f"{stats['tokens_per_second']:.1f} tokens/s")
    if stats.get("time_to_first_token_s") is not None:
        parts.append(f"first token after {stats['time_to_first_token_s']:.2f} s")
    if stats.get("completion_tokens") is not None:
        parts.append(f"{stats['completion_tokens']} tokens written")
    if stats.get("prompt_tokens") is not None:
        parts.append(f"{stats['prompt_tokens']} prompt tokens")
    return ", ".join(parts) or "none recorded"


def _scripted_note(stats: dict[str, Any], synthetic: bool) -> str:
    if not synthetic:
        return (
            "  The answers' words are scripted by a grammar; the numbers under the last "
            f"answer are that run's measurements: {_figures(stats)}."
        )
    return (
        "  The questions were asked through the window (MainWindow.send) and answered by the "
        "engine; the words of the answers are scripted (a grammar made the model write them, "
        "because a model with random weights writes gibberish). The numbers under the last "
        f"answer are that run's measurements: {_figures(stats)}. They are the synthetic "
        "model's speed on this computer, not gpt-oss-20b's."
    )


def write_captions(
    out: Path, model: Path, synthetic: bool, all_facts: list[dict[str, Any]]
) -> Path:
    size = model.stat().st_size
    what = (
        f"the tiny synthetic gpt-oss GGUF ({size / 2**20:.1f} MiB, random weights)"
        if synthetic
        else f"{model.name} ({size / 2**30:.1f} GiB)"
    )
    lines = [
        "# How these screenshots were made",
        "",
        "Taken by `packaging/screenshots.py` on "
        f"{time.strftime('%Y-%m-%d', time.gmtime())}, on {_machine()}: each is a run of the "
        f"real window at {WIDTH}×{HEIGHT} in a fresh data folder, with {what} loaded in "
        "the real engine.",
        "",
    ]
    for facts in all_facts:
        for number, file in enumerate(facts["files"]):
            lines.append(f"- `{file}`: {CAPTIONS[file]}.")
            if number > 0:
                lines[-1] += " Taken in the same run as the picture above."
            elif "stats" in facts:  # said under the picture that shows the numbers
                lines.append(_scripted_note(facts["stats"], synthetic))
    path = out / "captions.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, nargs="?", default=ROOT / "docs" / "screenshots")
    parser.add_argument("--model", type=Path, help="a gpt-oss GGUF (default: build the tiny one)")
    parser.add_argument("--only", nargs="+", choices=[s.name for s in SCENES], default=None)
    parser.add_argument("--scene", help=argparse.SUPPRESS)  # a child process: one scene
    parser.add_argument("--facts", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    if args.scene:
        scene = next(s for s in SCENES if s.name == args.scene)
        run_scene(scene, out, args.model, args.facts)
        return 0

    work = Path(tempfile.mkdtemp(prefix="lokal-screenshots-"))
    try:
        synthetic = args.model is None
        if synthetic:
            from app.core.synthetic import build_gptoss_gguf

            model = build_gptoss_gguf(work / TINY_NAME, "tiny", seed=1)
        else:
            model = args.model.resolve()
        prefix, env = _display_command()
        all_facts = []
        for scene in SCENES:
            if args.only and scene.name not in args.only:
                continue
            facts_file = work / f"{scene.name}.json"
            command = [sys.executable, str(Path(__file__).resolve()), str(out)]
            command += ["--scene", scene.name, "--model", str(model), "--facts", str(facts_file)]
            result = subprocess.run([*prefix, *command], env=env, check=False)
            if result.returncode != 0:
                print(f"screenshots: {scene.name} failed ({result.returncode})", file=sys.stderr)
                return 1
            all_facts.append(json.loads(facts_file.read_text(encoding="utf-8")))
        if not args.only:
            print(f"screenshots: wrote {write_captions(out, model, synthetic, all_facts)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
