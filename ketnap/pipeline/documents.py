"""The pipeline's official forms (C12), filled from the records and rendered by the
shared builder `ketnap.documents.official` (party header block, title, body,
signature, "Nơi nhận").

    cell_resolution(c)        Nghị quyết chi bộ đề nghị kết nạp (mẫu 6-KNĐ)
    admission_decision(c)     Quyết định kết nạp đảng viên (mẫu 9-KNĐ)
    confirmation_resolution(c)  Nghị quyết chi bộ đề nghị công nhận chính thức (mẫu 13-KNĐ)
    confirmation_decision(c)  Quyết định công nhận đảng viên chính thức
    sympathizer_list(cell, people, on)  Danh sách quần chúng cảm tình đảng

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
from ketnap.documents.issuers import committee_name_on, name_on, parent_name_on, place_of
from ketnap.documents.official import (
    Block,
    Heading,
    OfficialDocument,
    Para,
    Signature,
    render_docx,
    write_docx_table,
)
from ketnap.documents.tables import HeaderCell, TableSpec, Value
from ketnap.documents.variants import current_template
from ketnap.orgs.models import Organization
from ketnap.pipeline.checks import awareness_certificate
from ketnap.pipeline.enums import ResolutionPurpose
from ketnap.pipeline.models import Candidate, Resolution
from ketnap.pipeline.rules import Rules
from ketnap.pipeline.services.decisions import committee_of

CELL_SIGNATURE = Signature(("T/M CHI BỘ", "BÍ THƯ"))
BOARD_SIGNATURE = Signature(("T/M BAN THƯỜNG VỤ", "BÍ THƯ"))


class FormUnavailable(LookupError):
    """The record a form is filled from does not exist yet (Vietnamese message)."""


def _place(org: Organization, on: date | None) -> str:
    """The place name of the date line (shared by every document: `place_of`)."""
    return place_of(org, on)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}".replace(".", ",") + "%" if whole else "0%"


def _person(c: Candidate) -> str:
    born = f"sinh {'tháng' if c.birth_month_only else 'ngày'} {c.birth.display()}"
    bits = [born, f"dân tộc {c.get_ethnicity_display()}"]
    if c.hometown:
        bits.append(f"quê quán {c.hometown}")
    if c.residence:
        bits.append(f"nơi cư trú {c.residence}")
    if c.profession:
        bits.append(f"nghề nghiệp {c.profession}")
    return ", ".join(bits)


def _cell_vote(c: Candidate, purpose: str) -> Resolution:
    rows = [r for r in c.resolutions.all() if r.level == "cell" and r.purpose == purpose and r.passed]
    if not rows:
        raise FormUnavailable("Chưa có nghị quyết của chi bộ để in.")
    return max(rows, key=lambda r: (r.adopted_on, r.pk))


def _vote_paragraphs(r: Resolution, what: str) -> list[Para]:
    against = r.denominator - r.in_favour
    present = f"Có mặt: {r.present} đồng chí. " if r.present is not None else ""
    return [
        Para(
            f"Tổng số đảng viên chính thức của chi bộ: {r.eligible} đồng chí; số được trừ theo quy định: "
            f"{r.excused} đồng chí; số đảng viên chính thức được tính: {r.denominator} đồng chí. {present}"
        ),
        Para(
            f"Số đảng viên chính thức tán thành {what} là {r.in_favour}/{r.denominator} đồng chí "
            f"(đạt {_pct(r.in_favour, r.denominator)}, cần ít nhất {r.required} đồng chí); "
            f"số không tán thành là {against} đồng chí ({_pct(against, r.denominator)})."
        ),
    ]


def cell_resolution(c: Candidate) -> OfficialDocument:
    """Mẫu 6-KNĐ: the cell proposes to admit the candidate."""
    r = _cell_vote(c, ResolutionPurpose.ADMISSION)
    cell, committee, who = c.organization, committee_of(c.organization), c.full_name
    body: list[Block] = [
        Para(f"Ngày {r.adopted_on:%d/%m/%Y}, {cell.name} đã họp để xét, đề nghị kết nạp quần chúng {who} vào Đảng."),
        Para(f"Quần chúng {c.full_name}, {_person(c)}."),
        Heading("Kết quả biểu quyết"),
        *_vote_paragraphs(r, f"việc kết nạp quần chúng {c.full_name} vào Đảng"),
        Para(
            f"{cell.name} đề nghị {committee.committee_name} xem xét, kết nạp quần chúng {c.full_name} "
            "vào Đảng Cộng sản Việt Nam."
        ),
    ]
    return _cell_resolution_document(c, r, "đề nghị kết nạp đảng viên", body)


def _cell_resolution_document(c: Candidate, r: Resolution, title: str, body: list[Block]) -> OfficialDocument:
    """A resolution of the cell, signed T/M CHI BỘ and sent to the committee above."""
    cell, committee = c.organization, committee_of(c.organization)
    return OfficialDocument(
        issuer=name_on(cell, r.adopted_on),
        issuer_parent=name_on(committee, r.adopted_on),
        kind="NGHỊ QUYẾT",
        title=title,
        number=r.document_number,
        symbol_hint="-NQ/CB",
        place=_place(cell, r.adopted_on),
        issued_on=r.adopted_on,
        body=body,
        signature=CELL_SIGNATURE,
        recipients=[committee.committee_name, "Lưu chi bộ"],
    )


def _bases(rules: Rules, on: date) -> list[Para]:
    book = rules.book(on)
    return [
        Para("Căn cứ Điều lệ Đảng Cộng sản Việt Nam;", italic=True, bullet=True),
        Para(f"Căn cứ {book.title};", italic=True, bullet=True),
    ]


def admission_decision(c: Candidate, rules: Rules | None = None) -> OfficialDocument:
    """Mẫu 9-KNĐ: the competent committee admits the candidate."""
    rules = rules or Rules()
    decision = getattr(c, "admission_decision", None)
    if decision is None:
        raise FormUnavailable("Chưa có quyết định kết nạp để in.")
    r = _cell_vote(c, ResolutionPurpose.ADMISSION)
    months = rules.book(decision.signed_on).number("probation.months")
    number = f" số {r.document_number}" if r.document_number else ""
    articles = [
        f"Điều 1. Kết nạp quần chúng {c.full_name}, {_person(c)}, vào Đảng Cộng sản Việt Nam.",
        f"Điều 2. Đồng chí {c.full_name} phải phấn đấu, rèn luyện trong thời gian dự bị {months} tháng "
        "kể từ ngày chi bộ tổ chức lễ kết nạp.",
    ]
    considering = f"nghị quyết{number} ngày {r.adopted_on:%d/%m/%Y}) và hồ sơ của người vào Đảng,"
    return _committee_decision(c, rules, decision, "kết nạp đảng viên", decision.signed_on, considering, articles)


def _committee_decision(
    c: Candidate, rules: Rules, record: Any, title: str, day: date, considering: str, articles: list[str]
) -> OfficialDocument:
    """A decision of the committee's standing board about one person: bases, the
    cell's proposal, the articles, and "Điều n. … thi hành quyết định này"."""
    committee = record.issued_by
    body: list[Block] = [
        *_bases(rules, day),
        Para(f"Xét đề nghị của {c.organization.name} ({considering}", italic=True, bullet=True),
        Heading(f"BAN THƯỜNG VỤ {committee.committee_name.upper()} QUYẾT ĐỊNH"),
        *[Para(text) for text in articles],
        Para(f"Điều {len(articles) + 1}. {c.organization.name} và đồng chí {c.full_name} thi hành quyết định này."),
    ]
    return OfficialDocument(
        issuer=committee_name_on(committee, day),
        issuer_parent=parent_name_on(committee, day),
        kind="QUYẾT ĐỊNH",
        title=title,
        number=record.document_number,
        symbol_hint="-QĐ/ĐU",
        place=_place(committee, day),
        issued_on=day,
        body=body,
        signature=Signature(BOARD_SIGNATURE.capacity, record.signer),
        recipients=[c.organization.name, f"Đồng chí {c.full_name}", "Lưu hồ sơ đảng viên"],
    )


