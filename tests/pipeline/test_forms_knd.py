"""The 38-HD/BTCTW forms with every part filled from the records: the minutes a step
records (chair, secretary, probationary members, absences with reasons, assessment),
the verifications' political-history conclusion, the appraisal (7-KNĐ), the
committee's resolutions (8-, 15-KNĐ) and the decisions laid out as decisions."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from docx import Document

from ketnap.audit.models import AuditEvent
from ketnap.documents.official import render_docx
from ketnap.pipeline import documents
from ketnap.pipeline.enums import ResolutionPurpose, Stage, VerificationResult
from ketnap.pipeline.forms_minutes import parse_absences
from ketnap.pipeline.journey import Timetable
from ketnap.pipeline.models import Candidate, ConfirmationOutcome
from ketnap.pipeline.registry import official_members_on
from ketnap.pipeline.services import courses, decisions, dossier
from ketnap.pipeline.steps import run_step
from tests.conftest import client_for, org
from tests.pipeline.helpers import candidate_at, cell_vote, ready_for_vote

pytestmark = pytest.mark.django_db

MINUTES = {
    "chair": "Hoàng Văn Chủ, Bí thư chi bộ",
    "secretary": "Lương Thị Ký",
    "probationary": 2,
    "probationary_present": 1,
    "absences": [{"name": "Nông Văn Vắng", "reason": "đi công tác"}, {"name": "Lý Thị Ốm", "reason": "ốm"}],
    "assessment": "Gương mẫu, nhiệt tình trong công tác thanh niên.",
}


def _doc(url: str, username: str) -> Document:
    response = client_for(username).get(url)
    assert response.status_code == 200, response.content[:300]
    return Document(io.BytesIO(response.content))


def _text(document: Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _clear_verifications(c) -> None:  # type: ignore[no-untyped-def]
    for v in c.verifications.all():
        v.result, v.result_on = VerificationResult.CLEAR, date(2025, 9, 1)
        dossier.save_verification(v, actor=None)


def test_absences_are_parsed_with_their_reasons() -> None:
    assert parse_absences("Nông Văn Vắng: đi công tác\n\n- Lý Thị Ốm - ốm") == [
        {"name": "Nông Văn Vắng", "reason": "đi công tác"},
        {"name": "Lý Thị Ốm", "reason": "ốm"},
    ]
    with pytest.raises(Exception, match="Dòng 1"):
        parse_absences("Nông Văn Vắng")


def test_step_records_the_minutes_the_form_prints() -> None:
    cell = org("Chi bộ Hưng Thịnh")
    vote = date(2025, 10, 1)
    c = ready_for_vote(cell, vote)
    n = official_members_on(cell, vote)
    facts = {
        "held_on": vote.isoformat(), "eligible": n, "present": n - 1, "in_favour": n - 1, "against": 0,
        "chair": "Hoàng Văn Chủ", "secretary": "Lương Thị Ký", "probationary": 1, "probationary_present": 1,
        "absences": "Nông Văn Vắng: đi công tác", "assessment": "Gương mẫu.",
    }  # fmt: skip
    result = run_step(c, "cell_resolution", facts, actor=None, today=vote + timedelta(days=1))
    assert result.ok, result.reasons
    r = c.resolutions.get()
    assert (r.chair, r.secretary, r.probationary, r.probationary_present) == ("Hoàng Văn Chủ", "Lương Thị Ký", 1, 1)
    assert r.absences == [{"name": "Nông Văn Vắng", "reason": "đi công tác"}] and r.assessment == "Gương mẫu."
    too_many = {**facts, "absences": "A: ốm\nB: ốm"}
    c2 = ready_for_vote(cell, vote)
    refused = run_step(c2, "cell_resolution", too_many, actor=None, today=vote + timedelta(days=1))
    assert not refused.ok and not c2.resolutions.exists()


def test_6_knd_prints_attendance_split_chair_assessment_and_political_history() -> None:
    c = ready_for_vote(org("Chi bộ Hưng Thịnh"), date(2025, 10, 1))
    _clear_verifications(c)
    r = cell_vote(c, date(2025, 10, 1), eligible=10, present=8, in_favour=8, against=0, minutes=MINUTES,
                  document_number="05-NQ/CB")  # fmt: skip
    document = _doc(reverse("pipeline:form", args=[c.pk, "6-knd"]), "bithu.hungthinh")
    text = _text(document)
    assert "Tổng số đảng viên của chi bộ: 12 đồng chí, trong đó chính thức 10 đồng chí, dự bị 2 đồng chí." in text
    assert "Có mặt: 9 đồng chí, trong đó chính thức 8 đồng chí, dự bị 1 đồng chí." in text
    assert "Vắng mặt: 3 đồng chí, trong đó chính thức 2 đồng chí, dự bị 1 đồng chí." in text
    assert "- Đồng chí Nông Văn Vắng: đi công tác;" in text and "- Đồng chí Lý Thị Ốm: ốm;" in text
    assert "Chủ trì hội nghị: đồng chí Hoàng Văn Chủ, Bí thư chi bộ. Thư ký hội nghị: đồng chí Lương Thị Ký." in text
    assert "Gương mẫu, nhiệt tình trong công tác thanh niên." in text
    assert "lịch sử chính trị và chính trị hiện nay của quần chúng" in text and "rõ ràng" in text
    assert f"tán thành đề nghị kết nạp quần chúng {c.full_name} vào Đảng: 8/{r.denominator} đồng chí" in text
    assert "Đảng viên dự bị có mặt (1 đồng chí) tham gia ý kiến, không biểu quyết" in text
    assert "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;" in text and "Số 05-NQ/CB" in text
    assert document.core_properties.comments.endswith("mẫu 6-knd@1")


def test_form_without_minutes_leaves_dots_to_fill_by_hand() -> None:
    c = ready_for_vote(org("Chi bộ Hưng Thịnh"), date(2025, 10, 1))
    cell_vote(c, date(2025, 10, 1), eligible=10, present=9, in_favour=9)
    text = _text(Document(io.BytesIO(render_docx(documents.FORMS["6-knd"][1](Candidate.objects.get(pk=c.pk))))))
    assert "Chủ trì hội nghị: đồng chí ………………" in text and "dự bị ……………… đồng chí" in text


def _admitted_with_committee(minutes: dict[str, object]):  # type: ignore[no-untyped-def]
    c = candidate_at(
        org("Chi bộ Hưng Thịnh"), Stage.COMMITTEE_REVIEW, Timetable(listed=date(2025, 2, 5), vote=date(2025, 10, 1))
    )
    decisions.record_appraisal(
        c, actor=None, by=decisions.committee_of(c.organization), on=date(2025, 10, 10),
        conclusion="Hồ sơ đầy đủ, đúng quy trình; đủ điều kiện.", document_number="12-BC/ĐU",
    )  # fmt: skip
    decisions.decide_admission(
        c, actor=None, document_number="140-QĐ/ĐU", signed_on=date(2025, 11, 3), signer="Nguyễn Văn Bí",
        committee_members=9, committee_in_favour=8, committee_resolution_number="30-NQ/ĐU",
        committee_members_reason="Danh sách cấp ủy viên chưa đầy đủ (kiểm thử)", committee_minutes=minutes,
    )  # fmt: skip
    return c


def test_7_and_8_knd_are_offered_filled_and_audited() -> None:
    minutes = {"present": 8, "chair": "Nguyễn Văn Bí, Bí thư Đảng ủy", "secretary": "Trần Văn Văn",
               "absences": [{"name": "Đỗ Văn Xa", "reason": "đi học"}]}  # fmt: skip
    c = _admitted_with_committee(minutes)
    codes = [code for code, _ in documents.available(Candidate.objects.get(pk=c.pk))]
    assert codes[:3] == ["6-knd", "7-knd", "8-knd"] and "9-knd" in codes
    page = client_for("bxd.caominh").get(reverse("pipeline:detail", args=[c.pk])).content.decode()
    assert (
        reverse("pipeline:form", args=[c.pk, "7-knd"]) in page
        and reverse("pipeline:form", args=[c.pk, "8-knd"]) in page
    )
    step = client_for("bxd.caominh").get(reverse("pipeline:step", args=[c.pk, "ceremony"])).content.decode()
    assert 'data-testid="printable"' in step and reverse("pipeline:form", args=[c.pk, "8-knd"]) in step
    text = _text(_doc(reverse("pipeline:form", args=[c.pk, "7-knd"]), "bxd.caominh"))
    assert "BÁO CÁO" in text and "thẩm định nghị quyết đề nghị kết nạp đảng viên của chi bộ" in text
    assert "Số 12-BC/ĐU" in text and "Hồ sơ đầy đủ, đúng quy trình; đủ điều kiện." in text
    text = _text(_doc(reverse("pipeline:form", args=[c.pk, "8-knd"]), "bxd.caominh"))
    assert "Số 30-NQ/ĐU" in text and "ĐẢNG ỦY XÃ CAO MINH" in text and "T/M ĐẢNG ỦY" in text
    assert "Tổng số cấp ủy viên: 9 đồng chí; có mặt 8 đồng chí; vắng mặt 1 đồng chí." in text
    assert "- Đồng chí Đỗ Văn Xa: đi học;" in text and "đồng chí Nguyễn Văn Bí, Bí thư Đảng ủy" in text
    assert "Số cấp ủy viên tán thành việc kết nạp" in text and "8/9 đồng chí (đạt 88,9%" in text
    for code in ("7-knd", "8-knd"):
        assert AuditEvent.objects.filter(action="export", object_id=str(c.pk), changes__form=code).exists()


def test_9_knd_is_laid_out_as_a_decision() -> None:
    c = _admitted_with_committee({})
    document = _doc(reverse("pipeline:form", args=[c.pk, "9-knd"]), "bxd.caominh")
    paragraphs = {p.text: p for p in document.paragraphs}
    title = paragraphs["kết nạp đảng viên"]
    assert title.alignment == 1 and title.runs[0].bold  # centred, bold: not justified
    assert paragraphs["QUYẾT ĐỊNH:"].alignment == 1 and paragraphs["BAN THƯỜNG VỤ ĐẢNG ỦY XÃ CAO MINH"].alignment == 1
    article = next(p for p in document.paragraphs if p.text.startswith("Điều 1."))
    assert article.runs[0].text.strip() == "Điều 1." and article.runs[0].bold and not article.runs[1].bold
    text = _text(document)
    assert "Xét đề nghị của Chi bộ Hưng Thịnh (Nghị quyết" in text and "(Báo cáo thẩm định số 12-BC/ĐU" in text
    assert "(Nghị quyết số 30-NQ/ĐU ngày 03/11/2025)" in text and "Nguyễn Văn Bí" in text
    assert next(p for p in document.paragraphs if p.text.startswith("Căn cứ Điều lệ")).runs[0].italic


def test_13_and_15_knd_and_the_numbered_confirmation_decision() -> None:
    c = candidate_at(
        org("Chi bộ Hưng Thịnh"), Stage.PROBATIONARY, Timetable(listed=date(2024, 2, 5), ceremony=date(2025, 3, 20))
    )
    courses.record_certificate(c, actor=None, kind="new_member", number="9/ĐVM", issued_on=date(2025, 6, 1),
                               issued_by="TT")  # fmt: skip
    dossier.update_items(
        c, [dossier.ItemUpdate(x, "received", date(2026, 3, 1)) for x in ("10-KNĐ", "11-KNĐ", "12-KNĐ")], actor=None
    )
    one_absent = {**MINUTES, "absences": MINUTES["absences"][:1]}
    cell_vote(c, date(2026, 3, 30), purpose=ResolutionPurpose.CONFIRMATION, document_number="21-NQ/CB",
              eligible=10, present=9, in_favour=9, minutes=one_absent)  # fmt: skip
    text = _text(_doc(reverse("pipeline:form", args=[c.pk, "13-knd"]), "bithu.hungthinh"))
    assert "Căn cứ Điều 5 Điều lệ Đảng Cộng sản Việt Nam;" in text
    assert "Vắng mặt: 2 đồng chí, trong đó chính thức 1 đồng chí, dự bị 1 đồng chí." in text
    assert "Chủ trì hội nghị: đồng chí Hoàng Văn Chủ" in text and "- Đồng chí Nông Văn Vắng: đi công tác;" in text
    decisions.confirm(
        c, actor=None, outcome=ConfirmationOutcome.CONFIRMED, document_number="77-QĐ/ĐU", decided_on=date(2026, 4, 15),
        committee_members=9, committee_in_favour=9, committee_resolution_number="41-NQ/ĐU",
        committee_members_reason="Danh sách cấp ủy viên chưa đầy đủ (kiểm thử)",
        committee_minutes={"present": 9, "chair": "Nguyễn Văn Bí", "secretary": "Trần Văn Văn"},
    )  # fmt: skip
    codes = [code for code, _ in documents.available(Candidate.objects.get(pk=c.pk))]
    assert {"13-knd", "nq-cn", "qd-cn"} <= set(codes)
    text = _text(_doc(reverse("pipeline:form", args=[c.pk, "nq-cn"]), "bxd.caominh"))
    assert "Số 41-NQ/ĐU" in text and "có mặt 9 đồng chí; vắng mặt 0 đồng chí" in text
    assert "chính thức kể từ ngày 20/03/2026" in text and "Căn cứ Nghị quyết số 21-NQ/CB" in text
    document = _doc(reverse("pipeline:form", args=[c.pk, "qd-cn"]), "bxd.caominh")
    text = _text(document)
    assert "Số 77-QĐ/ĐU" in text and "(Nghị quyết số 41-NQ/ĐU ngày 15/04/2026)" in text
    article = next(p for p in document.paragraphs if p.text.startswith("Điều 1."))
    assert article.runs[0].bold and "là đảng viên chính thức kể từ ngày 20/03/2026" in article.text


def test_every_form_template_says_its_source_in_its_header_comment() -> None:
    from ketnap.documents import templating

    for code in documents.FORMS:
        kind = templating.KINDS[code]
        first = Document(io.BytesIO(kind.builtin())).paragraphs[0].text
        assert first.startswith("{#") and ("12-HD/BTCTW" in first or "38-HD/BTCTW" in first), code
        if "38-HD/BTCTW ngày" not in first:
            assert "chưa tìm được văn bản mẫu của" in first, code
