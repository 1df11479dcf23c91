"""Figures in the reader's locale, catalog and export texts in German, OS errors in our words."""

from __future__ import annotations

import json
import pickle
import socket
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.engine.crash import describe_exit
from app.core.engine.load_plan_text import gb
from app.core.models.catalog import load_catalog
from app.core.models.catalog_text import SUMMARIES
from app.core.network_reason import reason_of
from app.core.quantity import Number, count
from app.core.sentence import Sentence, from_json, recover, to_json
from app.core.settings import Settings
from app.core.store import ChatStore
from app.ui import appearance, locale_format
from app.ui.settings_dialog import SettingsDialog
from app.ui.store_worker import core_words
from app.ui.text import fill, translated


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    appearance.apply_language(app, "de")
    yield
    appearance.apply_language(app, "en")


def test_a_number_is_english_text_and_keeps_its_figure() -> None:
    assert count(10863) == "10,863" and gb(3 << 30) == "3.0 GB"
    size = Number(0.1, 1, " GB")
    assert pickle.loads(pickle.dumps(size)).value == 0.1
    again = from_json(json.loads(json.dumps(to_json(Sentence("%1 of %2", size, count(7))))))
    assert isinstance(again, Sentence) and isinstance(again.values[0], Number)
    with pytest.raises(ValueError):
        from_json({"number": "1e999", "decimals": 1, "unit": ""})


@pytest.mark.usefixtures("german")
def test_figures_follow_the_locale_in_german() -> None:
    assert QLocale().language() == QLocale.Language.German
    assert locale_format.integer(10863) == "10.863"
    assert locale_format.decimal(1.0, 2) == "1,00"
    assert fill("%1 von %2", Number(0.1, 1, " GB"), Number(17.6, 1, " GB")) == "0,1 GB von 17,6 GB"
    assert translated(count(10863)) == "10.863"
    assert locale_format.duration(243) == "4 min 03 s"


def test_figures_are_english_in_english(qapp: QApplication) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    appearance.apply_language(app, "en")
    assert locale_format.integer(10863) in ("10,863", "10 863", "10.863")  # the region's own
    assert QLocale().language() == QLocale.Language.English


@pytest.mark.usefixtures("german")
def test_every_shipped_catalog_description_is_translated() -> None:
    summaries = [entry.summary for entry in load_catalog()]
    assert summaries and set(summaries) <= set(SUMMARIES)
    assert all(translated(summary) != summary for summary in summaries)


@pytest.mark.usefixtures("german")
def test_a_stored_crash_sentence_is_shown_in_german() -> None:
    stored = str(describe_exit(-9))  # the history keeps plain text
    assert not isinstance(stored, Sentence)
    assert translated(recover(stored)).startswith("Die Engine")
    assert recover("something else entirely") == "something else entirely"


@pytest.mark.usefixtures("german")
def test_the_markdown_export_has_german_headings() -> None:
    store = ChatStore(":memory:")
    chat = store.create_conversation("Leuchttürme")
    question = store.add_user_message(chat.id, "Wie hoch?")
    answer = store.start_assistant_message(chat.id, question.id, "low", None, None)
    store.finish_assistant_message(answer.id, "complete", analysis="", content="Sehr hoch.")
    text = store.export_markdown(chat.id, None, core_words)
    assert "## Sie" in text and "## Assistent" in text and "## You" not in text
    assert "## You" in store.export_markdown(chat.id)


@pytest.mark.usefixtures("german")
def test_an_os_error_is_wrapped_in_a_german_sentence() -> None:
    try:
        raise ConnectionError("HTTPSConnectionPool") from socket.gaierror(
            -2, "Name or service not known"
        )
    except ConnectionError as exc:
        reason = reason_of(exc)
    assert reason.startswith("the address could not be looked up")
    assert "Adresse" in translated(reason)


@pytest.mark.usefixtures("german")
def test_settings_show_german_decimals(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(temperature=1.0), False)
    qtbot.addWidget(dialog)
    assert dialog.temperature.text() == "1,00"


def test_a_language_switch_while_settings_are_open_rewrites_their_decimals(
    qtbot: QtBot, qapp: QApplication
) -> None:
    dialog = SettingsDialog(Settings(temperature=1.0), False)
    qtbot.addWidget(dialog)
    appearance.apply_language(qapp, "de")
    try:
        qtbot.waitUntil(lambda: dialog.temperature.text() == "1,00")
    finally:
        appearance.apply_language(qapp, "en")
    qtbot.waitUntil(lambda: dialog.temperature.text() == "1.00")
