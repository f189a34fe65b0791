"""What the steps that edit stored rows read, so their forms carry a read version
(`ketnap.core.versions`): the dossier's hand-filed papers and a verification record.
Steps that move the stage need none: the stage check refuses a second move already."""

from __future__ import annotations

from typing import Any

from django import forms

from ketnap.core import versions
from ketnap.pipeline.enums import ItemStatus
from ketnap.pipeline.models import Candidate, DossierItem, Verification


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


__all__ = ["dossier_read", "verification_read"]
