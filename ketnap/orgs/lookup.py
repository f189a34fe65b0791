"""Finding an organisation by the name people type on a command line."""

from __future__ import annotations

from django.core.management.base import CommandError

from ketnap.core.text import normalize
from ketnap.orgs.models import Organization


def organization_named(name: str) -> Organization:
    """The organisation whose name (tone marks included: "Bản Cám" is not "Bản Cầm") or
    code is `name`; an open one is preferred to closed ones of the same name."""
    wanted = normalize(name)
    found = list(Organization.objects.filter(name=wanted)) or list(Organization.objects.filter(code=name))
    if not found:
        raise CommandError(f"Không có tổ chức tên {name}.")
    open_ones = [o for o in found if o.valid_until is None]
    if len(open_ones) == 1:
        return open_ones[0]
    if len(found) == 1:
        return found[0]
    codes = ", ".join(o.code for o in found)
    raise CommandError(f"Có nhiều tổ chức tên {name} (mã: {codes}); hãy dùng mã.")
