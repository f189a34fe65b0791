"""The board's template page, for every role: the board of that organisation uploads,
previews and reverts; other roles 403; another subtree 404; an unknown field is
refused on the page with the field named."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ketnap.documents.models import TemplateVariant
from tests.conftest import client_for, org
from tests.documents.helpers import paragraphs_docx

pytestmark = pytest.mark.django_db


def _file(*lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("mau.docx", paragraphs_docx(*lines))


def test_board_uploads_previews_and_reverts() -> None:
    cao_minh = org("Đảng bộ xã Cao Minh")
    client = client_for("bxd.caominh")
    url = reverse("documents:templates", args=[cao_minh.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"kind": "ke-hoach", "file": _file("{{ so_van_ban }}")})
    assert refused.status_code == 400 and "“so_van_ban”" in refused.content.decode()
    assert not TemplateVariant.objects.exists()

    done = client.post(
        url, {"kind": "ke-hoach", "file": _file("{{ committee_body }} viết riêng.", "Nơi nhận:", "Lưu.")}
    )
    assert done.status_code == 302
    variant = TemplateVariant.objects.get(organization=cao_minh, active=True)
    preview = client.get(reverse("documents:preview", args=[cao_minh.pk, "ke-hoach"]))
    assert preview.status_code == 200
    document = docx.Document(io.BytesIO(preview.content))
    assert "Ban Thường vụ Đảng ủy xã Mẫu viết riêng." in [p.text for p in document.paragraphs]
    assert variant.version in document.core_properties.comments
    assert client.get(reverse("documents:builtin", args=[cao_minh.pk, "ke-hoach"])).status_code == 200

    assert client.post(reverse("documents:revert", args=[cao_minh.pk, "ke-hoach"])).status_code == 302
    assert not TemplateVariant.objects.filter(active=True).exists()
    assert client.get(reverse("documents:preview", args=[cao_minh.pk, "nope"])).status_code == 404


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("tinh.thainguyen", 403),  # the board above: a role reaching down does not adapt the commune's forms
        ("ubkt.caominh", 403),
        ("ttct.caominh", 403),
        ("bithu.hungthinh", 404),  # a cell's secretary does not see the commune
        ("bxd.dongtien", 404),  # another subtree
    ],
)
def test_other_roles_are_refused(username: str, status: int) -> None:
    cao_minh = org("Đảng bộ xã Cao Minh")
    client = client_for(username)
    assert client.get(reverse("documents:templates", args=[cao_minh.pk])).status_code == status
    assert client.get(reverse("documents:preview", args=[cao_minh.pk, "ke-hoach"])).status_code == status
    posted = client.post(reverse("documents:templates", args=[cao_minh.pk]), {"kind": "ke-hoach", "file": _file("x")})
    assert posted.status_code == status
    assert client.post(reverse("documents:revert", args=[cao_minh.pk, "ke-hoach"])).status_code == status
    assert not TemplateVariant.objects.exists()


def test_anonymous_is_sent_to_login() -> None:
    from django.test import Client

    response = Client().get(reverse("documents:templates", args=[org("Đảng bộ xã Cao Minh").pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
