"""Building candidates in tests: through the real services, as a secretary would."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from ketnap.orgs.models import Organization
from ketnap.pipeline.enums import IntroducerKind, Occupation
from ketnap.pipeline.journey import Timetable, walk
from ketnap.pipeline.models import Candidate
from ketnap.pipeline.services.candidates import introduce

_serial = count(1)


def person(**overrides: Any) -> dict[str, Any]:
    n = next(_serial)
    data: dict[str, Any] = {
        "full_name": f"Nguyễn Văn Thử {n}",
        "birth_date": date(1995, 1, 1 + n % 27),
        "sex": "male",
        "education": "upper_secondary",
        "occupation": Occupation.FARMER,
    }
    data.update(overrides)
    return data


def make_candidate(
    cell: Organization, *, on: date = date(2025, 1, 10), actor: Any = None, **overrides: Any
) -> Candidate:
    return introduce(
        actor=actor,
        organization=cell,
        person=person(**overrides),
        introduced_on=on,
        kind=IntroducerKind.CELL,
    )


def candidate_at(cell: Organization, stage: str, tt: Timetable | None = None, **overrides: Any) -> Candidate:
    """A candidate walked to `stage` with a plausible timetable starting in 2025."""
    candidate = make_candidate(cell, **overrides)
    return walk(candidate, stage, tt or Timetable(listed=date(2025, 2, 5)))
