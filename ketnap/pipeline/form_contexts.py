"""The admission forms of 38-HD/BTCTW (12-HD/BTCTW 2022 where the 38-HD text was not
found), filled from the records: each builder reads the votes, the minutes, the
appraisal, the verifications and the decisions, makes the context its template's
kind declares (`documents.kinds`), fills the organisation's template (its own
variant, or its committee's, else the built-in one) and returns the document.

    cell_resolution(c)          6-KNĐ   Nghị quyết chi bộ đề nghị kết nạp
    appraisal_report(c)         7-KNĐ   Báo cáo thẩm định (đảng ủy bộ phận / cấp ủy)
    committee_resolution(c)     8-KNĐ   Nghị quyết đảng ủy cơ sở đề nghị kết nạp
    admission_decision(c)       9-KNĐ   Quyết định kết nạp
    confirmation_resolution(c)  13-KNĐ  Nghị quyết chi bộ đề nghị công nhận chính thức
    committee_confirmation(c)   15-KNĐ  Nghị quyết đảng ủy cơ sở đề nghị công nhận
    confirmation_decision(c)            Quyết định công nhận đảng viên chính thức

Numbers come from the records, never typed into the form: a part the records do
not hold (a resolution recorded before its minutes were) prints dots to fill by hand.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ketnap.documents import templating
from ketnap.documents.issuers import committee_name_on, name_on, parent_name_on, place_of
from ketnap.documents.official import OfficialDocument, Signature
from ketnap.documents.variants import current_template
from ketnap.orgs.models import Organization
from ketnap.pipeline.enums import ResolutionPurpose, VerificationResult
from ketnap.pipeline.models import Candidate, Resolution
from ketnap.pipeline.rules import Rules
from ketnap.pipeline.services.decisions import committee_of

BLANK = "………………"
CELL_SIGNATURE = Signature(("T/M CHI BỘ", "BÍ THƯ"))
COMMITTEE_SIGNATURE = Signature(("T/M ĐẢNG ỦY", "BÍ THƯ"))
BOARD_SIGNATURE = Signature(("T/M BAN THƯỜNG VỤ", "BÍ THƯ"))


class FormUnavailable(LookupError):
    """The record a form is filled from does not exist yet (Vietnamese message)."""


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}".replace(".", ",") + "%" if whole else "0%"


def _or_blank(value: Any) -> Any:
    return BLANK if value is None or value == "" else value


def long_day(on: date) -> str:
    return f"ngày {on.day:02d} tháng {on.month} năm {on.year}"


def person_details(c: Candidate) -> str:
    born = f"sinh {'tháng' if c.birth_month_only else 'ngày'} {c.birth.display()}"
    bits = [born, f"dân tộc {c.get_ethnicity_display()}"]
    for label, value in (("quê quán", c.hometown), ("nơi cư trú", c.residence), ("nghề nghiệp", c.profession)):
        if value:
            bits.append(f"{label} {value}")
    return ", ".join(bits)


def political_history(c: Candidate) -> str:
    """The conclusion of the background checks (Verification rows), as the forms state it."""
    rows = list(c.verifications.all())
    if not rows:
        return BLANK
    pending = [v for v in rows if v.result == VerificationResult.PENDING and not v.is_member]
    concerns = [v for v in rows if v.result == VerificationResult.CONCERN]
    if pending:
        names = "; ".join(f"{v.get_relation_display()} {v.full_name}" for v in pending)
        return f"Chưa có kết quả thẩm tra: {names}."
    if concerns:
        found = "; ".join(f"{v.get_relation_display()} {v.full_name}: {v.result_note or 'có vấn đề'}" for v in concerns)
        return f"Qua thẩm tra lý lịch, có vấn đề cần xem xét — {found}."
    return (
        f"Qua thẩm tra lý lịch ({len(rows)} người), lịch sử chính trị và chính trị hiện nay của quần chúng "
        f"{c.full_name} và những người thân trong gia đình rõ ràng, không có vấn đề ảnh hưởng đến tiêu chuẩn "
        "vào Đảng."
    )


def passed_vote(c: Candidate, level: str, purpose: str) -> Resolution:
    rows = [r for r in c.resolutions.all() if r.level == level and r.purpose == purpose and r.passed]
    if not rows:
        what = "chi bộ" if level == "cell" else "cấp ủy"
        raise FormUnavailable(f"Chưa có nghị quyết của {what} để in.")
    return max(rows, key=lambda r: (r.adopted_on, r.pk))


def _against(r: Resolution) -> int:
    return r.against if r.against is not None else r.denominator - r.in_favour


def _vote(r: Resolution) -> dict[str, Any]:
    return {
        "in_favour": r.in_favour,
        "in_favour_pct": pct(r.in_favour, r.denominator),
        "against": _against(r),
        "against_pct": pct(_against(r), r.denominator),
        "counted": r.denominator,
        "chair": _or_blank(r.chair),
        "secretary": _or_blank(r.secretary),
        "absences": list(r.absences or []),
        "meeting_date": long_day(r.adopted_on),
    }


def cell_attendance(r: Resolution) -> dict[str, Any]:
    """Total, present and absent split official / probationary, as 6- and 13-KNĐ print them."""
    probationary, p_present = r.probationary, r.probationary_present
    known = probationary is not None and r.present is not None and p_present is not None
    official_absent = r.eligible - r.present if r.present is not None else None
    return {
        **_vote(r),
        "total": r.eligible + probationary if probationary is not None else BLANK,
        "official_total": r.eligible,
        "probationary_total": _or_blank(probationary),
        "present_total": (r.present or 0) + (p_present or 0) if known else _or_blank(r.present),
        "official_present": _or_blank(r.present),
        "probationary_present": _or_blank(p_present),
        "absent_total": (official_absent or 0) + (probationary or 0) - (p_present or 0) if known else BLANK,
        "official_absent": _or_blank(official_absent),
        "probationary_absent": (probationary or 0) - (p_present or 0) if known else BLANK,
        "excused": r.excused,
        "required": r.required,
        "assessment": _or_blank(r.assessment),
    }


def committee_attendance(r: Resolution) -> dict[str, Any]:
    return {
        **_vote(r),
        "committee_members": r.eligible,
        "committee_present": _or_blank(r.present),
        "committee_absent": r.eligible - r.present if r.present is not None else BLANK,
    }


def _resolution_ref(r: Resolution, org: Organization) -> str:
    number = f" số {r.document_number}" if r.document_number else ""
    return f"Nghị quyết{number} ngày {r.adopted_on:%d/%m/%Y} của {name_on(org, r.adopted_on)}"


def _bases(rules: Rules, on: date, charter: str = "Điều lệ Đảng Cộng sản Việt Nam") -> list[str]:
    return [charter, rules.book(on).title]


def _person(c: Candidate, day: date) -> dict[str, Any]:
    committee = committee_of(c.organization)
    return {
        "person": c.full_name,
        "person_details": person_details(c),
        "cell": name_on(c.organization, day),
        "committee": committee_name_on(committee, day),
    }


def fill(
    key: str, org: Organization, context: dict[str, Any], *, issuer: Organization, day: date, **doc: Any
) -> OfficialDocument:
    """Fill `key`'s template in use for `org` and lay the result out as `issuer`'s document of `day`."""
    filled = templating.fill(*current_template(templating.KINDS[key], org), context=context)
    is_cell = issuer.is_cell
    return OfficialDocument(
        issuer=name_on(issuer, day) if is_cell else committee_name_on(issuer, day),
        issuer_parent=name_on(committee_of(issuer), day) if is_cell else parent_name_on(issuer, day),
        place=place_of(issuer, day),
        issued_on=day,
        body=filled.body,
        recipients=filled.recipients,
        template=filled.version,
        **doc,
    )


def cell_resolution(c: Candidate, rules: Rules | None = None) -> OfficialDocument:
    """Mẫu 6-KNĐ: the cell proposes to admit the candidate."""
    rules = rules or Rules()
    r = passed_vote(c, "cell", ResolutionPurpose.ADMISSION)
    day, committee = r.adopted_on, committee_of(c.organization)
    context = {
        **_person(c, day),
        **cell_attendance(r),
        "legal_bases": _bases(rules, day),
        "political_history": political_history(c),
        "recipients": [committee_name_on(committee, day), "Lưu chi bộ"],
    }
    return fill("6-knd", c.organization, context, issuer=c.organization, day=day, kind="NGHỊ QUYẾT",
                title="đề nghị kết nạp đảng viên", number=r.document_number, symbol_hint="-NQ/CB",
                signature=CELL_SIGNATURE)  # fmt: skip


def appraisal_report(c: Candidate, rules: Rules | None = None) -> OfficialDocument:
    """Mẫu 7-KNĐ: the appraisal of the cell's resolution by the sub-committee (or the committee)."""
    rules = rules or Rules()
    appraisals = list(c.appraisals.all())
    if not appraisals:
        raise FormUnavailable("Chưa có thẩm định để in.")
    a = max(appraisals, key=lambda x: (x.appraised_on, x.pk))
    r = passed_vote(c, "cell", ResolutionPurpose.ADMISSION)
    day, by = a.appraised_on, a.by_organization
    context = {
        **_person(c, day),
        "legal_bases": _bases(rules, day),
        "appraiser": committee_name_on(by, day),
        "appraisal_date": f"{day:%d/%m/%Y}",
        "cell_resolution": _resolution_ref(r, c.organization),
        "vote": f"{r.in_favour}/{r.denominator} đảng viên chính thức tán thành ({pct(r.in_favour, r.denominator)}); "
        f"{_against(r)} không tán thành.",
        "political_history": political_history(c),
        "conclusion": a.conclusion,
        "recipients": [committee_name_on(committee_of(by), day) if committee_of(by) != by else "Ban Thường vụ", "Lưu"],
    }
    return fill("7-knd", c.organization, context, issuer=by, day=day, kind="BÁO CÁO",
                title="thẩm định nghị quyết đề nghị kết nạp đảng viên của chi bộ", number=a.document_number,
                symbol_hint="-BC/ĐU", signature=COMMITTEE_SIGNATURE)  # fmt: skip


