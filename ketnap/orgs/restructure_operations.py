"""The five restructuring operations as the pages and the API both run them: each its
form (the same fields, choices and checks) and how its cleaned data calls the one
service of `ketnap.orgs.restructure`. One table, so the API can never accept what the
page would refuse, nor the other way round."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from ketnap.orgs import restructure
from ketnap.orgs.forms_restructure import CloseForm, MergeForm, MoveForm, RenameForm, SplitForm
from ketnap.orgs.models import Organization


@dataclass(frozen=True)
class Operation:
    title: str
    #: form(user, org, data, day): the page's form, bound to `data` (None: unbound)
    form: Callable[[Any, Organization, Any, date], forms.Form]
    #: act(form, org, user): the service call from the valid form's cleaned data
    act: Callable[[Any, Organization, Any], restructure.Outcome]


def _merge(form: Any, org: Organization, user: Any) -> restructure.Outcome:
    data = form.cleaned_data
    return restructure.merge(
        [org, *data["others"]], on=data["effective_on"], into=data["into"], name=data["name"],
        actor=user, reason=data["reason"], carry=data["carry"],
    )  # fmt: skip


def _split(form: Any, org: Organization, user: Any) -> restructure.Outcome:
    data = form.cleaned_data
    names, given = form.part_names(), form.assignment()
    parts = [restructure.Part(name, **given.get(i, {})) for i, name in enumerate(names, start=1) if name]
    return restructure.split(
        org, parts, on=data["effective_on"], rest_to=names[data["rest_to"] - 1], actor=user,
        reason=data["reason"], carry=data["carry"],
    )  # fmt: skip


def _move(form: Any, org: Organization, user: Any) -> restructure.Outcome:
    data = form.cleaned_data
    return restructure.move(org, data["new_parent"], on=data["effective_on"], actor=user, reason=data["reason"])


def _rename(form: Any, org: Organization, user: Any) -> restructure.Outcome:
    data = form.cleaned_data
    return restructure.rename(org, data["name"], on=data["effective_on"], actor=user, reason=data["reason"])


def _close(form: Any, org: Organization, user: Any) -> restructure.Outcome:
    """Giải thể: the last day of activity is typed (as the decisions say it); the
    service takes the first day it no longer exists."""
    data = form.cleaned_data
    last = data["valid_until"]
    if org.valid_from and last < org.valid_from:
        raise ValidationError(
            f"Ngày hết hiệu lực {last:%d/%m/%Y} trước ngày bắt đầu hoạt động ({org.valid_from:%d/%m/%Y})."
        )
    return restructure.close(
        org, on=last + timedelta(days=1), actor=user, reason=data["reason"],
        successor=data["successor"], carry=data["carry"],
    )  # fmt: skip


OPERATIONS: dict[str, Operation] = {
    "merge": Operation("Hợp nhất, sáp nhập", lambda u, o, d, _day: MergeForm(d, user=u, org=o), _merge),
    "split": Operation("Chia tách", lambda _u, o, d, day: SplitForm(d, org=o, on=day), _split),
    "move": Operation("Chuyển tổ chức", lambda u, o, d, _day: MoveForm(d, user=u, org=o), _move),
    "rename": Operation("Đổi tên", lambda _u, o, d, _day: RenameForm(d, initial={"name": o.name}), _rename),
    "close": Operation("Chấm dứt hoạt động (giải thể)", lambda u, o, d, _day: CloseForm(d, user=u, org=o), _close),
}


class _DryRun(Exception):
    """Raised inside the preview's transaction so that nothing it did is kept."""


def dry_run(act: Callable[[], restructure.Outcome]) -> dict[str, Any]:
    """Run the operation and roll it back: what it would do (or its refusal, raised),
    exactly as the real run — not an estimate."""
    result: dict[str, Any] = {}
    try:
        with transaction.atomic():
            outcome = act()
            result = outcome.as_dict()
            result["labels"] = {k: restructure.CARRY_CHOICES.get(k, k) for k in outcome.moved}
            raise _DryRun
    except _DryRun:
        pass
    return result
