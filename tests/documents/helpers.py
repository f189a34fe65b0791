"""A template file a board might upload: a .docx of plain paragraphs (Jinja tags welcome)."""

from __future__ import annotations

import io

import docx


def paragraphs_docx(*lines: str) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
