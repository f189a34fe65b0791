"""One guard for every URL's parameters (issue 17, point 6).

Views read `?on=`, `?year=`, `?cell=`… in many places; a value Python cannot turn
into a date (`?on=9999-12-31` is a date, but a plan year or a quarter after it is
not), a year of 99999, an id past PostgreSQL's bigint, or a NUL byte that
PostgreSQL refuses in a text parameter, used to reach the ORM and answer 500. This
middleware refuses them first, with a Vietnamese 400 page naming the parameter:

- every query-string and form value: no NUL byte, valid UTF-8, at most 10,000 chars;
  (form fields are otherwise validated by their forms, which use Vietnamese formats);
- query-string date parameters (`on`, `from`, `to`, `start`, `end`, `day`, `date`): a date
  between 1900-01-01 and 2100-12-31 when not empty, ISO or dd/mm/yyyy as the filter forms'
  date inputs send it (rewritten to ISO here, so views read ISO: ketnap/web/dates.py);
- query-string year parameters (`year`, `since`): a whole number 1900..2100 when not empty;
- id parameters (`cell`, `org`, `organization`, `page`, `revision`, `candidate`,
  `plan`, `person`, `group`, `quarter`): digits only would be too strict (`page=last`,
  `group=ethnic`), so only an all-digit value is checked, against 1..2,147,483,647.

Views keep their own parsing (defaults, "ids that exist" via `get_object_or_404`);
this only makes sure no value outside those ranges gets that far.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ketnap.web.dates import iso_query

DATE_PARAMS = frozenset({"on", "from", "to", "start", "end", "day", "date"})
YEAR_PARAMS = frozenset({"year", "since"})
ID_PARAMS = frozenset({"cell", "org", "organization", "page", "revision", "candidate", "plan", "person", "quarter"})
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)
MAX_ID = 2_147_483_647
MAX_LENGTH = 10_000
API_PREFIX = "/api/"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def problem(name: str, value: str) -> str | None:
    """A Vietnamese reason why `name=value` is refused, or None."""
    if "\x00" in name or "\x00" in value:
        return f"Tham số “{name[:40]}” chứa ký tự NUL không hợp lệ."
    if len(value) > MAX_LENGTH:
        return f"Tham số “{name[:40]}” dài quá {MAX_LENGTH:,} ký tự.".replace(",", ".")
    if not value:
        return None
    if name in DATE_PARAMS:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return f"Tham số “{name}”: “{value[:40]}” không phải ngày (dạng ngày/tháng/năm, ví dụ 30/06/2026)."
        if not FIRST_DAY <= day <= LAST_DAY:
            return f"Tham số “{name}”: ngày phải trong khoảng 01/01/1900 – 31/12/2100."
    elif name in YEAR_PARAMS:
        if not value.isdigit() or not 1900 <= int(value) <= 2100:
            return f"Tham số “{name}”: năm phải là số từ 1900 đến 2100."
    elif name in ID_PARAMS and value.isdigit() and not 1 <= int(value) <= MAX_ID:
        return f"Tham số “{name}”: mã số {value[:20]} không hợp lệ."
    return None


def _bad_encoding(request: HttpRequest) -> bool:
    try:
        unquote_to_bytes(request.META.get("QUERY_STRING", "").encode("latin-1")).decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return True
    return False


class ParameterGuardMiddleware:
    """Refuse out-of-range or malformed parameters with a Vietnamese 400."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = self.check(request)
        if reason:
            return render(
                request, "web/error.html", {"code": 400, "title": "Yêu cầu không hợp lệ", "message": reason}, status=400
            )
        return self.get_response(request)

    def check(self, request: HttpRequest) -> str | None:
        if request.path.startswith(API_PREFIX):
            return None  # the API validates its own parameters (422 in its schema), see ketnap/api
        if _bad_encoding(request) or "\x00" in request.path:
            return "Địa chỉ chứa ký tự không hợp lệ (không phải UTF-8)."
        if any(part.isdigit() and int(part) > MAX_ID for part in request.path.split("/")):
            return "Địa chỉ chứa mã số không hợp lệ."  # an <int:pk> past the database's integer range
        if (iso := iso_query(request.GET, DATE_PARAMS)) is not None:
            request.GET = iso  # type: ignore[assignment]
        for name, values in request.GET.lists():
            for value in values:
                if reason := problem(name, value):
                    return reason
        if request.method == "POST" and request.content_type in FORM_TYPES:
            for name, values in request.POST.lists():
                for value in values:
                    if "\x00" in name or "\x00" in value or len(value) > MAX_LENGTH:
                        return problem(name, value)
        return None
