"""What the steps that edit stored rows read, so their forms carry a read version
(`ketnap.core.versions`): the dossier's hand-filed papers, a verification record and a
mentor's plan.
Steps that move the stage need none: the stage check refuses a second move already."""

from __future__ import annotations

from typing import Any

from django import forms

from ketnap.core import versions
from ketnap.pipeline.enums import ItemStatus
from ketnap.pipeline.models import Candidate, DossierItem, Mentor, Verification


def dossier_read(candidate: Candidate, obj: Any, form: forms.BaseForm) -> versions.Read:
    """Status, date and number of every paper the dossier form shows, as stored now (a
    paper never filed reads as missing, as the form shows it). Scans are not compared:
    an upload is always a new file."""
    codes: list[str] = getattr(form, "codes", [])
    stored = {i.code: i for i in DossierItem.objects.filter(dossier__candidate=candidate, code__in=codes)}
    read = versions.Read()
    for code in codes:
        item = stored.get(code) or DossierItem(code=code, status=ItemStatus.MISSING)
        read |= versions.read_of(
            item, ["status", "received_on", "number"], prefix=f"{code}__", attrs={"number": "document_number"}
        )
    return read


def verification_read(candidate: Candidate, obj: Any, form: forms.BaseForm) -> versions.Read | None:
    """The verification record's fields as stored now; None for a new record (nothing to
    overwrite)."""
    if not isinstance(obj, Verification) or obj.pk is None:
        return None
    current = Verification.objects.get(pk=obj.pk)
    assert isinstance(form, forms.BaseModelForm)
    return versions.read_form(form, current)


def mentor_plan_read(candidate: Candidate, obj: Any, form: forms.BaseForm) -> versions.Read | None:
    """The plans of the candidate's current mentors (the form picks one): the version
    covers them all; a save is compared with the picked mentor's stored plan and date."""
    mentors = list(Mentor.objects.filter(candidate=candidate, ended_on__isnull=True).order_by("pk"))
    if not mentors:
        return None
    read = versions.Read()
    for m in mentors:
        read |= versions.read_of(m, ["plan", "plan_approved_on"], prefix=f"{m.pk}:")
    picked = getattr(form, "cleaned_data", {}).get("mentor")
    chosen = next((m for m in mentors if picked is not None and m.pk == picked.pk), None)
    if chosen is not None:
        now = versions.read_of(chosen, ["plan", "approved_on"], attrs={"approved_on": "plan_approved_on"})
        read.compared, read.shown = now.values, {**read.shown, **now.shown}
    return read


__all__ = ["dossier_read", "mentor_plan_read", "verification_read"]
