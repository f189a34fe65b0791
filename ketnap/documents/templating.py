"""Documents from .docx templates (docxtpl): the wording lives in a template a board can
adapt, the 36-HD layout stays in the renderer (`official.render_docx`).

Why split so: a commune rewrites its formulations and its recipients list, not the
header block, the page numbers or the column widths 36-HD fixes — so a template holds
the body paragraphs and "Nơi nhận", filled from the same data the pages show, and the
renderer lays them out. A template paragraph "# …" is a heading, "- …" a bullet, and
"Nơi nhận:" starts the recipients (see `templates/build.py`).

Templates run in Jinja's sandbox (a board's upload must not reach Python objects) and
are validated before use: every field a template names must be one the document's
context provides (`validate`), refused with a Vietnamese message naming the field.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import docx
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ketnap.documents.kinds import KINDS, SAMPLES, Kind
from ketnap.documents.official import Heading, Para

__all__ = ["KINDS", "SAMPLES", "Filled", "Kind", "TemplateInvalid", "fields_of", "fill", "validate"]

RECIPIENTS_MARK = "Nơi nhận:"
ARTICLE = re.compile(r"^(Điều \d+\.)\s*(.*)$")


class TemplateInvalid(ValueError):
    """An uploaded template that cannot be used (the message is Vietnamese)."""


def _env() -> SandboxedEnvironment:
    return SandboxedEnvironment()


def _load(data: bytes) -> DocxTemplate:
    try:
        template = DocxTemplate(io.BytesIO(data))
        template.init_docx()  # docxtpl opens the file lazily; fail here, not mid-render
        return template
    except Exception as exc:  # python-docx raises several kinds for a non-.docx file
        raise TemplateInvalid("Tệp tải lên không phải tệp Word (.docx) đọc được.") from exc


def fields_of(data: bytes) -> set[str]:
    """The fields a template uses (loop variables excluded)."""
    template = _load(data)
    try:
        return set(template.get_undeclared_template_variables(jinja_env=_env()))
    except TemplateError as exc:
        raise TemplateInvalid(f"Mẫu có lỗi cú pháp trường: {exc.message or exc}.") from exc


def validate(kind: Kind, data: bytes) -> set[str]:
    """Refuse a template naming a field its kind's context lacks; the fields it uses."""
    used = fields_of(data)
    unknown = sorted(used - set(kind.fields))
    if unknown:
        names = ", ".join(f"“{name}”" for name in unknown)
        raise TemplateInvalid(
            f"Mẫu dùng trường {names} không có trong dữ liệu của {kind.label.lower()}; "
            f"các trường dùng được: {', '.join(sorted(kind.fields))}."
        )
    return used


@dataclass
class Filled:
    """The body and recipients a template produced, and its version."""

    body: list[Heading | Para]
    recipients: list[str]
    version: str


def fill(data: bytes, version: str, context: Mapping[str, Any]) -> Filled:
    """Render the template with `context` and read its paragraphs back as blocks."""
    template = _load(data)
    try:
        template.render(dict(context), jinja_env=_env(), autoescape=True)
    except TemplateError as exc:
        raise TemplateInvalid(f"Mẫu không điền được: {exc.message or exc}.") from exc
    out = io.BytesIO()
    template.save(out)
    body: list[Heading | Para] = []
    recipients: list[str] = []
    in_recipients = False
    for paragraph in docx.Document(io.BytesIO(out.getvalue())).paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        if text == RECIPIENTS_MARK:
            in_recipients = True
        elif in_recipients:
            recipients.append(text)
        else:
            body.append(block_of(text))
    return Filled(body, recipients, version)


def block_of(text: str) -> Heading | Para:
    """A template paragraph as a block: "## …" a centred heading ("QUYẾT ĐỊNH:"),
    "# …" a heading, "* …" an italic paragraph (a decision's bases), "- …" a bullet,
    "Điều n. …" an article with its bold "Điều n.", else a plain paragraph."""
    if text.startswith("## "):
        return Heading(text[3:].strip(), center=True)
    if text.startswith("# "):
        return Heading(text[2:].strip())
    if text.startswith("* "):
        return Para(text[2:].strip(), italic=True)
    if text.startswith("- "):
        return Para(text[2:].strip(), bullet=True)
    article = ARTICLE.match(text)
    if article:
        return Para(article.group(2), lead=article.group(1))
    return Para(text)
