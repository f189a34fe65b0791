"""`province_id` on every hot table: the id of the root (province) of the row's
organisation — the distribution key when the schema is spread over Citus by province
(ARCHITECTURE decision 12, docs/operations.md).

    organisations, headcounts, members, candidates   root of the organisation's path today
    stage events                                     root of `org_path` (where it happened; never changes)
    the candidate's records (dossier, verifications,  the candidate's (they move with the candidate)
    sponsors, mentors, resolutions, decisions, …)

Set on save without a query when the organisation is already loaded (`fill_on_save`),
and by one UPDATE per table for what bypasses save(): bulk loads (`fill`) and the
restructuring services, which move subtrees with raw UPDATEs (`refresh_under`, called
when an organisation's new version is written).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

from ketnap.orgs.models import Organization

STEP = Organization.steplen
_ROOT_OF_ORG = (
    "(SELECT r.id FROM orgs_organization o JOIN orgs_organization r ON r.path = SUBSTR(o.path, 1, {step}) "
    "WHERE o.id = {table}.{column})"
)
#: Table → SQL of the province id of a row (the root of its organisation's path).
TABLES: dict[str, str] = {
    "orgs_membercount": _ROOT_OF_ORG.format(step=STEP, table="orgs_membercount", column="organization_id"),
    "orgs_member": _ROOT_OF_ORG.format(step=STEP, table="orgs_member", column="organization_id"),
    "pipeline_candidate": _ROOT_OF_ORG.format(step=STEP, table="pipeline_candidate", column="organization_id"),
}
#: The candidate's records: table → SQL of their province id (their candidate's).
RECORD_TABLES: dict[str, str] = {
    table: f"(SELECT c.province_id FROM pipeline_candidate c WHERE c.id = {table}.candidate_id)"
    for table in (
        "pipeline_candidatepriority",
        "pipeline_introduction",
        "pipeline_enrolment",
        "pipeline_certificate",
        "pipeline_resolution",
        "pipeline_appraisal",
        "pipeline_admissiondecision",
        "pipeline_ceremony",
        "pipeline_confirmation",
        "pipeline_dossier",
        "pipeline_verification",
        "pipeline_sponsor",
        "pipeline_mentor",
        "pipeline_reviewentry",
    )
}
_ORGS = f"(SELECT r.id FROM orgs_organization r WHERE r.path = SUBSTR(orgs_organization.path, 1, {STEP}))"
_EVENTS = f"(SELECT r.id FROM orgs_organization r WHERE r.path = SUBSTR(pipeline_stageevent.org_path, 1, {STEP}))"


def fill(only_missing: bool = True) -> int:
    """Set province_id where it is missing (or, with `only_missing=False`, wherever it
    differs from the tree). One UPDATE per table; returns the rows changed."""
    changed = 0
    with connection.cursor() as cur:
        tables = [("orgs_organization", _ORGS), *TABLES.items(), ("pipeline_stageevent", _EVENTS)]
        for table, expr in [*tables, *RECORD_TABLES.items()]:  # records after the candidates they copy
            where = "province_id IS NULL" if only_missing else f"province_id IS NULL OR province_id <> {expr}"
            cur.execute(f"UPDATE {table} SET province_id = {expr} WHERE {where}")
            changed += cur.rowcount
    return changed


def refresh_under(paths: Sequence[str]) -> None:
    """After a subtree moved (new paths under `paths`): its organisations and the rows
    attached to them follow their new root. Events keep theirs (where they happened)."""
    if not paths:
        return
    likes = [f"{p}%" for p in paths]
    under = " OR ".join(["path LIKE %s"] * len(likes))
    with connection.cursor() as cur:
        cur.execute(f"UPDATE orgs_organization SET province_id = {_ORGS} WHERE {under}", likes)
        for table, expr in TABLES.items():
            cur.execute(
                f"UPDATE {table} SET province_id = {expr} "
                f"WHERE organization_id IN (SELECT id FROM orgs_organization WHERE {under})",
                likes,
            )
        for table, expr in RECORD_TABLES.items():
            cur.execute(
                f"UPDATE {table} SET province_id = {expr} WHERE candidate_id IN (SELECT c.id FROM pipeline_candidate c "
                f"WHERE c.organization_id IN (SELECT id FROM orgs_organization WHERE {under}))",
                likes,
            )


def _root_id(path: str) -> int | None:
    return Organization.objects.filter(path=path[:STEP]).values_list("id", flat=True).first()


def fill_on_save(instance: Any) -> None:
    """pre_save: the row's province id, from its organisation when loaded (no query)."""
    if getattr(instance, "province_id", None) is not None:
        return
    if isinstance(instance, Organization):
        if instance.depth > 1 and instance.path:
            instance.province_id = _root_id(instance.path)
        return
    if hasattr(type(instance), "candidate") and not hasattr(instance, "org_path"):
        candidate = _loaded(instance, "candidate")
        if candidate is not None and candidate.province_id is not None:
            instance.province_id = candidate.province_id
        elif getattr(instance, "candidate_id", None) is not None:
            from ketnap.pipeline.models import Candidate  # orgs does not import the pipeline at load

            instance.province_id = (
                Candidate.objects.filter(pk=instance.candidate_id).values_list("province_id", flat=True).first()
            )
        return
    org = _loaded(instance, "organization")
    path = getattr(instance, "org_path", None)
    if org is not None and org.province_id is not None and (path is None or path[:STEP] == org.path[:STEP]):
        instance.province_id = org.province_id
    elif path:
        instance.province_id = _root_id(path)
    elif getattr(instance, "organization_id", None) is not None:
        instance.province_id = (
            Organization.objects.filter(pk=instance.organization_id).values_list("province_id", flat=True).first()
        )


def _loaded(instance: Any, field: str) -> Organization | None:
    descriptor = getattr(type(instance), field, None)
    if descriptor is None or not descriptor.is_cached(instance):
        return None
    return getattr(instance, field)


def root_saved(instance: Organization, created: bool) -> None:
    """post_save: a new root is its own province."""
    if instance.depth == 1 and instance.province_id != instance.pk:
        Organization.objects.filter(pk=instance.pk).update(province_id=instance.pk)
        instance.province_id = instance.pk


def connect(models: Iterable[type]) -> None:
    from django.db.models.signals import post_save, pre_save

    for model in models:
        pre_save.connect(
            lambda sender, instance, **kw: fill_on_save(instance),
            sender=model,
            weak=False,
            dispatch_uid=f"province:{model.__name__}",
        )
    post_save.connect(
        lambda sender, instance, created, **kw: root_saved(instance, created),
        sender=Organization,
        weak=False,
        dispatch_uid="province:root",
    )
