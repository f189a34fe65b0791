"""The official forms (C12) are filled from the records: open each .docx and read it."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from ketnap.audit.models import AuditEvent
from ketnap.pipeline.enums import ResolutionPurpose, Stage
from ketnap.pipeline.journey import Timetable
from ketnap.pipeline.models import ConfirmationOutcome
from ketnap.pipeline.services import courses, decisions, dossier
from tests.conftest import client_for, org
from tests.pipeline.helpers import candidate_at, cell_vote

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _download(url: str, username: str = "bithu.hungthinh") -> str:
    response = client_for(username).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    return _text(response.content)


def test_cell_resolution_6_knd() -> None:
    c = candidate_at(
        org("Chi bộ Hưng Thịnh"), Stage.CELL_RESOLUTION, Timetable(listed=date(2025, 2, 5), vote=date(2025, 10, 1))
    )
    text = _download(reverse("pipeline:form", args=[c.pk, "6-knd"]))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "CHI BỘ HƯNG THỊNH" in text and "ĐẢNG BỘ XÃ CAO MINH" in text
    assert "NGHỊ QUYẾT" in text and "đề nghị kết nạp đảng viên" in text
    assert "Cao Minh, ngày 01 tháng 10 năm 2025" in text
    resolution = c.resolutions.get()
    assert f"{resolution.in_favour}/{resolution.denominator} đồng chí" in text
    assert f"cần ít nhất {resolution.required} đồng chí" in text
    assert c.full_name in text and "T/M CHI BỘ" in text and "Nơi nhận:" in text
    assert AuditEvent.objects.filter(action="export", object_id=str(c.pk), changes__form="6-knd").exists()


def test_admission_decision_9_knd() -> None:
    c = candidate_at(
        org("Chi bộ Hưng Thịnh"), Stage.ADMITTED, Timetable(listed=date(2025, 2, 5), decision=date(2025, 11, 3))
    )
    text = _download(reverse("pipeline:form", args=[c.pk, "9-knd"]), "bxd.caominh")
    decision = c.admission_decision
    assert "ĐẢNG ỦY XÃ CAO MINH" in text and "ĐẢNG BỘ TỈNH THÁI NGUYÊN" in text
    assert "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ CAO MINH\n" in text and "QUYẾT ĐỊNH:" in text
    assert "QUYẾT ĐỊNH" in text and "kết nạp đảng viên" in text and f"Số {decision.document_number}" in text
    assert "Căn cứ Quy định 294-QĐ/TW thi hành Điều lệ Đảng" in text
    assert f"Điều 1. Kết nạp quần chúng {c.full_name}" in text
    assert "thời gian dự bị 12 tháng kể từ ngày chi bộ tổ chức lễ kết nạp" in text
    assert "T/M BAN THƯỜNG VỤ" in text


def test_confirmation_resolution_and_decision() -> None:
    c = candidate_at(
        org("Chi bộ Hưng Thịnh"), Stage.PROBATIONARY, Timetable(listed=date(2024, 2, 5), ceremony=date(2025, 3, 20))
    )
    courses.record_certificate(
        c, actor=None, kind="new_member", number="9/ĐVM", issued_on=date(2025, 6, 1), issued_by="TT"
    )
    dossier.update_items(
        c, [dossier.ItemUpdate(x, "received", date(2026, 3, 1)) for x in ("10-KNĐ", "11-KNĐ", "12-KNĐ")], actor=None
    )
    cell_vote(c, date(2026, 3, 30), purpose=ResolutionPurpose.CONFIRMATION, document_number="21-NQ/CB")
    text = _download(reverse("pipeline:form", args=[c.pk, "13-knd"]))
    assert "đề nghị công nhận đảng viên chính thức" in text and "Số 21-NQ/CB" in text
    assert "lễ kết nạp ngày 20/03/2025" in text and "chính thức kể từ ngày 20/03/2026" in text
    decisions.confirm(
        c, actor=None, outcome=ConfirmationOutcome.CONFIRMED, document_number="77-QĐ/ĐU", decided_on=date(2026, 4, 15)
    )
    text = _download(reverse("pipeline:form", args=[c.pk, "qd-cn"]), "bxd.caominh")
    assert "công nhận đảng viên chính thức" in text and "Số 77-QĐ/ĐU" in text
    assert f"Điều 1. Công nhận đồng chí {c.full_name}" in text and "kể từ ngày 20/03/2026" in text


def test_form_without_its_record_is_404() -> None:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.VERIFICATION)
    assert client_for("bithu.hungthinh").get(reverse("pipeline:form", args=[c.pk, "9-knd"])).status_code == 404
    assert client_for("bithu.hungthinh").get(reverse("pipeline:form", args=[c.pk, "nope"])).status_code == 404


def test_sympathizer_list_docx() -> None:
    cell = org("Chi bộ Hưng Thịnh")
    c = candidate_at(cell, Stage.CERTIFIED, Timetable(listed=date(2025, 2, 5), certified=date(2025, 4, 4)))
    text = _download(reverse("pipeline:sympathizers_docx", args=[cell.pk]) + "?on=2026-11-26")
    assert "DANH SÁCH" in text and "quần chúng cảm tình đảng tháng 11/2026" in text
    assert "Họ và tên" in text and "Giấy chứng nhận lớp nhận thức" in text
    assert c.full_name in text and "04/04/2025" in text
    # the table sits between the title and the signature, not on a page of its own
    document = Document(
        io.BytesIO(client_for("bithu.hungthinh").get(reverse("pipeline:sympathizers_docx", args=[cell.pk])).content)
    )
    assert len(document.sections) == 1 and len(document.tables) == 3
    assert "T/M CHI BỘ" in document.tables[-1].rows[0].cells[1].text
