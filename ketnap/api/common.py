"""What every endpoint needs: the object of the URL through the scoping chokepoint
(another subtree → 404), the role check (→ 403), the day a read is about, and lists
paginated and filtered by a django-filter FilterSet (the same one a screen can use)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Schema

#: Largest page a client may ask for: a page's cost follows what it shows.
MAX_PAGE_SIZE = 200


class Reason(Schema):
    rule: str = Field(description="Mã quy tắc (vd. vote.threshold)")
    message: str = Field(description="Lời giải thích bằng tiếng Việt, như trên trang")
    citation: str = Field(description="Căn cứ: văn bản, điều, khoản")


class Refusal(Schema):
    message: str = Field(description="Lý do chung")
    needs_approval: bool = Field(description="Cần văn bản đồng ý của cấp có thẩm quyền")
    reasons: list[Reason] = Field(description="Các quy tắc không đạt, như trang hiển thị")


class Message(Schema):
    detail: str = Field(description="Thông báo")


class ErrorItem(Schema):
    loc: list[str | int] = Field(description="Vị trí: nơi nhận và tên trường")
    msg: str = Field(description="Lý do")
    type: str = ""


class Invalid(Schema):
    detail: list[ErrorItem]


class PageParams(Schema):
    page: int = Field(1, ge=1, le=100_000, description="Trang (từ 1)")
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description="Số dòng một trang")


#: Responses every authenticated endpoint can give besides its own.
READ_ERRORS: dict[int, Any] = {401: Message, 403: Message, 404: Message, 422: Invalid, 429: Message}
WRITE_ERRORS: dict[int, Any] = READ_ERRORS


def visible_or_404[M: Model](qs: QuerySet[M], request: HttpRequest, pk: int) -> M:
    """The one way an endpoint reaches an object: `visible_to(user)`, else 404."""
    return get_object_or_404(qs.visible_to(request.user), pk=pk)  # type: ignore[attr-defined]


def require(allowed: bool, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def require_role(request: HttpRequest, obj: Any, predicate: Callable[[Any, Any], bool], message: str) -> None:
    require(predicate(request.user, obj), message)


def day(on: date | None) -> date:
    """The day a read is about: `?on=`, else today (the clock is read here, at the edge)."""
    return on if on is not None else timezone.localdate()


def filtered[M: Model](
    filterset: type[django_filters.FilterSet], params: Schema | None, qs: QuerySet[M]
) -> QuerySet[M]:
    """Apply a FilterSet to the declared query parameters (declared in a Schema so they
    appear in the OpenAPI document); an invalid value → 422 naming the parameter."""
    data = {k: v for k, v in (params.model_dump() if params else {}).items() if v not in (None, "")}
    fs = filterset(data=data, queryset=qs)
    if not fs.is_valid():
        raise ValidationError({k: v for k, v in fs.errors.items()})
    return fs.qs


def page[M: Model](qs: QuerySet[M] | list[M], params: PageParams, render: Callable[[M], Any]) -> dict[str, Any]:
    """One page of a list: {"count", "page", "page_size", "items"} (two queries)."""
    count = qs.count() if isinstance(qs, QuerySet) else len(qs)
    start = (params.page - 1) * params.page_size
    items = list(qs[start : start + params.page_size])
    return {"count": count, "page": params.page, "page_size": params.page_size, "items": [render(i) for i in items]}


def file_response(description: str, *content_types: str) -> dict[str, Any]:
    """The OpenAPI description of a 200 that is a file (a download the screens offer)."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"responses": {200: {"description": description, "content": dict.fromkeys(content_types, binary)}}}
