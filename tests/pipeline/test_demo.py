"""The demo pipeline: every stage present in every demo commune, dates fixed, the
charter's refusals and the late steps visible."""

from __future__ import annotations

from collections import Counter

import pytest

from ketnap.orgs.demo.clock import DemoClock
from ketnap.pipeline.demo_data import load
from ketnap.pipeline.enums import FUNNEL, Stage
from ketnap.pipeline.models import Candidate
from tests.conftest import org

pytestmark = pytest.mark.django_db


def test_cao_minh_has_every_stage_and_exit() -> None:
    stages = Counter(
        Candidate.objects.filter(
            is_demo=True, organization__path__startswith=org("Đảng bộ xã Cao Minh").path
        ).values_list("stage", flat=True)
    )
    assert set(Stage.values) <= set(stages), set(Stage.values) - set(stages)


@pytest.mark.parametrize("name", ["Đảng bộ xã Đồng Tiến", "Đảng bộ phường Việt Hưng", "Đảng bộ xã Bình Lưu"])
def test_other_communes_have_a_funnel(name: str) -> None:
    stages = set(
        Candidate.objects.filter(is_demo=True, organization__path__startswith=org(name).path).values_list(
            "stage", flat=True
        )
    )
    assert len(stages & set(FUNNEL)) >= 5


def test_load_is_idempotent() -> None:
    before = Candidate.objects.count()
    assert load(DemoClock()) is None
    assert Candidate.objects.count() == before
