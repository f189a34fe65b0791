"""What the member registry says on a date, for the acts that count members.

Why here: a cell's vote is valid on 2/3 of its official members (Charter Art. 4.3);
the number typed on the form is checked against the registry (`orgs.Member`) on the
day of the meeting, not taken as typed. A member counts from their official date
(the day probation ended); a member without one, recorded as official, counts.
Likewise a committee's decision counts its members (`CommitteeSeat`) on the day.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from ketnap.orgs.enums import MemberStatus
from ketnap.orgs.models import CommitteeSeat, Member, Organization


def official_members_on(organization: Organization, day: date) -> int:
    """Official members of `organization` itself on `day` (one COUNT query)."""
    return (
        Member.objects.filter(organization=organization, status=MemberStatus.OFFICIAL)
        .filter(Q(official_date__isnull=True) | Q(official_date__lte=day))
        .count()
    )


def committee_members_on(committee: Organization, day: date) -> int | None:
    """Members sitting on `committee` on `day` from its recorded seats, or None when the
    committee has no seat recorded at all (no registry: the typed number stands)."""
    seats = CommitteeSeat.objects.filter(committee=committee)
    if not seats.exists():
        return None
    return seats.filter(since__lte=day).filter(Q(until__isnull=True) | Q(until__gt=day)).count()
