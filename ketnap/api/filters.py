"""django-filter FilterSets of the lists the API offers (the candidate and audit ones
live with their screens, which use them too). They only narrow a queryset that
has already gone through `visible_to(user)`: a filter can never widen the scope."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from ketnap.audit.filters import AuditFilter
from ketnap.core.filtering import folded_words
from ketnap.orgs.enums import MemberStatus, OrganizationKind
from ketnap.orgs.models import Member, Organization
from ketnap.pipeline.filters import BoardFilter, CandidateFilter


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


__all__ = ["AuditFilter", "BoardFilter", "CandidateFilter", "MemberFilter", "OrganizationFilter", "folded_words"]
