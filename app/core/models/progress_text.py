"""Download progress in words, the same in the window and the terminal."""

from __future__ import annotations

from app.core.models.download import Progress, amount


def duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def speed(bytes_per_second: float) -> str:
    return f"{bytes_per_second / 1e6:.1f} MB/s"


def describe(p: Progress) -> str:
    """E.g. 'Downloading 45% · 5.5 of 12.1 GB · 23.4 MB/s · 4 min 43 s left'."""
    if p.phase == "looking up":
        return "Asking the Hugging Face Hub…"
    percent = f"{100 * p.done / p.total:.0f}%" if p.total else ""
    part = f" (part {p.file_index} of {p.file_count})" if p.file_count > 1 else ""
    if p.phase == "checking":
        return f"Checking what was already downloaded{part} · {percent}"
    pieces = [f"Downloading{part} {percent}", amount(p.done, p.total)]
    if p.speed > 0:
        pieces.append(speed(p.speed))
    if p.eta is not None:
        pieces.append(f"{duration(p.eta)} left")
    return " · ".join(pieces)
