from __future__ import annotations

import pytest

from ketnap.pipeline.enums import FUNNEL, Stage
from tests.pipeline.helpers import candidate_at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("stage", FUNNEL)
def test_walk_reaches_each_stage(hung_thinh, stage) -> None:  # type: ignore[no-untyped-def]
    if stage == Stage.IN_COURSE:
        pytest.skip("needs a course")
    c = candidate_at(hung_thinh, stage)
    assert c.stage == stage
    assert [e.to_stage for e in c.events.all()][-1] == stage
