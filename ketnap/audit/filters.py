"""The audit log's filters (django-filter): one definition for the audit page, its
export job and the API. They narrow rows already scoped by `visible_to(user)`."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from ketnap.audit.models import AuditAction, AuditEvent
from ketnap.orgs.models import Organization


class AuditFilter(django_filters.FilterSet):
    """Organisation (its subtree), user, action, local dates (Asia/Ho_Chi_Minh: `at__date`
    uses the current zone)."""

    organization = django_filters.NumberFilter(method="under")
    user = django_filters.NumberFilter(field_name="user_id")
    action = django_filters.ChoiceFilter(field_name="action", choices=AuditAction.choices)
    date_from = django_filters.DateFilter(field_name="at", lookup_expr="date__gte")
    date_to = django_filters.DateFilter(field_name="at", lookup_expr="date__lte")

    class Meta:
        model = AuditEvent
        fields = ["organization", "user", "action", "date_from", "date_to"]

    def under(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        org = Organization.objects.filter(pk=value).first()
        return qs.filter(org_path__startswith=org.path) if org else qs.none()
