"""What every monitoring page needs: the organisation of the URL (scoped), the day it
is about, the navigation between the pages of one organisation, file responses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ketnap.audit.registry import record
from ketnap.monitoring import permissions
from ketnap.orgs.models import Organization
from ketnap.orgs.selectors import ancestors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def organization(
    request: HttpRequest, pk: int, allowed: Callable[[Any, Organization], bool] = permissions.can_view
) -> Organization:
    """The URL's organisation if the user sees it (else 404) and may use the page (else 403)."""
    org = get_object_or_404(Organization.objects.visible_to(request.user).select_related("block"), pk=pk)
    if not allowed(request.user, org):
        raise PermissionDenied("Bạn không có quyền xem trang theo dõi này.")
    return org


def as_of(request: HttpRequest) -> date:
    """The day the page is about: ?on=YYYY-MM-DD, else today (the clock is read here)."""
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def page_context(request: HttpRequest, org: Organization, on: date, tab: str) -> dict[str, Any]:
    """Breadcrumb, tabs and the date form shared by the pages of one organisation."""
    user = request.user
    return {
        "org": org,
        "on": on,
        "tab": tab,
        "breadcrumb": ancestors(org, user),
        "can_inspect": permissions.can_inspect(user, org),
        "can_manage_rounds": permissions.can_manage_rounds(user, org),
        "has_children": org.numchild > 0,
    }


def download(data: bytes, filename: str, content_type: str, *, audited: Any, what: str, user: Any) -> HttpResponse:
    """A file response; exports are sensitive reads, so each one is recorded."""
    record("export", audited, {"file": [None, filename], "what": [None, what]}, user=user)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