def _committee_context(c: Candidate, r: Resolution, cell_vote: Resolution, rules: Rules) -> dict[str, Any]:
    day = r.adopted_on
    return {
        **_person(c, day),
        **committee_attendance(r),
        "legal_bases": _bases(rules, day),
        "cell_resolution": _resolution_ref(cell_vote, c.organization),
        "recipients": [name_on(c.organization, day), "Lưu hồ sơ"],
    }


def committee_resolution(c: Candidate, rules: Rules | None = None) -> OfficialDocument:
    """Mẫu 8-KNĐ: the grassroots committee's resolution on the admission."""
    rules = rules or Rules()
    r = passed_vote(c, "committee", ResolutionPurpose.ADMISSION)
    cell_vote = passed_vote(c, "cell", ResolutionPurpose.ADMISSION)
    appraisals = sorted(c.appraisals.all(), key=lambda x: (x.appraised_on, x.pk))
    context = {
        **_committee_context(c, r, cell_vote, rules),
        "appraisal": appraisals[-1].conclusion if appraisals else BLANK,
        "political_history": political_history(c),
    }
    committee = committee_of(c.organization)
    return fill("8-knd", c.organization, context, issuer=committee, day=r.adopted_on, kind="NGHỊ QUYẾT",
                title="đề nghị kết nạp đảng viên", number=r.document_number, symbol_hint="-NQ/ĐU",
                signature=COMMITTEE_SIGNATURE)  # fmt: skip


