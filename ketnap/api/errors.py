"""How the API says no, the same way everywhere:

401  no token, or one that is unknown, revoked or expired
403  the user sees the object but their role may not do this
404  the object is not in the user's subtree (or does not exist)
412  If-Match names another version of the table than the stored one
422  a day before the first rulebook (`?on=`, naming it);
     the charter refused: {"reasons": [{"rule", "message", "citation"}]}, the reasons
     the page shows; or invalid input: {"detail": [{"loc": [..., field], "msg"}]}
429  too many refused tokens from this address (Retry-After)
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError

from ketnap.charter import NoRulebookError
from ketnap.pipeline.services.advance import MoveRefused


class PreconditionFailed(HttpError):
    """The client edited from a stale copy (If-Match does not match the ETag)."""

    def __init__(self, current: str) -> None:
        super().__init__(412, "Bảng đã thay đổi từ khi bạn đọc; hãy đọc lại rồi sửa.")
        self.current = current


def reasons_body(exc: MoveRefused) -> dict[str, Any]:
    """The reasons of the rules that stopped the move (every reason if none is marked)."""
    reasons = exc.failures or exc.reasons
    return {
        "message": exc.message,
        "needs_approval": exc.needs_approval,
        "reasons": [r.to_dict() for r in reasons],
    }


def validation_body(exc: ValidationError, location: str = "body") -> dict[str, Any]:
    """A service's ValidationError in ninja's shape, naming the field when it has one."""
    detail: list[dict[str, Any]] = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                for message in error.messages:
                    loc = [location] if field == "__all__" else [location, field]
                    detail.append({"loc": loc, "msg": message, "type": "value_error"})
    else:
        detail = [{"loc": [location], "msg": m, "type": "value_error"} for m in exc.messages]
    return {"detail": detail}


def on_fields(exc: ValidationError, fields: set[str]) -> ValidationError:
    """A service's refusal keyed by the field it is about: the services give each plain
    refusal the field's name as its `code` ("name", "kind"…); others stay general."""
    keyed: dict[str, list[str]] = {}
    for error in exc.error_list if not hasattr(exc, "error_dict") else []:
        field = error.code if error.code in fields else "__all__"
        keyed.setdefault(field, []).extend(error.messages)
    return ValidationError(keyed) if keyed else exc


def install(api: NinjaAPI) -> None:
    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or "Bạn không có quyền thực hiện thao tác này."
        return api.create_response(request, {"detail": message}, status=403)

    @api.exception_handler(MoveRefused)
    def refused(request: HttpRequest, exc: MoveRefused) -> HttpResponse:
        return api.create_response(request, reasons_body(exc), status=422)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, validation_body(exc), status=422)

    @api.exception_handler(NoRulebookError)
    def no_rulebook(request: HttpRequest, exc: NoRulebookError) -> HttpResponse:
        # A day before the first rulebook (`?on=2000-01-01`): no rule says what was due then.
        body = {"detail": [{"loc": ["query", "on"], "msg": str(exc), "type": "value_error"}]}
        return api.create_response(request, body, status=422)

    @api.exception_handler(PreconditionFailed)
    def stale(request: HttpRequest, exc: PreconditionFailed) -> HttpResponse:
        response = api.create_response(request, {"detail": exc.message, "etag": exc.current}, status=412)
        response["ETag"] = exc.current
        return response
