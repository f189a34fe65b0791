"""Every list prints (issue 16, point 7): the main lists printed with Chromium
(`page.pdf`, the print stylesheet web/print.css) fit the sheet's width — no column cut
off on the right — with the menu and the controls left out, on A4, landscape for a
page with a wide table. Checked twice: the laid-out page under print emulation at the
sheet's printable width, and the PDF itself (its page size, and every column header —
on the board every stage's heading — present in its text: a clipped column's header
would be missing). The PDFs stay in var/print/ to look at. One logged-in page (`signed_in`); reads only."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import org

pytestmark = [pytest.mark.e2e]
OUT = Path(__file__).resolve().parents[2] / "var" / "print"
MM = 96 / 25.4  # CSS px per millimetre
#: printable width in CSS px: A4 less the @page margins of web/print.css
WIDTH = {"portrait": (210 - 20) * MM, "landscape": (297 - 20) * MM}
POINTS = {"portrait": (595, 842), "landscape": (842, 595)}


def _lists() -> list[tuple[str, str]]:
    cao_minh = org("Đảng bộ xã Cao Minh").pk
    return [
        ("people", "/candidates/people/"),
        ("audit", "/audit/"),
        ("progress", f"/monitoring/{cao_minh}/"),
        ("board", f"/candidates/org/{cao_minh}/"),
        ("agenda", "/candidates/agenda/"),
        ("reports", "/monitoring/reports/"),
    ]


LISTS = ["people", "audit", "progress", "board", "agenda", "reports"]


@pytest.mark.parametrize("name", LISTS)
def test_each_main_list_prints_within_the_sheet(signed_in: Any, demo_site: str, name: str) -> None:
    path = dict(_lists())[name]
    tab = signed_in("bxd.caominh")
    response = tab.goto(f"{demo_site}{path}")
    assert response is not None and response.ok, path
    tab.wait_for_load_state("networkidle")
    tab.emulate_media(media="print")
    try:
        orientation = "landscape" if tab.evaluate("getComputedStyle(document.body).page") == "wide" else "portrait"
        width = WIDTH[orientation]
        tab.set_viewport_size({"width": int(width), "height": 1000})
        shown = tab.evaluate(
            "[...document.querySelectorAll('nav, form, .btn')].filter(e => e.getClientRects().length)"
            ".map(e => e.outerHTML.slice(0, 120))"
        )
        assert not shown, f"the menu, filters and buttons do not print: {shown}"
        overflow = tab.evaluate(
            """(w) => [...document.querySelectorAll('table, h1, h2, p, .card')]
                .filter(e => e.offsetParent && e.getBoundingClientRect().right > w + 1)
                .map(e => `${e.tagName} ${Math.round(e.getBoundingClientRect().right)} px`)""",
            width,
        )
        assert not overflow, (orientation, width, overflow)
        headers = tab.evaluate(
            "[...document.querySelectorAll('table thead th, main h2, main h3, .card-header')]"
            ".filter(e => e.offsetParent)"
            ".map(e => e.innerText.trim()).filter(Boolean)"
        )
        OUT.mkdir(parents=True, exist_ok=True)
        pdf = OUT / f"{name}.pdf"
        tab.pdf(path=str(pdf), prefer_css_page_size=True, print_background=False)
    finally:
        tab.emulate_media(media="screen")
        tab.set_viewport_size({"width": 1280, "height": 720})
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
    assert size is not None and tuple(round(float(v)) for v in size.groups()) == POINTS[orientation], info
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)  # a header may wrap inside its cell
    missing = [h for h in headers if re.sub(r"\s+", "", h) not in flat]
    assert headers and not missing, (name, missing)
