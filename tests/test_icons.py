"""The interface icons: every one of the set renders, crisp at 100, 150 and 200 %."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication

from app.core.resources import resource
from app.ui import appearance, icons
from app.ui.icons import NAMES, icon


def painted(image: QImage) -> int:
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 0
    )


@pytest.mark.parametrize("ratio", [1.0, 1.5, 2.0])
@pytest.mark.parametrize("name", NAMES)
def test_each_icon_renders_at_each_scale(qapp: QApplication, name: str, ratio: float) -> None:
    pixmap = icon(name).pixmap(QSize(24, 24), ratio)
    # Drawn at the device's pixels, not scaled up from 24 px.
    assert pixmap.width() == round(24 * ratio) and pixmap.devicePixelRatio() == ratio
    image = pixmap.toImage()
    assert painted(image) > 10 * ratio, name


def test_the_set_is_complete_and_only_svg_strokes_in_one_colour() -> None:
    folder = resource("icons", "ui")
    files = {path.stem for path in folder.glob("*.svg")}
    assert files == set(NAMES)
    for name in NAMES:
        svg = (folder / f"{name}.svg").read_text()
        assert 'viewBox="0 0 24 24"' in svg, name
        # One colour, the palette's: no colour of its own in any file.
        assert not re.search(r"#[0-9a-fA-F]{3,6}", svg), name


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_icons_take_the_text_colour_of_the_theme(qapp: QApplication, theme: str) -> None:
    appearance.apply_theme(qapp, theme)
    try:
        image = icon("stop").pixmap(QSize(24, 24), 1.0).toImage()
        centre = image.pixelColor(12, 12)  # the stop square is filled
        wanted = qapp.palette().color(QPalette.ColorRole.ButtonText)
        assert abs(centre.lightness() - wanted.lightness()) < 10
        disabled = icon("stop").pixmap(QSize(24, 24), 1.0, QIcon.Mode.Disabled).toImage()
        assert disabled.pixelColor(12, 12) != centre
    finally:
        appearance.apply_theme(qapp, "system")


def test_an_unknown_icon_is_refused() -> None:
    with pytest.raises(KeyError):
        icon("sparkles")


# Pictographs many systems draw only with an emoji font (a box without one): ⏳ ⚠ 🔒 …
EMOJI = re.compile("[\u231a\u231b\u23e9-\u23fa\u2600-\u27bf\U0001f000-\U0001faff]")


def test_no_emoji_in_what_the_window_shows() -> None:
    ui = Path(icons.__file__).parent  # app/ui
    sources = [*sorted(ui.glob("*.py")), resource("translations", "lokal_de.ts")]
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if EMOJI.search(line)
    ]
    assert found == []
