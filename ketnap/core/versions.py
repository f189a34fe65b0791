"""The version an edit form was read at, so that no save overwrites a change it never saw.

Issue 17, point 3: two people open the same record, both save; before this the second
save silently wiped the first. Every edit form now carries, in a hidden field, the
*read version*: a digest of the stored values of exactly the fields that form edits
(so a stage move or an unrelated column does not spoil an open form). On POST the view
locks the row, reads it again and calls `refuse_if_changed`:

- same version: the write goes ahead (inside the same transaction as the lock);
- another version, and some submitted value differs from the stored one: nothing is
  written, each such field shows the value the other person saved, and the hidden field
  now carries the current version, so a second "Lưu" overwrites knowingly;
- another version but every submitted value already equals the stored one: nothing
  would be lost, the write goes ahead.

A POST without the field (an old tab, a script) counts as read at no version: it is
refused exactly when it would change a value someone else stored. The grid's cells use
the same idea per cell (`ketnap.plans.services.update_cell`); the API uses ETag/If-Match.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.db.models.fields.files import FieldFile

#: The hidden field's name (one name everywhere, so tests and the fuzz know it).
FIELD = "read_version"

EMPTY = "(để trống)"

CONFLICT = (
    "Người khác đã sửa bản ghi này sau khi bạn mở trang, nên chưa có gì được lưu. "
    "Giá trị họ đã lưu được ghi dưới từng ô; hãy xem lại rồi bấm Lưu lần nữa nếu vẫn muốn thay đổi."
)


class Refused(Exception):
    """Raised inside the write's transaction after `refuse_if_changed` said no, to roll
    back anything a service wrote before it (the form already holds the errors)."""


def comparable(value: Any) -> Any:
    """A value reduced to what the database holds: a row to its key, rows to sorted keys,
    a file to its stored name, dates and decimals to text (so JSON can digest them)."""
    if isinstance(value, Model):
        return value.pk
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return "|".join(str(comparable(v)) for v in dataclasses.astuple(value))
    if isinstance(value, QuerySet | list | set | frozenset):
        return sorted((comparable(v) for v in value), key=str)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return str(value)
    if value == "":
        return None
    return value


def _shown(value: Any) -> str:
    if value in (None, "", []):
        return EMPTY
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


@dataclass
class Read:
    """The stored values of the fields a form edits: raw (for the version and the
    comparison) and as a person reads them (for the refusal), keyed by form field name."""

    values: dict[str, Any] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    #: What a save is compared with when it is not `values` itself: a form that picks the
    #: row it edits (a mentor's plan) is versioned over all the rows it may pick, and
    #: compared with the picked one's values under the form's field names.
    compared: dict[str, Any] | None = None

    @property
    def version(self) -> str:
        text = json.dumps(self.values, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    def __or__(self, other: Read) -> Read:
        return Read({**self.values, **other.values}, {**self.shown, **other.shown})


def read_of(instance: Model | None, names: Iterable[str], *, prefix: str = "", attrs: Mapping[str, str] = {}) -> Read:
    """The stored values of `instance`'s fields `names`, keyed `prefix + name` (the form
    field's name). `attrs` maps a form field to another model attribute. A missing
    instance (nothing stored yet) reads as empty values."""
    read = Read()
    for name in names:
        attr = attrs.get(name, name)
        key = prefix + name
        if instance is None:
            read.values[key], read.shown[key] = None, EMPTY
            continue
        model_field = instance._meta.get_field(attr)
        if model_field.many_to_many:
            rows = list(getattr(instance, attr).all()) if instance.pk else []
            read.values[key] = comparable(rows)
            read.shown[key] = ", ".join(str(r) for r in rows) or EMPTY
            continue
        value = getattr(instance, attr)
        read.values[key] = comparable(value)
        display = getattr(instance, f"get_{attr}_display", None)
        read.shown[key] = str(display()) if display and value not in (None, "") else _shown(value)
    return read


def read_form(form: forms.BaseModelForm, instance: Model) -> Read:  # type: ignore[type-arg]
    """The stored values of the model fields a ModelForm edits (its `Meta.fields`)."""
    return read_of(instance, [n for n in form._meta.fields or () if n in form.fields])


def carry(form: forms.BaseForm, read: Read) -> None:
    """Give `form` its hidden read-version field (the version it is shown at on GET)."""
    form.fields[FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
    if not form.is_bound:
        form.initial[FIELD] = read.version


def posted_version(form: forms.BaseForm) -> str:
    return str(form.data.get(form.add_prefix(FIELD), "") or "")


def _label(form: forms.BaseForm, name: str) -> str:
    f = form.fields.get(name)
    return str(f.label) if f is not None and f.label else name


def refuse_if_changed(form: forms.BaseForm, current: Read) -> bool:
    """Whether the write must be refused: the form was read at another version than
    `current` and would change a value stored since. Call it on a valid form, with
    `current` read after locking the row, in the transaction that then writes. On
    refusal the form carries the errors (the other person's values) and the current
    version, and nothing must be written."""
    if posted_version(form) == current.version:
        return False
    cleaned = getattr(form, "cleaned_data", {})
    stored = current.compared if current.compared is not None else current.values
    clashes = [name for name in stored if name in cleaned and comparable(cleaned[name]) != stored[name]]
    if not clashes:
        return False
    data = form.data.copy()  # type: ignore[attr-defined]
    data[form.add_prefix(FIELD)] = current.version
    form.data = data
    form.add_error(None, CONFLICT)
    saved = "; ".join(f"{_label(form, name)}: {current.shown[name]}" for name in clashes)
    form.add_error(None, f"Hiện đã lưu — {saved}.")
    for name in clashes:
        form.add_error(name if name in form.fields else None, f"Người khác đã lưu: “{current.shown[name]}”.")
    return True


__all__ = [
    "CONFLICT",
    "EMPTY",
    "FIELD",
    "Read",
    "Refused",
    "carry",
    "comparable",
    "posted_version",
    "read_form",
    "read_of",
    "refuse_if_changed",
]
