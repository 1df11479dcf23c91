"""What each format gives: its text, with pages, lines or headings kept."""

from __future__ import annotations

import codecs
import itertools
from pathlib import Path

import pytest

from app.core.documents.chunking import CHUNK_CHARS, chunk_document
from app.core.documents.extract import extract_bytes, extract_file, kind_for_name, sniff_kind
from app.core.documents.files import expand_paths
from app.core.documents.model import ExtractedDocument, ExtractionError, Limits, Part
from app.core.documents.sandbox import extract_file as extract_in_sandbox
from app.core.documents.tokens import estimate_tokens
from app.core.sentence import Sentence, message_of
from tests.fixtures import make_documents as make

LIMITS = Limits()


def test_pdf_text_keeps_its_pages(tmp_path: Path) -> None:
    document = extract_file(make.write_town_guide(tmp_path / "guide.pdf"), LIMITS)
    assert (document.kind, document.unit, document.pages) == ("pdf", "page", 20)
    assert [part.start for part in document.parts] == list(range(1, 21))
    for part, fact in zip(document.parts, make.TOWN_FACTS, strict=True):
        assert " ".join(part.text.split()).count(" ".join(fact.split())) == 1, part.start
    assert "Cape Verrin" in document.parts[3].text and "Cape Verrin" not in document.parts[2].text


def test_pdf_accents_and_parentheses_survive(tmp_path: Path) -> None:
    path = make.write_pdf(tmp_path / "a.pdf", [["Café (crème) brûlée, 50% off \\ today"]])
    assert extract_file(path, LIMITS).parts[0].text == "Café (crème) brûlée, 50% off \\ today"


def test_a_scanned_pdf_is_reported_as_such(tmp_path: Path) -> None:
    path = make.write_pdf(tmp_path / "scan.pdf", [["a"], ["b"]], scanned=[1, 2])
    with pytest.raises(ExtractionError, match="no text layer"):
        extract_file(path, LIMITS)


def test_a_partly_scanned_pdf_says_which_pages_have_no_text(tmp_path: Path) -> None:
    path = make.write_pdf(
        tmp_path / "mixed.pdf", [["typed page"], ["x"], ["also typed"]], scanned=[2]
    )
    document = extract_file(path, LIMITS)
    assert [part.start for part in document.parts] == [1, 3]
    assert document.notes == ("Page 2 has no text layer (it may be a scan or an image).",)


