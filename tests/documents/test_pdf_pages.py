"""Each demo document rendered to PDF by LibreOffice (the server's converter), its page
count compared with the recorded expectation, and the page-number field checked in
the PDF text: a regression in widths, keep-with-next or orientation changes the count.

Expectations were recorded on Debian 12's LibreOffice 7.4 with fonts-liberation2 (the
metric twin of Times New Roman). Before this layout work Cao Minh's plan took 8 pages
(6 landscape pages for its 41-row appendix) and Đồng Tiến's sympathizer list had a
blank page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from ketnap.documents.pdf import cached_pdf, soffice_path
from ketnap.plans.models import Plan
from tests.conftest import client_for, org
from tests.documents.test_every_document import demo_form_urls

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        soffice_path() is None or shutil.which("pdfinfo") is None,
        reason="Chưa cài LibreOffice hoặc pdfinfo: apt-get install libreoffice-writer-nogui poppler-utils",
    ),
]


def _pages(pdf: bytes, tmp: Path) -> tuple[int, str]:
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return pages, text.stdout


def _docx(user: str, url: str) -> bytes:
    response = client_for(user).get(url)
    assert response.status_code == 200, url
    return response.content


def _urls() -> dict[str, tuple[str, str]]:
    cao_minh, dong_tien = org("Đảng bộ xã Cao Minh"), org("Đảng bộ xã Đồng Tiến")
    plan_cm = Plan.objects.get(organization=cao_minh, year=2026)
    plan_dt = Plan.objects.get(organization=dong_tien, year=2024)
    return {
        "kế hoạch Cao Minh 2026": ("tinh.thainguyen", reverse("plans:export_docx", args=[plan_cm.pk])),
        "kế hoạch Đồng Tiến 2024": ("bxd.dongtien", reverse("plans:export_docx", args=[plan_dt.pk])),
        "danh sách cảm tình đảng Hưng Thịnh": (
            "bithu.hungthinh",
            reverse("pipeline:sympathizers_docx", args=[org("Chi bộ Hưng Thịnh").pk]),
        ),
        "đánh giá Cao Minh": (
            "bxd.caominh",
            reverse("monitoring:evaluation", args=[cao_minh.pk]) + "?on=2026-11-20&format=docx",
        ),
        **{f"biểu mẫu {code}": url for code, url in demo_form_urls().items() if code in FORM_PAGES},
    }


#: Pages of each demo document as LibreOffice lays it out.
EXPECTED_PAGES = {
    "kế hoạch Cao Minh 2026": 4,
    "kế hoạch Đồng Tiến 2024": 4,
    "danh sách cảm tình đảng Hưng Thịnh": 1,
    "đánh giá Cao Minh": 5,
}
#: The admission forms of a demo candidate of Cao Minh (templated, one page or two).
FORM_PAGES = {"6-knd": 2, "9-knd": 1, "13-knd": 2, "qd-cn": 1}
EXPECTED_PAGES.update({f"biểu mẫu {code}": pages for code, pages in FORM_PAGES.items()})


@pytest.mark.parametrize("name", list(EXPECTED_PAGES))
def test_pdf_page_count_matches_the_recorded_layout(name: str, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.KETNAP_PDF_CACHE_DIR = str(tmp_path / "cache")
    user, url = _urls()[name]
    data = _docx(user, url)
    pages, text = _pages(cached_pdf(data), tmp_path)
    assert pages == EXPECTED_PAGES[name], (name, pages)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    if pages > 1:  # the number "2" printed at the top of page 2, none on page 1
        second = text.split("\f")[1]
        assert second.strip().splitlines()[0].strip() == "2"
        assert not text.split("\f")[0].strip().splitlines()[0].strip().isdigit()


def test_pdf_is_converted_once_per_document_version(tmp_path: Path, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings.KETNAP_PDF_CACHE_DIR = str(tmp_path / "cache")
    user, url = _urls()["danh sách cảm tình đảng Hưng Thịnh"]
    data = _docx(user, url)
    first = cached_pdf(data)
    calls: list[bytes] = []
    monkeypatch.setattr("ketnap.documents.pdf.docx_to_pdf", lambda d, timeout=0: calls.append(d) or b"%PDF-new")
    assert cached_pdf(data) == first and not calls  # same version: served from the cache
    assert cached_pdf(data + b" ") == b"%PDF-new" and len(calls) == 1  # another version: converted