def _probation(c: Candidate, rules: Rules) -> dict[str, Any]:
    ceremony, decision = getattr(c, "ceremony", None), getattr(c, "admission_decision", None)
    if ceremony is None or decision is None:
        raise FormUnavailable("Chưa có quyết định và lễ kết nạp.")
    end = rules.deadline("probation_end", ceremony.held_on).date
    return {
        "decision": f"Quyết định số {decision.document_number} ngày {decision.signed_on:%d/%m/%Y}",
        "ceremony_date": f"{ceremony.held_on:%d/%m/%Y}",
        "probation_end": f"{end:%d/%m/%Y}",
    }


def confirmation_resolution(c: Candidate, rules: Rules | None = None) -> OfficialDocument:
    """Mẫu 13-KNĐ: the cell proposes to recognise the probationary member."""
    rules = rules or Rules()
    r = passed_vote(c, "cell", ResolutionPurpose.CONFIRMATION)
    day, committee = r.adopted_on, committee_of(c.organization)
    context = {
        **_person(c, day),
        **cell_attendance(r),
        **_probation(c, rules),
        "legal_bases": _bases(rules, day, "Điều 5 Điều lệ Đảng Cộng sản Việt Nam"),
        "recipients": [committee_name_on(committee, day), "Lưu chi bộ"],
    }
    return fill("13-knd", c.organization, context, issuer=c.organization, day=day, kind="NGHỊ QUYẾT",
                title="đề nghị công nhận đảng viên chính thức", number=r.document_number, symbol_hint="-NQ/CB",
                signature=CELL_SIGNATURE)  # fmt: skip


