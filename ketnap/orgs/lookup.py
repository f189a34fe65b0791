"""Finding the organisation a command line or a file names: by code, else by its name
under the Vietnamese name rule (exact only: a command never guesses)."""

from __future__ import annotations

from django.core.management.base import CommandError

from ketnap.imports.matching import exact_key
from ketnap.orgs.enums import BlockKind
from ketnap.orgs.models import Block, Organization


def find_organization(key: str) -> Organization:
    """The one organisation whose code is `key`, or whose name is `key` exactly (case,
    spacing and tone placement aside; an open one before closed namesakes). CommandError
    naming the problem otherwise. Every command that names an organisation uses this."""
    by_code = Organization.objects.filter(code=key).first()
    if by_code is not None:
        return by_code
    wanted = exact_key(key)
    words = [w for w in key.split() if len(w) > 1]
    query = Organization.objects.all()
    if words:
        from ketnap.core.text import fold

        query = query.filter(search_text__contains=fold(words[-1]))
    found = [o for o in query if exact_key(o.name) == wanted]
    if not found:
        raise CommandError(f"Không tìm thấy tổ chức có mã hoặc tên “{key}”.")
    open_ones = [o for o in found if o.valid_until is None]
    if len(found) > 1 and len(open_ones) == 1:
        return open_ones[0]  # a closed namesake (after a rename or merge) yields to the open one
    if len(found) > 1:
        codes = ", ".join(o.code for o in found[:5])
        raise CommandError(f"Có {len(found)} tổ chức tên “{key}” (mã {codes}): hãy dùng mã tổ chức.")
    return found[0]


def block_for(committee: Organization, kind: str) -> Block:
    """The committee's block of a kind, created under the kind's name when missing."""
    if kind not in BlockKind.values:
        raise CommandError(f"Loại khối “{kind}” không có; dùng một trong: {', '.join(BlockKind.values)}.")
    block = Block.objects.filter(organization=committee, kind=kind).first()
    return block or Block.objects.create(organization=committee, kind=kind, name=BlockKind(kind).label)
