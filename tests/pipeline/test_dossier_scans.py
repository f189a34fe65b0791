"""Dossier scans (issue 17, point 7): PDF/JPEG/PNG by content, a size limit, a
server-made storage name, and the replaced file removed from disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ketnap.pipeline.enums import Stage
from tests.conftest import client_for, org
from tests.pipeline.helpers import candidate_at
from tests.pipeline.test_access import SECRETARY, YOUTH

pytestmark = pytest.mark.django_db


def _post(c, upload):  # type: ignore[no-untyped-def]
    url = reverse("pipeline:step", args=[c.pk, "update_dossier"])
    form = client_for(SECRETARY).get(url).context["form"]
    data = {name: (form[name].value() or "") for name in form.fields if not name.endswith("__file")}
    data.update({"1-KNĐ__status": "received", "1-KNĐ__received_on": "2025-05-06", "1-KNĐ__number": ""})
    data["1-KNĐ__file"] = upload
    return client_for(SECRETARY).post(url, data)


def _item(c):  # type: ignore[no-untyped-def]
    return c.dossiers.get(purpose="admission").items.get(code="1-KNĐ")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("trang.pdf", b"<html><script>alert(1)</script></html>", "PDF, JPEG hoặc PNG"),
        ("anh.png", b"GIF89a....", "PDF, JPEG hoặc PNG"),
    ],
)
def test_a_scan_that_is_not_pdf_jpeg_or_png_is_refused(settings, tmp_path, name, content, message) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.CERTIFIED, by=YOUTH)
    response = _post(c, SimpleUploadedFile(name, content, content_type="application/pdf"))
    assert message in response.content.decode()
    assert not list(Path(tmp_path).rglob("*.*"))


def test_a_scan_past_the_size_limit_is_refused(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT, settings.DOSSIER_SCAN_MAX_MB = tmp_path, 1
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.CERTIFIED, by=YOUTH)
    response = _post(c, SimpleUploadedFile("to.pdf", b"%PDF-1.4" + b"0" * (1024 * 1024 + 1)))
    assert "quá lớn (tối đa 1 MB)" in response.content.decode()


def test_names_are_never_paths_and_replaced_scans_leave_the_disk(  # type: ignore[no-untyped-def]
    settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.MEDIA_ROOT = tmp_path
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.CERTIFIED, by=YOUTH)
    jpeg = b"\xff\xd8\xff\xe0" + b"JFIF" + b"0" * 100
    assert _post(c, SimpleUploadedFile("../../../etc/passwd.jpg", jpeg)).status_code == 302
    first = Path(_item(c).file.path)
    assert first.is_file() and first.suffix == ".jpg" and "passwd" not in first.name
    assert first.resolve().is_relative_to(Path(tmp_path).resolve())
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(c, SimpleUploadedFile("don.pdf", b"%PDF-1.4 ban moi")).status_code == 302
    second = Path(_item(c).file.path)
    assert second.is_file() and second.suffix == ".pdf" and not first.exists()
