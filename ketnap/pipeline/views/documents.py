"""Downloads of the official forms (.docx). Each download is an export: it is logged."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from ketnap.audit.registry import record
from ketnap.documents.official import render_docx
from ketnap.orgs.models import Organization
from ketnap.pipeline import documents, permissions
from ketnap.pipeline.selectors.lists import sympathizer_list
from ketnap.pipeline.selectors.timeline import candidate_for_page
from ketnap.pipeline.views.common import as_of, candidate_or_404, org_or_404, require

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(data: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{stem}.docx"'
    return response


def form_download(user: Any, pk: int, code: str) -> HttpResponse:
    """One official form of a candidate as .docx, logged as an export (the page's link
    and the API's endpoint both answer with this; the caller checked the right)."""
    if code not in documents.FORMS:
        raise Http404("Không có biểu mẫu này.")
    stem, build = documents.FORMS[code]
    c = candidate_for_page(pk, user)
    try:
        doc = build(c)
    except documents.FormUnavailable as exc:
        raise Http404(str(exc)) from exc
    record("export", c, {"form": code}, user=user)
    return _docx(render_docx(doc), f"{stem}-{slugify(c.search_text)}")


def sympathizers_download(user: Any, cell: Organization, on: date) -> HttpResponse:
    """The cell's sympathizer list as .docx on `on`, logged as an export."""
    people = sympathizer_list(user, cell)
    listed = [c for c in people if c.stage != "introduced"]
    doc = documents.sympathizer_list(cell, people, on)
    record("export", cell, {"form": "sympathizer_list", "count": len(listed)}, user=user)
    return _docx(
        documents.with_body_table(doc, documents.sympathizer_table(listed)), f"danh-sach-cam-tinh-dang-{on:%Y-%m}"
    )


@login_required
def candidate_form(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    c = candidate_or_404(request, pk)
    require(permissions.can_read(request.user, c.organization), "Bạn không có quyền in biểu mẫu này.")
    return form_download(request.user, pk, code)


@login_required
def sympathizers_docx(request: HttpRequest, pk: int) -> HttpResponse:
    cell = org_or_404(request, pk)
    require(cell.is_cell, "Danh sách cảm tình đảng là của chi bộ.")
    require(permissions.can_read(request.user, cell), "Bạn không có quyền in danh sách này.")
    on = as_of(request) if request.GET.get("on") else timezone.localdate()
    return sympathizers_download(request.user, cell, on)
