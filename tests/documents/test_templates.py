"""Templates, not layout code (issue 13, point 1): the plan and the sympathizer list
are filled from .docx templates; a board's own variant is validated (an unknown field
refused, naming it, in Vietnamese), used, recorded in the document's properties, and
reverted; only the board of that organisation may do it."""

from __future__ import annotations

import io

import docx
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from ketnap.audit.models import AuditEvent
from ketnap.documents import templating, variants
from ketnap.documents.models import TemplateVariant
from ketnap.documents.official import Heading, Para
from ketnap.plans.exports import plan_docx
from ketnap.plans.models import Plan
from tests.conftest import org
from tests.documents.helpers import paragraphs_docx

pytestmark = pytest.mark.django_db

PLAN = templating.KINDS["ke-hoach"]


_template = paragraphs_docx


def _user(name: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username=name)


def test_builtin_templates_use_only_fields_of_their_context() -> None:
    for kind in templating.KINDS.values():
        assert templating.validate(kind, kind.builtin()) <= set(kind.fields)


def test_unknown_field_is_refused_with_a_vietnamese_message_naming_it() -> None:
    bad = _template("{{ committee_body }} ban hành {{ so_nghi_quyet }}.", "{% for x in tasks %}{{ x.ten }}{% endfor %}")
    with pytest.raises(templating.TemplateInvalid) as refused:
        templating.validate(PLAN, bad)
    assert "“so_nghi_quyet”" in str(refused.value) and "không có trong dữ liệu" in str(refused.value)
    with pytest.raises(templating.TemplateInvalid, match="cú pháp"):
        templating.validate(PLAN, _template("{{ year "))
    with pytest.raises(templating.TemplateInvalid, match="Word"):
        templating.validate(PLAN, b"not a docx")


def test_fill_reads_headings_bullets_and_recipients_and_escapes_values() -> None:
    data = _template("# I. MỤC ĐÍCH", "- {{ plan_title }}", "Năm {{ year }}", "Nơi nhận:", "{{ organization }}", "Lưu")
    filled = templating.fill(data, "v", {"plan_title": "a < b & c", "year": 2026, "organization": "Đảng ủy xã X"})
    assert filled.body == [Heading("I. MỤC ĐÍCH"), Para("a < b & c", bullet=True), Para("Năm 2026")]
    assert filled.recipients == ["Đảng ủy xã X", "Lưu"]


def test_sandbox_refuses_reaching_python_objects() -> None:
    data = _template("{{ year.__class__.__mro__ }}")
    with pytest.raises(templating.TemplateInvalid):
        templating.fill(data, "v", {"year": 2026})


def test_board_uploads_a_variant_the_plan_uses_and_records_then_reverts() -> None:
    cao_minh = org("Đảng bộ xã Cao Minh")
    plan = Plan.objects.get(organization=cao_minh, year=2026)
    board = _user("bxd.caominh")
    own = _template(
        "{{ committee_body }} xây dựng {{ plan_title }} với cách viết riêng của xã.",
        "Nơi nhận:",
        "Văn phòng Đảng ủy xã",
        "Lưu.",
    )
    variant = variants.upload(cao_minh, "ke-hoach", own, filename="kh.docx", actor=board)
    assert variant.version == f"ke-hoach@org{cao_minh.pk}.v1" and variant.fields == ["committee_body", "plan_title"]
    assert AuditEvent.objects.filter(action="import", object_id=str(variant.pk)).exists()

    document = docx.Document(io.BytesIO(plan_docx(plan, None)))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert "cách viết riêng của xã" in text and "Văn phòng Đảng ủy xã" in text
    assert variant.version in document.core_properties.comments

    second = variants.upload(cao_minh, "ke-hoach", own, actor=board)
    assert second.number == 2 and TemplateVariant.objects.filter(organization=cao_minh, active=True).count() == 1

    variants.revert(cao_minh, "ke-hoach", actor=board)
    document = docx.Document(io.BytesIO(plan_docx(plan, None)))
    assert "ke-hoach@1" in document.core_properties.comments
    assert "cách viết riêng" not in "\n".join(p.text for p in document.paragraphs)
    assert TemplateVariant.objects.filter(organization=cao_minh).count() == 2  # kept, inactive


@pytest.mark.parametrize("username", ["tinh.thainguyen", "ubkt.caominh", "bithu.hungthinh", "bxd.dongtien"])
def test_only_the_board_of_that_organisation_may_adapt(username: str) -> None:
    cao_minh = org("Đảng bộ xã Cao Minh")
    with pytest.raises(PermissionDenied):
        variants.upload(cao_minh, "ke-hoach", PLAN.builtin(), actor=_user(username))
    with pytest.raises(PermissionDenied):
        variants.revert(cao_minh, "ke-hoach", actor=_user(username))
    assert not TemplateVariant.objects.exists()


def test_an_invalid_upload_stores_nothing() -> None:
    cao_minh = org("Đảng bộ xã Cao Minh")
    with pytest.raises(templating.TemplateInvalid, match="“ngay_ky”"):
        variants.upload(cao_minh, "ke-hoach", _template("{{ ngay_ky }}"), actor=_user("bxd.caominh"))
    assert not TemplateVariant.objects.exists()