def confirmation_resolution(c: Candidate, rules: Rules | None = None) -> OfficialDocument:
    """Mẫu 13-KNĐ: the cell proposes to recognise the probationary member."""
    rules = rules or Rules()
    r = _cell_vote(c, ResolutionPurpose.CONFIRMATION)
    ceremony, decision = getattr(c, "ceremony", None), getattr(c, "admission_decision", None)
    if ceremony is None or decision is None:
        raise FormUnavailable("Chưa có quyết định và lễ kết nạp.")
    end = rules.deadline("probation_end", ceremony.held_on).date
    cell, committee = c.organization, committee_of(c.organization)
    body: list[Block] = [
        Para(
            f"Ngày {r.adopted_on:%d/%m/%Y}, {cell.name} đã họp để xét, đề nghị công nhận đảng viên chính thức "
            f"cho đồng chí {c.full_name}."
        ),
        Para(
            f"Đồng chí {c.full_name} được kết nạp vào Đảng theo Quyết định số {decision.document_number} ngày "
            f"{decision.signed_on:%d/%m/%Y}; lễ kết nạp ngày {ceremony.held_on:%d/%m/%Y}; "
            f"hết thời gian dự bị ngày {end:%d/%m/%Y}."
        ),
        Heading("Kết quả biểu quyết"),
        *_vote_paragraphs(r, f"việc công nhận đồng chí {c.full_name} là đảng viên chính thức"),
        Para(
            f"{cell.name} đề nghị {committee.committee_name} xem xét, công nhận đồng chí {c.full_name} là đảng viên "
            f"chính thức kể từ ngày {end:%d/%m/%Y}."
        ),
    ]
    return _cell_resolution_document(c, r, "đề nghị công nhận đảng viên chính thức", body)


