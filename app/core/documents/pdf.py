"""PDF text, one part per page, through pdfium (the engine Chrome uses)."""

from __future__ import annotations

import pypdfium2 as pdfium

from app.core.documents.model import ExtractedDocument, ExtractionError, Limits, Part, too_much_text
from app.core.documents.text import clean_text
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

# pdfium's FPDF_ERR_* codes for a document that will not open.
_ERR_FORMAT, _ERR_PASSWORD, _ERR_SECURITY = 3, 4, 5


def extract_pdf(data: bytes, name: str, limits: Limits) -> ExtractedDocument:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ExtractionError(_open_failure(name, exc.err_code)) from None
    try:
        count = len(document)
        if count > limits.max_pdf_pages:
            raise ExtractionError(
                Sentence(
                    QT_TRANSLATE_NOOP(
                        "core", "%1 has %2 pages; Lokal reads PDFs of up to %3 pages."
                    ),
                    name,
                    f"{count:,}",
                    f"{limits.max_pdf_pages:,}",
                )
            )
        parts: list[Part] = []
        empty: list[int] = []
        total = 0
        for index in range(count):
            text = _page_text(document, index)
            if not text.strip():
                empty.append(index + 1)
                continue
            total += len(text)
            if total > limits.max_output_chars:
                raise ExtractionError(too_much_text(name, limits))
            parts.append(Part(text=text, start=index + 1, end=index + 1))
    finally:
        document.close()
    if not parts:
        raise ExtractionError(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "core",
                    "%1 has no text layer (it looks scanned or made of images), and Lokal "
                    "cannot read text from images.",
                ),
                name,
            )
            if count
            else Sentence(QT_TRANSLATE_NOOP("core", "%1 has no pages."), name)
        )
    notes = (_empty_pages_note(empty),) if empty else ()
    return ExtractedDocument(name, "pdf", "page", tuple(parts), pages=count, notes=notes)


def _page_text(document: pdfium.PdfDocument, index: int) -> str:
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            # get_text_bounded reads all of Unicode; get_text_range stops at UCS-2.
            raw = textpage.get_text_bounded()
        finally:
            textpage.close()
    finally:
        page.close()
    return clean_text(raw).strip()


def _open_failure(name: str, code: int | None) -> Sentence:
    if code in (_ERR_PASSWORD, _ERR_SECURITY):
        return Sentence(
            QT_TRANSLATE_NOOP("core", "%1 is protected by a password, so Lokal cannot read it."),
            name,
        )
    if code == _ERR_FORMAT:
        return Sentence(QT_TRANSLATE_NOOP("core", "%1 is damaged or not really a PDF."), name)
    return Sentence(QT_TRANSLATE_NOOP("core", "%1 could not be opened as a PDF."), name)


def _empty_pages_note(pages: list[int]) -> Sentence:
    if len(pages) == 1:
        return Sentence(
            QT_TRANSLATE_NOOP("core", "Page %1 has no text layer (it may be a scan or an image)."),
            str(pages[0]),
        )
    shown = ", ".join(str(p) for p in pages[:10]) + (" …" if len(pages) > 10 else "")
    return Sentence(
        QT_TRANSLATE_NOOP("core", "%1 pages have no text layer (they may be scans or images): %2."),
        str(len(pages)),
        shown,
    )
