"""Error pages in Vietnamese, and a busy database turned into "thử lại" instead of a 500.

The 500 page is rendered without the request context (no user, no navigation): it
must work when the database is what failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

from ketnap.charter import NoRulebookError

log = logging.getLogger(__name__)

BUSY_MESSAGE = "Hệ thống đang bận ghi dữ liệu của người khác. Chưa có gì được lưu; vui lòng thử lại sau ít giây."


def _page(request: HttpRequest, code: int, title: str, message: str) -> HttpResponse:
    return render(request, "web/error.html", {"code": code, "title": title, "message": message}, status=code)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400, "Yêu cầu không hợp lệ", "Địa chỉ hoặc dữ liệu gửi lên không hợp lệ.")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "Bạn không có quyền thực hiện thao tác này."
    return _page(request, 403, "Không có quyền", message)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404, "Không tìm thấy", "Không tìm thấy trang hoặc dữ liệu.")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(
        request,
        403,
        "Phiên biểu mẫu đã hết hạn",
        "Biểu mẫu này đã cũ hoặc không được gửi từ Kết Nạp. Hãy tải lại trang rồi gửi lại.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponse(loader.get_template("web/500.html").render({"code": 500}), status=500)


BUSY_WORDS = (
    "database is locked",
    "database table is locked",
    "lock timeout",
    "could not obtain lock",
    "could not serialize",
    "deadlock detected",
)


def is_busy(exc: BaseException) -> bool:
    """A lock wait that ran out (SQLite "database is locked", PostgreSQL lock or
    serialization timeouts): the write did not happen and can simply be repeated."""
    text = str(exc).lower()
    return any(word in text for word in BUSY_WORDS)


class DatabaseBusyMiddleware:
    """A busy database answers 503 with a Vietnamese "thử lại", never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError) or not is_busy(exception):
            return None
        log.warning("database busy on %s %s: %s", request.method, request.path, exception)
        response = HttpResponse(loader.get_template("web/busy.html").render({"message": BUSY_MESSAGE}), status=503)
        response["Retry-After"] = "5"
        return response


class NoRulebookMiddleware:
    """A day before the first rulebook in the system (e.g. `?on=2000-01-01`) has no rules
    to check against: the page says so, as a 400 with the charter's Vietnamese reason
    (which names the earliest day), instead of failing with a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, NoRulebookError):
            return None
        return _page(request, 400, "Ngày ngoài phạm vi quy định", str(exception))
