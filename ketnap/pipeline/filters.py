"""The candidate lists' filters (django-filter), one definition for the screens (the
board, the people search) and the API. They only narrow a queryset that has already
gone through `visible_to(user)`: a filter can never widen the scope."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, QuerySet

from ketnap.core.filtering import folded_words
from ketnap.orgs.models import Organization
from ketnap.pipeline.enums import PriorityGroup, Stage
from ketnap.pipeline.models import Candidate, StageEvent


class CandidateFilter(django_filters.FilterSet):
    """The people search (name without diacritics, stage) and the API's list."""

    q = django_filters.CharFilter(method="search")
    stage = django_filters.MultipleChoiceFilter(choices=Stage.choices)
    organization = django_filters.NumberFilter(method="under")
    group = django_filters.ChoiceFilter(choices=PriorityGroup.choices, field_name="priorities__group", distinct=True)
    stage_since_from = django_filters.DateFilter(field_name="stage_since", lookup_expr="gte")
    stage_since_to = django_filters.DateFilter(field_name="stage_since", lookup_expr="lte")

    class Meta:
        model = Candidate
        fields = ["q", "stage", "organization", "group"]

    def search(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return folded_words(qs, "search_text", value)

    def under(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        org = Organization.objects.filter(pk=value).first()
        return qs.filter(organization__path__startswith=org.path) if org else qs.none()


class BoardFilter(django_filters.FilterSet):
    """The board's filters: one cell, a priority group, activity (a stage change) in a year."""

    cell = django_filters.NumberFilter(field_name="organization_id")
    group = django_filters.ChoiceFilter(choices=PriorityGroup.choices, field_name="priorities__group", distinct=True)
    year = django_filters.NumberFilter(method="active_in", min_value=1900, max_value=2200)

    class Meta:
        model = Candidate
        fields = ["cell", "group", "year"]

    def active_in(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return qs.filter(Exists(StageEvent.objects.filter(candidate=OuterRef("pk"), effective_on__year=value)))
