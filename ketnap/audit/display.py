"""Audit values in words: Vietnamese field labels, names instead of ids, local dates.

Computed when the event is recorded, so the log keeps the name an organisation or a
person had *at that time*; a later rename does not rewrite history."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

#: Labels of the extra keys services put in `changes` (not model fields).
EXTRA_LABELS = {
    "file": "Tệp",
    "form": "Mẫu văn bản",
    "what": "Nội dung",
    "format": "Định dạng",
    "revision": "Lần điều chỉnh",
    "count": "Số người",
    "viewer": "Người xem",
    "result": "Kết quả",
    "cascade": "Giao xuống cho",
    "candidates": "Quần chúng",
    "ip": "Địa chỉ IP",
    "username": "Tên đăng nhập",
    "reason": "Lý do",
    "filters": "Điều kiện lọc",
    "rows": "Số dòng",
    "token": "Mã / liên kết",
    "method": "Cách xác thực",
    "job": "Việc chạy nền",
}
EMPTY = "—"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def user_display(user: Any) -> str:
    """'Full Name (username)', or the username alone."""
    if user is None:
        return ""
    full = (user.get_full_name() or "").strip() if hasattr(user, "get_full_name") else ""
    name = getattr(user, "username", "") or str(user)
    return f"{full} ({name})" if full and full != name else name


def describe(model_label: str, changes: dict[str, Any], *, resolve: bool = True) -> list[list[str]]:
    """[label, before, after] rows for `changes` of a model given by its label."""
    model = _model(model_label)
    rows = []
    for key, value in (changes or {}).items():
        before, after = value if _is_pair(value) else (None, value)
        field = _field(model, key)
        label = _label(field, key)
        if label is None:
            continue
        rows.append([label, _word(field, key, before, resolve), _word(field, key, after, resolve)])
    return rows


def _is_pair(value: Any) -> bool:
    return isinstance(value, list | tuple) and len(value) == 2


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _label(field: models.Field | None, key: str) -> str | None:
    """The Vietnamese label; None for a technical column nobody named (the primary key,
    evidence pointers): it stays in the raw `changes`, not in the readable rows."""
    if field is not None and getattr(field, "primary_key", False):
        return None
    if field is not None and field.verbose_name and field.verbose_name != key.replace("_", " "):
        return _capital(str(field.verbose_name))
    if field is not None and field.is_relation and field.related_model is not None:
        return _capital(str(field.related_model._meta.verbose_name))  # type: ignore[union-attr]
    if key in EXTRA_LABELS:
        return EXTRA_LABELS[key]
    return None if field is not None else key.replace("_", " ").capitalize()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _word(field: models.Field | None, key: str, value: Any, resolve: bool) -> str:
    if value is None or value == "" or value == {} or value == []:
        return EMPTY
    if key == "viewer" and resolve:
        return _related_name(get_user_model(), value)
    if field is None:
        return _plain(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))  # type: ignore[arg-type]
    if field.is_relation and field.related_model is not None:
        return _related_name(field.related_model, value) if resolve else f"#{value}"  # type: ignore[arg-type]
    if isinstance(field, models.BooleanField):
        return "Có" if value else "Không"
    if isinstance(field, models.DateTimeField):
        return _moment(value)
    if isinstance(field, models.DateField):
        return _day(value)
    return _plain(value)


def _related_name(model: type[models.Model], pk: Any) -> str:
    obj = model._default_manager.filter(pk=pk).first() if str(pk).isdigit() else None
    if obj is None:
        return f"#{pk}"
    return user_display(obj) if model is get_user_model() else str(obj)


def _plain(value: Any) -> str:
    if value in ({}, [], ""):
        return EMPTY
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        return _clip(", ".join(_plain(v) for v in value))
    if isinstance(value, dict):
        return _clip("; ".join(f"{k}: {_plain(v)}" for k, v in value.items()))
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return _day(value)
    if isinstance(value, str) and _ISO_MOMENT.match(value):
        return _moment(value)
    return str(value)


def _clip(text: str, limit: int = 300) -> str:
    """Structured values (a report's figures) stay whole in `changes`; the page shows a head."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _day(value: Any) -> str:
    try:
        return dt.date.fromisoformat(str(value)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def _moment(value: Any) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%d/%m/%Y %H:%M")


def local_moment(value: dt.datetime) -> str:
    """dd/mm/yyyy HH:MM in the configured zone (Asia/Ho_Chi_Minh)."""
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