def test_a_damaged_pdf_says_so(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF trailing junk")
    with pytest.raises(ExtractionError, match=r"broken\.pdf"):
        extract_file(path, LIMITS)


def test_docx_keeps_headings_lists_and_tables(tmp_path: Path) -> None:
    document = extract_file(make.write_docx(tmp_path / "report.docx"), LIMITS)
    assert (document.kind, document.unit) == ("docx", "paragraph")
    lines = document.text.split("\n")
    assert lines[0] == "# Field Report"
    assert "## Birds" in lines and "## Budget" in lines
    assert "- Redshank numbers fell for the third year" in lines
    assert "| Boat hire | 900 |" in lines
    chunks = chunk_document(document)
    assert chunks[0].heading == "Field Report"


def test_docx_sections_are_cited_by_heading() -> None:
    text = "\n".join(
        ["# Report", "intro", "## Birds", *(["avocet " * 40] * 12), "## Budget", "cost"]
    )
    document = ExtractedDocument("r.docx", "docx", "paragraph", (make_part(text),))
    chunks = chunk_document(document)
    assert len(chunks) > 2
    assert chunks[0].heading == "Report"
    assert {c.heading for c in chunks[1:-1]} == {"Birds"}
    assert chunks[-1].heading == "Budget"


def make_part(text: str) -> Part:
    return Part(text, 1, text.count("\n") + 1)


def test_html_shows_only_visible_text(tmp_path: Path) -> None:
    document = extract_file(make.write_html(tmp_path / "tides.html"), LIMITS)
    text = document.text
    assert document.kind == "html"
    assert "# Tide tables for Harbour Town" in text and "## Safety" in text
    assert "High water on Monday is at 06:12 and again at 18:40." in text
    assert "- Spring tides in March" in text
    assert "causeway & mudflats" in text  # entities decoded
    assert "Monday | 4.1 m" in text
    # Shown: attributes and rules that do not hide, and a rule only for print.
    assert "Tide times are given in local time." in text
    assert "Heights are measured above chart datum." in text
    assert "Printed copies are at the harbour office." in text
    for hidden in make.HTML_HIDDEN_MARKERS:
        assert hidden not in text


def test_csv_becomes_table_rows_with_the_header_repeated(tmp_path: Path) -> None:
    document = extract_file(make.write_csv(tmp_path / "trains.csv"), LIMITS)
    assert (document.kind, document.unit) == ("csv", "line")
    lines = document.parts[0].text.split("\n")
    assert lines[0] == "| station | line | first train | last train |"
    assert lines[1].startswith("| --- |")
    assert "| Cape Verrin, North | Cape | 06:05 | 22:30 |" in lines
    assert (document.parts[0].start, document.parts[0].end) == (2, 4)

    rows = "".join(f"stop {n},line {n % 3},05:{n % 60:02d},23:00\n" for n in range(400))
    big = extract_file(
        make.write_csv(tmp_path / "big.csv", "name,line,first,last\n" + rows), LIMITS
    )
    assert len(big.parts) > 3
    assert all(part.text.startswith("| name | line | first | last |") for part in big.parts)
    assert all(len(part.text) <= CHUNK_CHARS * 3 // 2 for part in big.parts)
    spans = [(part.start, part.end) for part in big.parts]
    assert spans[0][0] == 2 and spans[-1][1] == 401
    assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("cp1252", b""),
    ],
)
def test_text_in_common_encodings(encoding: str, bom: bytes) -> None:
    text = "Café crème brûlée, naïve “quotes” — 12 €.\nSecond line.\n"
    document = extract_bytes(bom + text.encode(encoding), "notes.txt", LIMITS)
    assert document.text == text.rstrip()
    assert (document.parts[0].start, document.parts[0].end) == (1, 2)


def test_other_code_pages_are_recognised() -> None:
    russian = "Привет! Это проверка кодировки, и текст должен читаться правильно."
    assert extract_bytes(russian.encode("cp1251"), "ru.txt", LIMITS).text == russian
    japanese = "日本語のテキストです。これはエンコーディングのテストです。"
    assert extract_bytes(japanese.encode("shift_jis"), "ja.txt", LIMITS).text == japanese


def test_text_is_cleaned_of_control_characters_and_carriage_returns() -> None:
    document = extract_bytes(b"one\r\ntwo\rthree\x1b[31m red\x07\n", "t.txt", LIMITS)
    assert document.text == "one\ntwo\nthree[31m red"


def test_markdown_and_code_keep_line_numbers() -> None:
    source = "".join(f"def f{n}(x):\n    return x + {n}\n\n" for n in range(200))
    document = extract_bytes(source.encode(), "module.py", LIMITS)
    assert document.kind == "code" and document.unit == "line"
    chunks = chunk_document(document)
    assert len(chunks) > 3
    lines = source.split("\n")
    for chunk in chunks:
        first = chunk.text.split("\n")[0]
        assert lines[chunk.start - 1] == first, chunk
        assert lines[chunk.end - 1] == chunk.text.split("\n")[-1]
    assert all(b.start == a.end + 1 for a, b in itertools.pairwise(chunks))
    assert chunks[0].heading is None  # "#" in code is a comment, not a heading


