"""django-filter FilterSets of the lists the API offers. They only narrow a queryset that
has already gone through `visible_to(user)`: a filter can never widen the scope."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from ketnap.audit.models import AuditEvent
from ketnap.core.text import fold
from ketnap.orgs.enums import MemberStatus, OrganizationKind
from ketnap.orgs.models import Member, Organization
from ketnap.pipeline.enums import PriorityGroup, Stage
from ketnap.pipeline.models import Candidate


def folded_words(qs: QuerySet[Any], field: str, value: str) -> QuerySet[Any]:
    """Every word of the query, without diacritics, must occur in the folded column."""
    for word in fold(value).split():
        qs = qs.filter(**{f"{field}__contains": word})
    return qs


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search")
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices)
    parent = django_filters.NumberFilter(method="children_of")

    class Meta:
        model = Organization
        fields = ["q", "kind", "parent"]

    def search(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return folded_words(qs, "search_text", value)

    def children_of(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        parent = Organization.objects.filter(pk=value).first()
        if parent is None:
            return qs.none()
        return qs.filter(path__startswith=parent.path, depth=parent.depth + 1)


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search")
    status = django_filters.ChoiceFilter(choices=MemberStatus.choices)

    class Meta:
        model = Member
        fields = ["q", "status"]

    def search(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return folded_words(qs, "search_text", value)


class CandidateFilter(django_filters.FilterSet):
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


class AuditFilter(django_filters.FilterSet):
    """The audit page's filters (organisation, user, dates), shared with its screen."""

    organization = django_filters.NumberFilter(method="under")
    user = django_filters.NumberFilter(field_name="user_id")
    action = django_filters.CharFilter(field_name="action")
    date_from = django_filters.DateFilter(field_name="at", lookup_expr="date__gte")
    date_to = django_filters.DateFilter(field_name="at", lookup_expr="date__lte")

    class Meta:
        model = AuditEvent
        fields = ["organization", "user", "action", "date_from", "date_to"]

    def under(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        org = Organization.objects.filter(pk=value).first()
        return qs.filter(org_path__startswith=org.path) if org else qs.none()
