"""The issuer and its parent as of the document's date (issue 13, point 2): a plan
signed before a restructuring keeps the names of that day, one signed after gets the
new ones; the header block, the date line's place and the core properties agree."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from ketnap.documents.issuers import issuer_names, place_of
from ketnap.documents.official import render_docx
from ketnap.monitoring.exports_forms import board_name
from ketnap.orgs import restructure
from ketnap.orgs.enums import OrganizationKind
from ketnap.plans.exports import official_document
from ketnap.plans.models import Plan
from tests.orgs.helpers import make_child, make_root

pytestmark = pytest.mark.django_db

CHANGE, RENAMED = date(2025, 7, 1), date(2025, 9, 1)


@pytest.fixture
def moved():  # type: ignore[no-untyped-def]
    """Province → district → commune; on 1/7/2025 the commune goes straight under the
    province (the districts were abolished); on 1/9/2025 it is renamed after a merger."""
    province = make_root("Đảng bộ tỉnh Lạng Sơn Thử")
    district = make_child(province, "Đảng bộ huyện Hữu Lũng Thử", OrganizationKind.UPPER)
    commune = make_child(district, "Đảng bộ xã Đồng Tiến Thử", OrganizationKind.GRASSROOTS_COMMITTEE)
    restructure.move(commune, province, on=CHANGE, reason="Bỏ cấp huyện")
    commune.refresh_from_db()
    restructure.rename(commune, "Đảng bộ xã Yên Bình Thử", on=RENAMED, reason="Sáp nhập xã")
    commune.refresh_from_db()
    return commune


def _header_text(plan: Plan) -> tuple[str, str]:
    document = docx.Document(io.BytesIO(render_docx(official_document(plan, None))))
    text = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    text += "\n".join(p.text for p in document.paragraphs)
    return text, document.core_properties.author


def test_a_plan_signed_before_the_restructuring_prints_the_old_name_and_parent(moved) -> None:  # type: ignore[no-untyped-def]
    commune = moved
    assert issuer_names(commune, date(2024, 3, 1)) == ("ĐẢNG BỘ HUYỆN HỮU LŨNG THỬ", "ĐẢNG ỦY XÃ ĐỒNG TIẾN THỬ")
    assert issuer_names(commune, CHANGE) == ("ĐẢNG BỘ TỈNH LẠNG SƠN THỬ", "ĐẢNG ỦY XÃ ĐỒNG TIẾN THỬ")
    assert issuer_names(commune, RENAMED) == ("ĐẢNG BỘ TỈNH LẠNG SƠN THỬ", "ĐẢNG ỦY XÃ YÊN BÌNH THỬ")
    assert place_of(commune, date(2024, 3, 1)) == "Đồng Tiến Thử" and place_of(commune, None) == "Yên Bình Thử"

    old = Plan.objects.create(organization=commune, year=2024, issued_on=date(2024, 3, 1))
    text, author = _header_text(old)
    assert "ĐẢNG BỘ HUYỆN HỮU LŨNG THỬ" in text and "ĐẢNG ỦY XÃ ĐỒNG TIẾN THỬ" in text
    assert "LẠNG SƠN" not in text and "YÊN BÌNH" not in text
    assert "Đồng Tiến Thử, ngày 01 tháng 3 năm 2024" in text
    assert author == "ĐẢNG ỦY XÃ ĐỒNG TIẾN THỬ"

    new = Plan.objects.create(organization=commune, year=2026, issued_on=date(2026, 1, 10))
    text, author = _header_text(new)
    assert "ĐẢNG BỘ TỈNH LẠNG SƠN THỬ" in text and "ĐẢNG ỦY XÃ YÊN BÌNH THỬ" in text and "HỮU LŨNG" not in text
    assert author == "ĐẢNG ỦY XÃ YÊN BÌNH THỬ"


def test_statistics_form_header_names_the_committee_of_the_period(moved) -> None:  # type: ignore[no-untyped-def]
    assert board_name(moved, date(2024, 12, 31)) == ["ĐẢNG ỦY XÃ ĐỒNG TIẾN THỬ", "BAN XÂY DỰNG ĐẢNG"]
    assert board_name(moved, date(2025, 12, 31))[0] == "ĐẢNG ỦY XÃ YÊN BÌNH THỬ"