def confirmation_decision(c: Candidate, rules: Rules | None = None) -> OfficialDocument:
    """The committee recognises the member as official from the end of probation."""
    rules = rules or Rules()
    confirmation = getattr(c, "confirmation", None)
    if confirmation is None or confirmation.official_from is None:
        raise FormUnavailable("Chưa có quyết định công nhận đảng viên chính thức.")
    r = _cell_vote(c, ResolutionPurpose.CONFIRMATION)
    articles = [
        f"Điều 1. Công nhận đồng chí {c.full_name}, {_person(c)}, là đảng viên chính thức "
        f"kể từ ngày {confirmation.official_from:%d/%m/%Y}."
    ]
    considering = f"nghị quyết ngày {r.adopted_on:%d/%m/%Y}),"
    title = "công nhận đảng viên chính thức"
    return _committee_decision(c, rules, confirmation, title, confirmation.decided_on, considering, articles)


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
        place=_place(cell, on),
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
    passed = {r.purpose for r in c.resolutions.all() if r.level == "cell" and r.passed}
    found = []
    if ResolutionPurpose.ADMISSION in passed:
        found.append(("6-knd", "Nghị quyết chi bộ đề nghị kết nạp (6-KNĐ)"))
    if getattr(c, "admission_decision", None) is not None:
        found.append(("9-knd", "Quyết định kết nạp (9-KNĐ)"))
    if ResolutionPurpose.CONFIRMATION in passed:
        found.append(("13-knd", "Nghị quyết chi bộ đề nghị công nhận chính thức (13-KNĐ)"))
    confirmation = getattr(c, "confirmation", None)
    if confirmation is not None and confirmation.official_from is not None:
        found.append(("qd-cn", "Quyết định công nhận đảng viên chính thức"))
    return found


#: URL code → (file name stem, builder) for the per-candidate forms.
FORMS = {
    "6-knd": ("6-KND-nghi-quyet-de-nghi-ket-nap", cell_resolution),
    "9-knd": ("9-KND-quyet-dinh-ket-nap", admission_decision),
    "13-knd": ("13-KND-nghi-quyet-de-nghi-cong-nhan", confirmation_resolution),
    "qd-cn": ("quyet-dinh-cong-nhan-chinh-thuc", confirmation_decision),
}