def committee_confirmation(c: Candidate, rules: Rules | None = None) -> OfficialDocument:
    """Mẫu 15-KNĐ: the grassroots committee's resolution on the recognition."""
    rules = rules or Rules()
    r = passed_vote(c, "committee", ResolutionPurpose.CONFIRMATION)
    cell_vote = passed_vote(c, "cell", ResolutionPurpose.CONFIRMATION)
    context = {**_committee_context(c, r, cell_vote, rules), **_probation(c, rules)}
    context["legal_bases"] = _bases(rules, r.adopted_on, "Điều 5 Điều lệ Đảng Cộng sản Việt Nam")
    return fill("nq-cn", c.organization, context, issuer=committee_of(c.organization), day=r.adopted_on,
                kind="NGHỊ QUYẾT", title="đề nghị công nhận đảng viên chính thức", number=r.document_number,
                symbol_hint="-NQ/ĐU", signature=COMMITTEE_SIGNATURE)  # fmt: skip


def _considering(c: Candidate, purpose: str) -> list[str]:
    """Whose proposals a decision weighs: the cell's resolution, the appraisal, the committee's."""
    cell_vote = passed_vote(c, "cell", purpose)
    number = f" số {cell_vote.document_number}" if cell_vote.document_number else ""
    day = cell_vote.adopted_on
    lines = [f"{name_on(c.organization, day)} (Nghị quyết{number} ngày {day:%d/%m/%Y})"]
    if purpose == ResolutionPurpose.ADMISSION:
        for a in sorted(c.appraisals.all(), key=lambda x: (x.appraised_on, x.pk))[-1:]:
            number = f" số {a.document_number}" if a.document_number else ""
            lines.append(
                f"{a.by_organization.committee_name} (Báo cáo thẩm định{number} ngày {a.appraised_on:%d/%m/%Y})"
            )
    committee_votes = [r for r in c.resolutions.all() if r.level == "committee" and r.purpose == purpose and r.passed]
    for r in committee_votes[-1:]:
        number = f" số {r.document_number}" if r.document_number else ""
        lines.append(f"{committee_of(c.organization).committee_name} (Nghị quyết{number} ngày {r.adopted_on:%d/%m/%Y})")
    return lines


def _decision(key: str, c: Candidate, record: Any, day: date, title: str, context: dict[str, Any]) -> OfficialDocument:
    committee = record.issued_by
    context = {
        **_person(c, day),
        "board": f"BAN THƯỜNG VỤ {committee_name_on(committee, day).upper()}",
        "recipients": [name_on(c.organization, day), f"Đồng chí {c.full_name}", "Lưu hồ sơ đảng viên"],
        **context,
    }
    context.pop("committee", None)
    return fill(key, c.organization, context, issuer=committee, day=day, kind="QUYẾT ĐỊNH", title=title,
                number=record.document_number, symbol_hint="-QĐ/ĐU",
                signature=Signature(BOARD_SIGNATURE.capacity, record.signer))  # fmt: skip


def admission_decision(c: Candidate, rules: Rules | None = None) -> OfficialDocument:
    """Mẫu 9-KNĐ: the competent committee admits the candidate."""
    rules = rules or Rules()
    decision = getattr(c, "admission_decision", None)
    if decision is None:
        raise FormUnavailable("Chưa có quyết định kết nạp để in.")
    day = decision.signed_on
    context = {
        "legal_bases": _bases(rules, day),
        "considering": [*_considering(c, ResolutionPurpose.ADMISSION), "hồ sơ của người vào Đảng"],
        "months": rules.book(day).number("probation.months"),
    }
    return _decision("9-knd", c, decision, day, "kết nạp đảng viên", context)


def confirmation_decision(c: Candidate, rules: Rules | None = None) -> OfficialDocument:
    """The committee recognises the member as official from the end of probation."""
    rules = rules or Rules()
    confirmation = getattr(c, "confirmation", None)
    if confirmation is None or confirmation.official_from is None:
        raise FormUnavailable("Chưa có quyết định công nhận đảng viên chính thức.")
    day = confirmation.decided_on
    context = {
        **_probation(c, rules),
        "probation_end": f"{confirmation.official_from:%d/%m/%Y}",
        "legal_bases": _bases(rules, day, "Điều 5 Điều lệ Đảng Cộng sản Việt Nam"),
        "considering": _considering(c, ResolutionPurpose.CONFIRMATION),
    }
    return _decision("qd-cn", c, confirmation, day, "công nhận đảng viên chính thức", context)
