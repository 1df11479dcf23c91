"""Bytes to clean text: encodings, binary files in disguise, control characters."""

from __future__ import annotations

import codecs
import re

from app.core.documents.model import ExtractionError
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Formats people rename by mistake (or on purpose), by their first bytes.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", QT_TRANSLATE_NOOP("core", "a PNG image")),
    (b"\xff\xd8\xff", QT_TRANSLATE_NOOP("core", "a JPEG image")),
    (b"GIF8", QT_TRANSLATE_NOOP("core", "a GIF image")),
    (b"\x7fELF", QT_TRANSLATE_NOOP("core", "a program (ELF)")),
    (b"MZ", QT_TRANSLATE_NOOP("core", "a Windows program")),
    (b"\x1f\x8b", QT_TRANSLATE_NOOP("core", "a gzip archive")),
    (b"PK\x03\x04", QT_TRANSLATE_NOOP("core", "a zip archive")),
    (b"7z\xbc\xaf\x27\x1c", QT_TRANSLATE_NOOP("core", "a 7-Zip archive")),
    (b"Rar!", QT_TRANSLATE_NOOP("core", "a RAR archive")),
    (b"SQLite format 3\x00", QT_TRANSLATE_NOOP("core", "an SQLite database")),
    (b"GGUF", QT_TRANSLATE_NOOP("core", "a GGUF model")),
)

_SAMPLE = 64 * 1024  # enough bytes to judge an encoding; the whole file is decoded after
# C0 and C1 control characters except tab and newline (carriage returns are
# turned into newlines first). They mean nothing in a document and could
# confuse a terminal or a prompt.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Newlines as \\n, no control characters, no trailing spaces at line ends."""
    # A lone surrogate (from a broken UTF-16 text layer) cannot be stored as UTF-8.
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _CONTROLS.sub("", text)
    return re.sub(r"[ \t]+\n", "\n", text)


def decode_text(data: bytes, name: str) -> str:
    """The text in ``data`` in whatever common encoding it uses, or ExtractionError."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    utf16 = _utf16_without_bom(data[:_SAMPLE])
    if utf16 is not None:
        return data.decode(utf16, errors="replace")
    _refuse_binary(data[:_SAMPLE], name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return data.decode(_guess_legacy_encoding(data[:_SAMPLE]), errors="replace")


def _utf16_without_bom(sample: bytes) -> str | None:
    """Mostly-ASCII UTF-16 has a zero in every other byte: on the odd side for LE."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.4 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.4 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def _refuse_binary(sample: bytes, name: str) -> None:
    for magic, what in _MAGIC:
        if sample.startswith(magic):
            raise ExtractionError(
                Sentence(QT_TRANSLATE_NOOP("core", "%1 is %2, not text."), name, Sentence(what))
            )
    controls = sum(1 for byte in sample if byte < 9 or (13 < byte < 32 and byte != 27))
    # A stray escape or bell in a log is fine; binary data has them everywhere.
    if b"\x00" in sample or controls > 4 + len(sample) // 100:
        raise ExtractionError(
            Sentence(QT_TRANSLATE_NOOP("core", "%1 looks like a binary file, not text."), name)
        )


def _guess_legacy_encoding(sample: bytes) -> str:
    import charset_normalizer  # 0.1 s to import; most files are UTF-8 and never need it

    matches = list(charset_normalizer.from_bytes(sample))
    if not matches:
        return "cp1252" if _decodes(sample, "cp1252") else "latin-1"
    least = min(match.chaos for match in matches)
    tied = [match.encoding for match in matches if match.chaos <= least + 0.01]
    # Short Western text fits several single-byte code pages equally well;
    # Windows-1252 is by far the likeliest of them to have written it.
    if "cp1252" in tied:
        return "cp1252"
    return tied[0]


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
