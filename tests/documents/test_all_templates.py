"""Every document is a template a board can adapt (issue 13, point 1 and 3): each
kind's built-in template fills with its preview data, is previewed on the board's
page, refuses an upload naming an unknown field; a commune board's variant of a
cell's form serves the commune's cells and is named in the document; the board
finds its templates from the organisation page."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ketnap.documents import templating
from ketnap.documents.models import TemplateVariant
from ketnap.pipeline import documents
from ketnap.pipeline.models import Candidate
from tests.conftest import client_for, org
from tests.documents.helpers import paragraphs_docx
from tests.pipeline.helpers import cell_vote, ready_for_vote

pytestmark = pytest.mark.django_db


def _file(*lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("mau.docx", paragraphs_docx(*lines))


def test_every_templated_kind_fills_its_builtin_with_its_preview_data() -> None:
    assert set(templating.SAMPLES) == set(templating.KINDS)
    for key, kind in templating.KINDS.items():
        assert set(kind.fields) <= set(templating.SAMPLES[key]), key
        filled = templating.fill(kind.builtin(), kind.builtin_version, templating.SAMPLES[key])
        assert filled.body and filled.recipients, key
        assert not any("{{" in getattr(b, "text", "") or "{%" in getattr(b, "text", "") for b in filled.body), key


def test_the_forms_reports_and_evaluation_are_templated() -> None:
    assert set(documents.FORMS) <= set(templating.KINDS)
    assert {"ke-hoach", "danh-sach-cam-tinh", "bao-cao", "danh-gia"} <= set(templating.KINDS)


@pytest.mark.parametrize("key", sorted(templating.KINDS))
def test_board_previews_each_kind_and_an_unknown_field_is_refused_naming_it(key: str) -> None:
    cao_minh = org("Đảng bộ xã Cao Minh")
    client = client_for("bxd.caominh")
    preview = client.get(reverse("documents:preview", args=[cao_minh.pk, key]))
    assert preview.status_code == 200
    assert f"mẫu {key}@1" in docx.Document(io.BytesIO(preview.content)).core_properties.comments
    refused = client.post(
        reverse("documents:templates", args=[cao_minh.pk]), {"kind": key, "file": _file("{{ so_xyz }}")}
    )
    assert refused.status_code == 400 and "Mẫu dùng trường “so_xyz” không có trong dữ liệu" in refused.content.decode()
    assert not TemplateVariant.objects.exists()


def test_a_commune_variant_of_6_knd_serves_its_cells_and_is_named() -> None:
    cao_minh, cell = org("Đảng bộ xã Cao Minh"), org("Chi bộ Hưng Thịnh")
    client = client_for("bxd.caominh")
    lines = ("Chi bộ {{ cell }} họp {{ meeting_date }}: {{ in_favour }}/{{ counted }} tán thành.", "Nơi nhận:",
             "{{ committee }}")  # fmt: skip
    posted = client.post(reverse("documents:templates", args=[cao_minh.pk]), {"kind": "6-knd", "file": _file(*lines)})
    assert posted.status_code == 302
    variant = TemplateVariant.objects.get(organization=cao_minh, kind="6-knd", active=True)
    c = ready_for_vote(cell, date(2025, 10, 1))
    r = cell_vote(c, date(2025, 10, 1), eligible=10, present=9, in_favour=9)
    response = client_for("bithu.hungthinh").get(reverse("pipeline:form", args=[c.pk, "6-knd"]))
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert f"Chi bộ Chi bộ Hưng Thịnh họp ngày 01 tháng 10 năm 2025: 9/{r.denominator} tán thành." in texts
    assert document.core_properties.comments.endswith(f"mẫu {variant.version}")
    assert documents.available(Candidate.objects.get(pk=c.pk))[0][0] == "6-knd"


@pytest.mark.parametrize(
    ("username", "shown"), [("bxd.caominh", True), ("ubkt.caominh", False), ("tinh.thainguyen", False)]
)
def test_organisation_page_links_the_board_to_its_templates(username: str, shown: bool) -> None:
    cao_minh = org("Đảng bộ xã Cao Minh")
    html = client_for(username).get(reverse("orgs:detail", args=[cao_minh.pk])).content.decode()
    assert (reverse("documents:templates", args=[cao_minh.pk]) in html) is shown
