"""Builders of test files for the loader tests: PDFs, Word documents, web pages.

Everything is written programmatically into pytest's tmp_path; nothing is stored in the repo.
"""
from __future__ import annotations

import io
from pathlib import Path


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def minimal_pdf(pages: list[list[str]], *, title: str | None = None, creation: str | None = None,
                draw_only: bool = False) -> bytes:
    """A small valid PDF (Helvetica, WinAnsi encoding) with the given lines on each page.

    ``draw_only`` makes pages with a filled rectangle and no text (like a scan).
    """
    objects: list[bytes] = []
    n_pages = len(pages)
    page_ids = [4 + 2 * i for i in range(n_pages)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n_pages)
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, lines in enumerate(pages):
        if draw_only:
            stream = b"0.5 g 72 72 400 600 re f"
        else:
            body = b" T* ".join(_pdf_string(line) + b" Tj" for line in lines)
            stream = b"BT /F1 11 Tf 14 TL 72 760 Td " + body + b" ET"
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % (page_ids[i] + 1))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info_id = None
    if title or creation:
        entries = b""
        if title:
            entries += b"/Title " + _pdf_string(title) + b" "
        if creation:
            entries += b"/CreationDate " + _pdf_string(creation) + b" "
        objects.append(b"<< " + entries + b">>")
        info_id = len(objects)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % num + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if info_id:
        trailer += b" /Info %d 0 R" % info_id
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def encrypt_pdf(data: bytes, *, user_password: str, owner_password: str = "owner",
                algorithm: str = "AES-128") -> bytes:
    """The same PDF encrypted with pypdf's writer."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def matplotlib_pdf(path: Path, lines: list[str]) -> Path:
    """A PDF written by matplotlib's PDF backend (text drawn with fig.text)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(8.27, 11.69))
    for i, line in enumerate(lines):
        fig.text(0.08, 0.92 - 0.04 * i, line, fontsize=10)
    fig.savefig(path, format="pdf", metadata={"CreationDate": None})
    plt.close(fig)
    return path


def make_docx(path: Path, *, title: str | None = None, heading: str | None = None,
              paragraphs: list[str] = (), table: list[list[str]] | None = None,
              after_table: list[str] = (), language: str | None = None) -> Path:
    """A Word document written with python-docx."""
    import docx

    doc = docx.Document()
    if title is not None:
        doc.core_properties.title = title
    if language is not None:
        doc.core_properties.language = language
    if heading:
        doc.add_heading(heading, level=1)
    for p in paragraphs:
        doc.add_paragraph(p)
    if table:
        t = doc.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    for p in after_table:
        doc.add_paragraph(p)
    doc.save(str(path))
    return path