def test_chunks_give_back_the_whole_text() -> None:
    text = "\n".join(f"Line {n}:" + " word" * (n % 50) for n in range(1, 500))
    document = extract_bytes(text.encode(), "notes.md", LIMITS)
    chunks = chunk_document(document)
    assert "\n".join(chunk.text for chunk in chunks) == text
    assert all(len(chunk.text) <= CHUNK_CHARS for chunk in chunks)


def test_a_line_longer_than_a_chunk_is_cut_between_words() -> None:
    text = " ".join(f"word{n}" for n in range(2000))
    chunks = chunk_document(extract_bytes(text.encode(), "one-line.txt", LIMITS))
    assert len(chunks) > 5 and all(len(c.text) <= CHUNK_CHARS for c in chunks)
    assert " ".join(c.text for c in chunks) == text
    assert all((c.start, c.end) == (1, 1) for c in chunks)


def test_content_wins_over_the_name() -> None:
    assert sniff_kind(b"%PDF-1.7 ...", "report.txt") == "pdf"
    assert sniff_kind(b"<!DOCTYPE html><p>x", "page") == "html"
    assert sniff_kind(b"plain words", "README") == "text"
    assert kind_for_name("Makefile") == "code" and kind_for_name("x.tsv") == "csv"
    assert kind_for_name("photo.jpg") is None


def test_a_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ExtractionError, match="not a Word document"):
        extract_file(path, LIMITS)


def test_token_estimate_is_in_a_sensible_range() -> None:
    english = " ".join(make.TOWN_FACTS)
    words = len(english.split())
    assert words <= estimate_tokens(english) <= 2 * words
    assert estimate_tokens("") == 0
    assert estimate_tokens("日本語のテキスト") >= 8


def test_the_sandbox_returns_the_same_document(tmp_path: Path) -> None:
    path = make.write_town_guide(tmp_path / "guide.pdf")
    assert extract_in_sandbox(path) == extract_file(path, LIMITS)


def test_the_sandbox_keeps_refusals_and_notes_translatable(tmp_path: Path) -> None:
    # They cross from the reader process as JSON; the window translates them after.
    photo = tmp_path / "photo.txt"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(ExtractionError) as caught:
        extract_in_sandbox(photo)
    refusal = message_of(caught.value)
    assert refusal == "photo.txt is a PNG image, not text."
    assert isinstance(refusal, Sentence) and refusal.template == "%1 is %2, not text."
    kind = refusal.values[1]
    assert isinstance(kind, Sentence) and kind.template == "a PNG image"
    mixed = make.write_pdf(tmp_path / "mixed.pdf", [["typed page"], ["x"]], scanned=[2])
    (note,) = extract_in_sandbox(mixed).notes
    assert isinstance(note, Sentence) and note.values == ("2",)


def test_a_dropped_folder_gives_its_supported_files(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    (folder / "docs").mkdir(parents=True)
    (folder / ".git").mkdir()
    (folder / "docs" / "guide.md").write_text("guide")
    (folder / "main.py").write_text("print()")
    (folder / "logo.png").write_bytes(b"\x89PNG")
    (folder / ".env").write_text("SECRET=1")
    (folder / ".git" / "notes.txt").write_text("internal")
    (folder / "docs" / "up").symlink_to(folder)  # a loop, if links were followed
    loose = tmp_path / "photo.jpg"  # dropped on its own: taken, the reader will judge it
    files, notes = expand_paths([loose, folder])
    assert files == [loose, folder / "main.py", folder / "docs" / "guide.md"]
    assert notes == []

    many = tmp_path / "many"
    many.mkdir()
    for n in range(12):
        (many / f"{n:02d}.txt").write_text(str(n))
    files, notes = expand_paths([many], max_files=5)
    assert [f.name for f in files] == ["00.txt", "01.txt", "02.txt", "03.txt", "04.txt"]
    assert notes == ["Only the first 5 files of the folder many were attached."]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert expand_paths([empty]) == ([], ["The folder empty holds no files Lokal can read."])
