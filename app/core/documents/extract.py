"""Which reader a file needs (its first bytes first, then its name), and running it.

This runs inside the extraction process (see sandbox.py); call
``sandbox.extract_file`` from the app, never these directly on a user's file.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path, PurePath

from app.core.documents.model import (
    ExtractedDocument,
    ExtractionError,
    Kind,
    Limits,
    Part,
    too_much_text,
)
from app.core.documents.safe_open import read_regular_file
from app.core.documents.text import clean_text, decode_text
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

_BY_SUFFIX: dict[str, Kind] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".txt": "text",
    ".text": "text",
    ".log": "text",
    ".rst": "text",
    ".org": "text",
    ".tex": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".csv": "csv",
    ".tsv": "csv",
    ".tab": "csv",
}
_CODE_SUFFIXES_TEXT = """
    .py .pyi .js .mjs .cjs .ts .tsx .jsx .java .c .h .cpp .hpp .cc .hh .cxx .cs .go .rs
    .rb .php .swift .kt .kts .scala .sh .bash .zsh .fish .ps1 .bat .cmd .sql .r .m .mm
    .pl .pm .lua .dart .json .jsonl .yaml .yml .toml .ini .cfg .conf .xml .css .scss
    .less .vue .svelte .hs .ml .mli .ex .exs .erl .clj .jl .f90 .asm .s .cmake .gradle
    .proto .graphql .tf .nix .zig .v .sv .vhd .ipynb .diff .patch
    """
CODE_SUFFIXES = frozenset(_CODE_SUFFIXES_TEXT.split())
CODE_NAMES = frozenset({"Makefile", "Dockerfile", "CMakeLists.txt", "Gemfile", "Rakefile"})


def kind_for_name(name: str) -> Kind | None:
    """The kind a file's name promises, or None for names Lokal does not know."""
    path = PurePath(name)
    if path.name in CODE_NAMES:
        return "code"
    suffix = path.suffix.lower()
    if suffix in CODE_SUFFIXES:
        return "code"
    return _BY_SUFFIX.get(suffix)


def sniff_kind(data: bytes, name: str) -> Kind:
    """What the bytes are, trusting content over the name where the two disagree."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    named = kind_for_name(name)
    if data.startswith(b"PK\x03\x04") and named in (None, "docx"):
        return "docx"
    if named is not None:
        return named
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def extract_file(path: Path, limits: Limits) -> ExtractedDocument:
    data = read_regular_file(path, limits.max_input_bytes)
    return extract_bytes(data, path.name, limits)


def extract_bytes(data: bytes, name: str, limits: Limits) -> ExtractedDocument:
    if not data:
        raise ExtractionError(Sentence(QT_TRANSLATE_NOOP("core", "%1 is empty."), name))
    document = _extract(data, name, limits)
    return dataclasses.replace(document, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def _extract(data: bytes, name: str, limits: Limits) -> ExtractedDocument:
    kind = sniff_kind(data, name)
    if kind == "pdf":
        from app.core.documents.pdf import extract_pdf

        return extract_pdf(data, name, limits)
    if kind == "docx":
        from app.core.documents.word import extract_docx

        return extract_docx(data, name, limits)
    text = decode_text(data, name)
    if len(text) > limits.max_output_chars:
        raise ExtractionError(too_much_text(name, limits))
    if kind == "html":
        from app.core.documents.html_text import extract_html

        return extract_html(text, name, limits)
    if kind == "csv":
        from app.core.documents.csv_table import extract_csv

        return extract_csv(text, name, limits)
    return _plain(clean_text(text), name, kind)


def _plain(text: str, name: str, kind: Kind) -> ExtractedDocument:
    text = text.rstrip()
    if not text.strip():
        raise ExtractionError(Sentence(QT_TRANSLATE_NOOP("core", "%1 has no text in it."), name))
    part = Part(text=text, start=1, end=text.count("\n") + 1)
    return ExtractedDocument(name, kind, "line", (part,))
