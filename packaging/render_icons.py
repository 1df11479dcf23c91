"""Render resources/icons/lokal.svg to the PNG sizes and the Windows .ico the installers use.

    python packaging/render_icons.py

The PNGs and the .ico are committed; run this again after editing the SVG.
macOS's .icns is made from the PNGs on a Mac (installer/macos/build_dmg.sh).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, size: int, out: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _ = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(out)):
        raise SystemExit(f"could not write {out}")


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico holding each size as PNG data (Windows Vista and later read these)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    svg = ICONS / "lokal.svg"
    for size in PNG_SIZES:
        render_png(svg, size, ICONS / f"lokal-{size}.png")
    ico = ico_bytes({s: (ICONS / f"lokal-{s}.png").read_bytes() for s in ICO_SIZES})
    (ICONS / "lokal.ico").write_bytes(ico)
    print(f"wrote {len(PNG_SIZES)} PNGs and lokal.ico to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
