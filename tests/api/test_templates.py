"""Document templates through the API, against the template page: the kinds with the
version in force, the three downloads (each audited as the page's are), a variant
uploaded (refused in the page's words when it names an unknown field) and reverted —
for every demo role the page's status, and 401 without a token."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ketnap.audit.models import AuditEvent
from ketnap.documents import variants
from ketnap.documents.kinds import KINDS
from ketnap.documents.models import TemplateVariant
from ketnap.orgs.models import Organization
from tests.api.conftest import ApiClient, api_for
from tests.api.test_access import PERSONAS
from tests.conftest import client_for, org
from tests.documents.helpers import paragraphs_docx

pytestmark = pytest.mark.django_db
CAO_MINH = "Đảng bộ xã Cao Minh"
KIND = "ke-hoach"
OWN_WORDING = ("{{ committee_body }} viết riêng.", "Nơi nhận:", "Lưu.")


_docx = paragraphs_docx


def _upload(client: ApiClient, url: str, data: bytes, name: str = "mau.docx") -> object:
    return client.client.post(url, {"file": SimpleUploadedFile(name, data)}, headers=client.headers)


def _base() -> str:
    return f"/api/v1/organizations/{org(CAO_MINH).pk}/templates"


def _page(persona: str, name: str = "documents:templates", *kind: str) -> int:
    return int(client_for(persona).get(reverse(name, args=[org(CAO_MINH).pk, *kind])).status_code)


def test_list_answers_as_the_page_for_every_role() -> None:
    seen = {p: (api_for(p).get(_base()).status_code, _page(p)) for p in PERSONAS}
    assert all(a == b for a, b in seen.values()), seen
    assert {200, 403, 404} <= {a for a, _ in seen.values()}, seen
    assert ApiClient(None).get(_base()).status_code == 401
    listed = api_for("bxd.caominh").get(_base()).json()
    assert [t["kind"] for t in listed] == list(KINDS) and len(listed) == 11
    plan = next(t for t in listed if t["kind"] == KIND)
    assert plan["version"] == plan["builtin_version"] == f"{KIND}@1" and plan["own_version"] is None
    assert set(plan["fields"]) == set(KINDS[KIND].fields)


@pytest.mark.parametrize(("which", "screen"), [("current", "documents:current"), ("builtin", "documents:builtin"),
                                               ("preview", "documents:preview")])  # fmt: skip
def test_downloads_answer_and_are_audited_as_the_page(which: str, screen: str) -> None:
    url = f"{_base()}/{KIND}/files/{which}"
    seen = {p: (api_for(p).get(url).status_code, _page(p, screen, KIND)) for p in PERSONAS}
    assert all(a == b for a, b in seen.values()), seen
    assert {200, 403, 404} <= {a for a, _ in seen.values()}, seen
    assert ApiClient(None).get(url).status_code == 401
    exports = AuditEvent.objects.filter(action="export", organization=org(CAO_MINH), model_label="orgs.Organization")
    assert client_for("bxd.caominh").get(reverse(screen, args=[org(CAO_MINH).pk, KIND])).status_code == 200
    through_page = exports.latest("id")
    response = api_for("bxd.caominh").get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    docx.Document(io.BytesIO(response.content))  # a Word file
    through_api = exports.latest("id")
    assert through_api.pk != through_page.pk and through_api.user.username == "bxd.caominh"  # type: ignore[union-attr]
    assert through_api.changes == through_page.changes
    assert through_api.changes["version"] == [None, f"{KIND}@1"]
    assert api_for("bxd.caominh").get(f"{_base()}/khong-co/files/{which}").status_code == 404


def test_upload_is_in_force_then_reverted() -> None:
    board = api_for("bxd.caominh")
    unknown = _upload(board, f"{_base()}/{KIND}", _docx("{{ so_van_ban }}"))
    assert unknown.status_code == 422  # type: ignore[attr-defined]
    [error] = unknown.json()["detail"]  # type: ignore[attr-defined]
    assert error["loc"] == ["body", "file"] and "“so_van_ban”" in error["msg"]
    page = client_for("bxd.caominh").post(
        reverse("documents:templates", args=[org(CAO_MINH).pk]),
        {"kind": KIND, "file": SimpleUploadedFile("mau.docx", _docx("{{ so_van_ban }}"))},
    )
    assert error["msg"] in page.content.decode()  # the page's words
    garbage = _upload(board, f"{_base()}/{KIND}", b"not a word file")
    assert garbage.status_code == 422 and garbage.json()["detail"][0]["loc"] == ["body", "file"]  # type: ignore[attr-defined]
    assert not TemplateVariant.objects.exists()

    done = _upload(board, f"{_base()}/{KIND}", _docx(*OWN_WORDING))
    assert done.status_code == 201, done.content  # type: ignore[attr-defined]
    variant = TemplateVariant.objects.get(organization=org(CAO_MINH), active=True)
    assert variant.uploaded_by.username == "bxd.caominh"  # type: ignore[union-attr]
    assert done.json()["own_version"] == done.json()["version"] == variant.version  # type: ignore[attr-defined]
    listed = {t["kind"]: t for t in board.get(_base()).json()}
    assert listed[KIND]["version"] == variant.version and listed["qd-cn"]["own_version"] is None
    current = board.get(f"{_base()}/{KIND}/files/current")
    assert current.content == bytes(variant.content)
    preview = docx.Document(io.BytesIO(board.get(f"{_base()}/{KIND}/files/preview").content))
    assert "Ban Thường vụ Đảng ủy xã Mẫu viết riêng." in [p.text for p in preview.paragraphs]
    assert variant.version in preview.core_properties.comments
    assert AuditEvent.objects.filter(action="import", model_label="documents.TemplateVariant").count() == 1

    reverted = board.post(f"{_base()}/{KIND}/revert")
    assert reverted.status_code == 200 and reverted.json()["version"] == f"{KIND}@1"
    assert reverted.json()["own_version"] is None
    assert not TemplateVariant.objects.filter(active=True).exists()
    assert board.get(f"{_base()}/{KIND}/files/current").content == KINDS[KIND].builtin()
    assert board.post(f"{_base()}/khong-co/revert").status_code == 404


def test_writes_answer_as_the_page_for_every_role() -> None:
    seen: dict[str, tuple[int, int, int]] = {}
    for persona in PERSONAS:
        client = api_for(persona)
        uploaded = _upload(client, f"{_base()}/{KIND}", _docx(*OWN_WORDING)).status_code  # type: ignore[attr-defined]
        reverted = client.post(f"{_base()}/{KIND}/revert").status_code
        seen[persona] = (uploaded, reverted, _page(persona))
    assert all((u, r) == ((201, 200) if p == 200 else (p, p)) for u, r, p in seen.values()), seen
    assert {403, 404} <= {u for u, _, _ in seen.values()}, seen
    owners = set(TemplateVariant.objects.values_list("uploaded_by__username", flat=True))
    assert owners == {p for p, (u, _, _) in seen.items() if u == 201}
    assert _upload(ApiClient(None), f"{_base()}/{KIND}", _docx("x")).status_code == 401  # type: ignore[attr-defined]
    assert ApiClient(None).post(f"{_base()}/{KIND}/revert").status_code == 401


def test_a_variant_from_above_is_the_version_in_force_on_the_page_and_in_the_api() -> None:
    """The province's wording serves its communes until a commune uploads its own: the
    page says so ("mẫu của cấp trên …") and the API's `version` names the same one."""
    cao_minh = org(CAO_MINH)
    province = Organization.objects.get(path=cao_minh.path[: Organization.steplen])
    above = variants.upload(province, KIND, _docx(*OWN_WORDING), filename="tinh.docx", actor=None)
    listed = {t["kind"]: t for t in api_for("bxd.caominh").get(_base()).json()}
    assert listed[KIND]["version"] == above.version and listed[KIND]["own_version"] is None
    page = client_for("bxd.caominh").get(reverse("documents:templates", args=[cao_minh.pk])).content.decode()
    assert f"mẫu của cấp trên {above.version}" in page
    current = api_for("bxd.caominh").get(f"{_base()}/{KIND}/files/current")
    assert current.content == bytes(above.content)
