"""Properties of working-day deadlines, checked on generated dates and override tables.

`database=None` keeps hypothesis from writing an example database into the repository.
"""

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ketnap.charter import EVENTS, WorkCalendar, deadline, required_votes
from ketnap.charter.periods import add_months, whole_months_between

dates = st.dates(min_value=date(2021, 7, 30), max_value=date(2035, 12, 31))
overrides = st.dictionaries(
    st.dates(min_value=date(2021, 7, 30), max_value=date(2036, 12, 31)), st.booleans(), max_size=30
)
wd_events = st.sampled_from([e for e in EVENTS if e != "probation_end"])
fast = settings(database=None, max_examples=150, deadline=None)


@fast
@given(start=dates, table=overrides, event=wd_events)
def test_working_day_deadline_lands_on_a_working_day(start: date, table: dict[date, bool], event: str) -> None:
    cal = WorkCalendar(overrides=table)
    result = deadline(event, start, cal)
    assert cal.is_working_day(result.date)
    assert result.date > start
    assert result.working_days is not None
    assert cal.working_days_between(start, result.date) == result.working_days
    assert result.extended_date is None or cal.is_working_day(result.extended_date)


@fast
@given(first=dates, gap=st.integers(min_value=0, max_value=400), table=overrides, n=st.integers(1, 90))
def test_deadline_moves_forward_with_its_start(first: date, gap: int, table: dict[date, bool], n: int) -> None:
    cal = WorkCalendar(overrides=table)
    second = first + timedelta(days=gap)
    assert cal.add_working_days(first, n) <= cal.add_working_days(second, n)


@fast
@given(start=dates, n=st.integers(1, 60))
def test_one_more_working_day_is_later(start: date, n: int) -> None:
    cal = WorkCalendar()
    assert cal.add_working_days(start, n) < cal.add_working_days(start, n + 1)


@fast
@given(start=dates, months=st.integers(0, 800))
def test_months_roundtrip(start: date, months: int) -> None:
    end = add_months(start, months)
    assert whole_months_between(start, end) == months
    assert whole_months_between(start, end - timedelta(days=1)) == months - 1 or months == 0


@fast
@given(members=st.integers(0, 10_000))
def test_two_thirds_threshold_is_the_least_sufficient_count(members: int) -> None:
    needed = required_votes(members, Fraction(2, 3))
    assert 3 * needed >= 2 * members
    assert needed == 0 or 3 * (needed - 1) < 2 * members
