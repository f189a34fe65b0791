"""The pipeline's official forms (C12), filled from the records through templates and
rendered by the shared builder `ketnap.documents.official` (party header block,
title, body, signature, "Nơi nhận"). The per-candidate forms (6-, 7-, 8-, 9-, 13-,
15-KNĐ and the confirmation decision) are built in `form_contexts`; this module
offers them (`available`, `FORMS`) and builds the sympathizer list.

Why a thin adapter (`with_body_table`): the shared builder places tables only in
appendices; a list printed for a cell meeting has its table on the first page,
between the title and the signature. The adapter renders with the shared builder
and moves one table into place; it writes no header, title or signature itself.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

from docx import Document

from ketnap.documents import templating
from ketnap.documents.issuers import committee_name_on, name_on, place_of
from ketnap.documents.official import OfficialDocument, render_docx, write_docx_table
from ketnap.documents.tables import HeaderCell, TableSpec, Value
from ketnap.documents.variants import current_template
from ketnap.orgs.models import Organization
from ketnap.pipeline.checks import awareness_certificate
from ketnap.pipeline.enums import ResolutionPurpose
from ketnap.pipeline.form_contexts import (
    CELL_SIGNATURE,
    FormUnavailable,
    admission_decision,
    appraisal_report,
    cell_resolution,
    committee_confirmation,
    committee_resolution,
    confirmation_decision,
    confirmation_resolution,
)
from ketnap.pipeline.models import Candidate
from ketnap.pipeline.services.decisions import committee_of

__all__ = ["FORMS", "FormUnavailable", "available", "sympathizer_list", "sympathizer_table", "with_body_table"]


def _helpers(c: Candidate) -> str:
    return ", ".join(m.member.full_name for m in c.mentors.all() if m.ended_on is None)


def sympathizer_table(
    people: list[Candidate],
    certificate: Callable[[Candidate], Any] = awareness_certificate,
    helpers: Callable[[Candidate], str] = _helpers,
) -> TableSpec:
    """One row a person; `certificate` and `helpers` read the records (replaceable so
    the documents benchmark can render without a database)."""
    header = [
        [
            HeaderCell("TT"),
            HeaderCell("Họ và tên"),
            HeaderCell("Ngày sinh"),
            HeaderCell("Dân tộc"),
            HeaderCell("Nghề nghiệp, nơi làm việc"),
            HeaderCell("Giấy chứng nhận lớp nhận thức"),
            HeaderCell("Đảng viên giúp đỡ"),
            HeaderCell("Giai đoạn"),
        ]
    ]
    rows: list[list[Value]] = []
    for i, c in enumerate(people, start=1):
        cert = certificate(c)
        work = ", ".join(x for x in (c.profession, c.workplace) if x) or c.get_occupation_display()
        rows.append(
            [
                str(i),
                c.full_name,
                c.birth.display(),
                c.get_ethnicity_display(),
                work,
                f"Số {cert.number}, {cert.issued_on:%d/%m/%Y}" if cert else "",
                helpers(c),
                c.get_stage_display(),
            ]
        )
    return TableSpec(header, rows, widths=[4, 22, 11, 8, 20, 16, 16, 12], text_columns=frozenset({1, 4, 5, 6, 7}))


def sympathizer_list(cell: Organization, people: list[Candidate], on: date) -> OfficialDocument:
    committee = committee_of(cell)
    listed = [c for c in people if c.stage != "introduced"]
    kind = templating.KINDS["danh-sach-cam-tinh"]
    context = {
        "total": len(listed),
        "cell": name_on(cell, on),
        "committee": committee_name_on(committee, on),
        "month": f"{on:%m/%Y}",
    }
    filled = templating.fill(*current_template(kind, cell), context=context)
    return OfficialDocument(
        issuer=name_on(cell, on),
        issuer_parent=name_on(committee, on),
        kind="DANH SÁCH",
        title=f"quần chúng cảm tình đảng tháng {on:%m/%Y}",
        symbol_hint="-DS/CB",
        place=place_of(cell, on),
        issued_on=on,
        body=filled.body,
        signature=CELL_SIGNATURE,
        recipients=filled.recipients,
        template=filled.version,
    )


def with_body_table(doc: OfficialDocument, spec: TableSpec) -> bytes:
    """Render `doc` with the shared builder, then place `spec` after the body, before
    the signature block (see the module docstring)."""
    document = Document(io.BytesIO(render_docx(doc)))
    closing = document.tables[-1] if doc.signature is not None or doc.recipients else None
    table = write_docx_table(document, spec, 21 - 4.5)
    if closing is not None:
        closing._tbl.addprevious(table._tbl)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def available(c: Candidate) -> list[tuple[str, str]]:
    """(URL code, label) of the forms this candidate's records can fill now."""
    passed = {(r.level, r.purpose) for r in c.resolutions.all() if r.passed}
    confirmation = getattr(c, "confirmation", None)
    has = {
        "6-knd": ("cell", ResolutionPurpose.ADMISSION) in passed,
        "7-knd": ("cell", ResolutionPurpose.ADMISSION) in passed and bool(list(c.appraisals.all())),
        "8-knd": ("committee", ResolutionPurpose.ADMISSION) in passed,
        "9-knd": getattr(c, "admission_decision", None) is not None,
        "13-knd": ("cell", ResolutionPurpose.CONFIRMATION) in passed,
        "nq-cn": ("committee", ResolutionPurpose.CONFIRMATION) in passed,
        "qd-cn": confirmation is not None and confirmation.official_from is not None,
    }
    return [(code, templating.KINDS[code].label) for code in FORMS if has[code]]


#: URL code (= template kind) → (file name stem, builder) for the per-candidate forms.
FORMS = {
    "6-knd": ("6-KND-nghi-quyet-de-nghi-ket-nap", cell_resolution),
    "7-knd": ("7-KND-bao-cao-tham-dinh", appraisal_report),
    "8-knd": ("8-KND-nghi-quyet-dang-uy-de-nghi-ket-nap", committee_resolution),
    "9-knd": ("9-KND-quyet-dinh-ket-nap", admission_decision),
    "13-knd": ("13-KND-nghi-quyet-de-nghi-cong-nhan", confirmation_resolution),
    "nq-cn": ("15-KND-nghi-quyet-dang-uy-de-nghi-cong-nhan", committee_confirmation),
    "qd-cn": ("quyet-dinh-cong-nhan-chinh-thuc", confirmation_decision),
}
