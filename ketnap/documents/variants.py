"""Services for an organisation's template variants: upload (validated), preview on
demo-like data, revert to the built-in template; and which template a document uses.

Rights: only the organising board *of that organisation* (a role held above does not
adapt a commune's wording for it: the commune signs the paper). Views and commands go
through these functions; every write is audited.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from ketnap.audit.registry import record
from ketnap.documents import templating
from ketnap.documents.models import TemplateVariant
from ketnap.orgs.enums import Role
from ketnap.orgs.models import Membership, Organization

MAX_BYTES = 2 * 1024 * 1024


def can_adapt(user: Any, org: Organization) -> bool:
    """The organising board of `org` itself (or a superuser)."""
    if getattr(user, "is_superuser", False):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and Membership.objects.filter(user=user, organization=org, role=Role.ORGANIZING_BOARD).exists()
    )


def _require(actor: Any, org: Organization) -> None:
    if actor is not None and not can_adapt(actor, org):
        raise PermissionDenied("Chỉ Ban Xây dựng Đảng của tổ chức này được thay mẫu văn bản.")


def current_template(kind: templating.Kind, org: Organization) -> tuple[bytes, str]:
    """(file, version) a document of `kind` for `org` is filled from: the active variant
    of `org` or of the nearest organisation above it (a commune board's 6-KNĐ serves
    its cells, which have no board), else the built-in template. One query."""
    steplen = Organization.steplen
    above = [org.path[:i] for i in range(steplen, len(org.path) + 1, steplen)]
    variant = (
        TemplateVariant.objects.filter(organization__path__in=above, kind=kind.key, active=True)
        .order_by("-organization__depth")
        .first()
    )
    if variant is not None:
        return bytes(variant.content), variant.version
    return kind.builtin(), kind.builtin_version


@transaction.atomic
def upload(org: Organization, kind_key: str, data: bytes, *, filename: str = "", actor: Any = None) -> TemplateVariant:
    """Store a new active variant after validating it (unknown fields refused)."""
    _require(actor, org)
    kind = templating.KINDS[kind_key]
    if len(data) > MAX_BYTES:
        raise templating.TemplateInvalid("Tệp mẫu lớn hơn 2 MB.")
    used = templating.validate(kind, data)
    TemplateVariant.objects.filter(organization=org, kind=kind.key, active=True).update(active=False)
    number = (TemplateVariant.objects.filter(organization=org, kind=kind.key).aggregate(m=Max("number"))["m"] or 0) + 1
    variant = TemplateVariant.objects.create(
        organization=org,
        kind=kind.key,
        number=number,
        content=data,
        filename=filename[:200],
        fields=sorted(used),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    record("import", variant, {"version": [None, variant.version], "fields": [None, sorted(used)]}, user=actor)
    return variant


@transaction.atomic
def revert(org: Organization, kind_key: str, *, actor: Any = None) -> None:
    """Back to the built-in template (the variants stay, inactive, for the record)."""
    _require(actor, org)
    kind = templating.KINDS[kind_key]
    for variant in TemplateVariant.objects.filter(organization=org, kind=kind.key, active=True):
        variant.active = False
        variant.save(update_fields=["active"])
        record("update", variant, {"active": [True, False]}, user=actor)
