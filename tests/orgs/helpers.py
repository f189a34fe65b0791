"""Small trees built inside a test, for arithmetic that must be hand-checked."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from ketnap.orgs.enums import OrganizationKind
from ketnap.orgs.models import Membership, Organization

_counter = iter(range(1, 10**6))


def make_root(name: str = "Đảng bộ tỉnh Thử", **kw: Any) -> Organization:
    return Organization.objects.add_root(
        create_kwargs={"name": name, "code": f"X{next(_counter)}", "kind": OrganizationKind.PROVINCIAL, **kw}
    )


def make_child(parent: Organization, name: str, kind: str = OrganizationKind.CELL, **kw: Any) -> Organization:
    child = Organization.objects.add_child(
        parent, create_kwargs={"name": name, "code": f"X{next(_counter)}", "kind": kind, **kw}
    )
    parent.refresh_from_db()
    return child


def make_user(username: str, org: Organization | None = None, role: str | None = None) -> Any:
    user = get_user_model().objects.create_user(username=username, password="x-secret-123")
    if org is not None and role is not None:
        Membership.objects.create(user=user, organization=org, role=role)
    return user
