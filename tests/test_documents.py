"""PDF and Word documents in the corpus are read for their text; what cannot be read is reported."""

from __future__ import annotations

from pathlib import Path

import docx

from libgraph.corpus import iter_articles
from libgraph.model import InputProblem

SENTENCE = "The Ostland National Library signed a memorandum with the Vesper State Archive."


def pdf(*lines: str) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (none: a page with no text, as a scan)."""
    text = "".join(f"BT /F1 12 Tf 72 {720 - 16 * i} Td ({line}) Tj ET\n" for i, line in enumerate(lines))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}endstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _read(folder: Path) -> tuple[list[str], list[InputProblem]]:
    problems: list[InputProblem] = []
    return [a.text for a in iter_articles(folder, problems=problems)], problems


def test_a_pdf_and_a_word_document_are_read(tmp_path: Path) -> None:
    (tmp_path / "memo.pdf").write_bytes(pdf("Ostland library signs memorandum", SENTENCE))
    document = docx.Document()
    document.add_paragraph("Archive news")
    document.add_paragraph(SENTENCE)
    document.save(str(tmp_path / "news.docx"))
    texts, problems = _read(tmp_path)
    assert problems == []
    assert len(texts) == 2 and all(SENTENCE in t for t in texts)


def test_a_scan_a_damaged_document_and_other_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(pdf())
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really\n")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "ok.txt").write_text(SENTENCE + "\n", encoding="utf-8")
    texts, problems = _read(tmp_path)
    assert texts == [SENTENCE]
    by_file = {Path(p.source).name: p.reason for p in problems}
    assert "without a text layer" in by_file["scan.pdf"]
    assert "not a readable PDF" in by_file["broken.pdf"]
    assert "not a readable Word document" in by_file["broken.docx"]
    assert by_file["photo.jpg"].startswith("not an article file (.jpg)")
    assert all(p.action == "skipped" for p in problems)
