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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ketnap.documents.official import Heading, Para

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
RECIPIENTS_MARK = "Nơi nhận:"


@dataclass(frozen=True)
class Kind:
    """A document kind that is filled from a template: its built-in file and the
    fields its context provides (what an uploaded variant may use)."""

    key: str
    label: str
    filename: str
    fields: Mapping[str, str]  # field → what it holds (shown on the upload page)

    @property
    def builtin_version(self) -> str:
        return f"{self.key}@1"

    def builtin(self) -> bytes:
        return (TEMPLATES_DIR / self.filename).read_bytes()


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind(
            "ke-hoach",
            "Kế hoạch phát triển đảng viên",
            "ke_hoach.docx",
            {
                "legal_bases": "các căn cứ (danh sách)",
                "committee_body": "cơ quan ban hành, ví dụ “Ban Thường vụ Đảng ủy xã Cao Minh”",
                "plan_title": "tên kế hoạch, chữ thường",
                "year": "năm kế hoạch",
                "organization": "tên tổ chức đảng",
                "purpose": "mục đích (danh sách đoạn)",
                "requirements": "yêu cầu (danh sách đoạn)",
                "target_sentence": "câu chỉ tiêu chung",
                "sub_targets": "các chỉ tiêu phụ (danh sách)",
                "tasks": "nhiệm vụ, giải pháp (danh sách đoạn)",
                "recipients": "nơi nhận đã nhập trong kế hoạch (danh sách)",
            },
        ),
        Kind(
            "danh-sach-cam-tinh",
            "Danh sách quần chúng cảm tình đảng",
            "danh_sach_cam_tinh.docx",
            {
                "total": "số quần chúng trong danh sách",
                "cell": "tên chi bộ",
                "committee": "tên đảng ủy cấp trên",
                "month": "tháng, ví dụ “03/2026”",
            },
        ),
    )
}


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
        elif text.startswith("# "):
            body.append(Heading(text[2:].strip()))
        elif text.startswith("- "):
            body.append(Para(text[2:].strip(), bullet=True))
        else:
            body.append(Para(text))
    return Filled(body, recipients, version)


# Demo-like data a board previews its variant on (no real person's data in a preview).
SAMPLES: dict[str, dict[str, Any]] = {
    "ke-hoach": {
        "legal_bases": [
            "Điều lệ Đảng Cộng sản Việt Nam",
            "Hướng dẫn số 38-HD/BTCTW ngày 29/9/2025 của Ban Tổ chức Trung ương",
        ],
        "committee_body": "Ban Thường vụ Đảng ủy xã Mẫu",
        "plan_title": "kế hoạch phát triển đảng viên năm 2026",
        "year": 2026,
        "organization": "Đảng bộ xã Mẫu",
        "purpose": ["Nâng cao chất lượng công tác phát triển đảng viên."],
        "requirements": ["Bảo đảm tiêu chuẩn, điều kiện, đúng quy trình."],
        "target_sentence": "Toàn Đảng bộ phấn đấu kết nạp từ 15 đảng viên mới trở lên trong năm 2026.",
        "sub_targets": ["Khối nông thôn kết nạp từ 08 đảng viên trở lên."],
        "tasks": ["Các chi bộ rà soát nguồn quần chúng ưu tú."],
        "recipients": ["Ban Tổ chức Tỉnh ủy (b/c)", "Các chi bộ trực thuộc", "Lưu Văn phòng Đảng ủy."],
    },
    "danh-sach-cam-tinh": {"total": 12, "cell": "Chi bộ thôn Mẫu", "committee": "Đảng ủy xã Mẫu", "month": "03/2026"},
}
