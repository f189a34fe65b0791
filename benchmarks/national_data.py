"""Data for the national benchmark (benchmarks/national.py): one generated province,
then copies of it made in SQL so that 34 provinces take minutes, not hours.

Why copying in SQL: the province generator builds ~6,000 organisations, ~24,000
candidates and ~117,000 stage events through the ORM (about a minute on PostgreSQL);
33 more runs would take over half an hour. A copy is one INSERT … SELECT per table with
every id shifted by a fixed offset and every path moved under the copy's own root, so
each copy is a province of the same shape, with its own paths, ids and codes.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import connection

from ketnap.orgs.models import Organization

#: Tables the generator writes, parents first, with how each column of a copy is made
#: ({id}: the table's offset, {org}/{cand}/…: the offsets of the tables referred to).
TABLES: dict[str, dict[str, str]] = {
    "orgs_organization": {
        "id": "id + {orgs_organization}",
        "path": "%(root)s || SUBSTR(path, {step1})",
        "code": "code || %(suffix)s",
        "name": "REPLACE(name, %(label)s, %(new_label)s)",
        "search_text": "REPLACE(search_text, %(folded)s, %(new_folded)s)",
        "province_id": "{province}",
    },
    "orgs_membercount": {
        "id": "id + {orgs_membercount}",
        "organization_id": "organization_id + {orgs_organization}",
        "province_id": "{province}",
    },
    "orgs_headcountspan": {
        "id": "id + {orgs_headcountspan}",
        "organization_id": "organization_id + {orgs_organization}",
        "path": "%(root)s || SUBSTR(path, {step1})",
        "province_id": "{province}",
    },
    "plans_plan": {"id": "id + {plans_plan}", "organization_id": "organization_id + {orgs_organization}"},
    "plans_target": {"id": "id + {plans_target}", "plan_id": "plan_id + {plans_plan}"},
    "plans_allocationrevision": {"id": "id + {plans_allocationrevision}", "plan_id": "plan_id + {plans_plan}"},
    "plans_allocation": {
        "id": "id + {plans_allocation}",
        "revision_id": "revision_id + {plans_allocationrevision}",
        "organization_id": "organization_id + {orgs_organization}",
    },
    "pipeline_candidate": {
        "id": "id + {pipeline_candidate}",
        "organization_id": "organization_id + {orgs_organization}",
        "full_name": "full_name || %(suffix)s",
        "province_id": "{province}",
    },
    "pipeline_stageevent": {
        "id": "id + {pipeline_stageevent}",
        "candidate_id": "candidate_id + {pipeline_candidate}",
        "organization_id": "organization_id + {orgs_organization}",
        "org_path": "%(root)s || SUBSTR(org_path, {step1})",
        "province_id": "{province}",
    },
}


def _columns(table: str) -> list[str]:
    with connection.cursor() as cur:
        return [c.name for c in connection.introspection.get_table_description(cur, table)]


def spans() -> dict[str, tuple[int, int]]:
    """(lowest, highest) id of each table: the rows of the province to copy."""
    result = {}
    with connection.cursor() as cur:
        for table in TABLES:
            cur.execute(f"SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM {table}")
            low, high = cur.fetchone()
            result[table] = (int(low), int(high))
    return result


def copy_province(number: int, source: Mapping[str, tuple[int, int]], label: str, root_path: str) -> int:
    """Copy the province whose rows are `source` (id spans) as the `number`-th copy
    (1 = the first copy): label "T01" becomes f"T{number + 1:02d}". Returns the rows written."""
    offsets = {t: number * (high + 1) for t, (_, high) in source.items()}
    root = Organization._get_path(None, 1, Organization._str2int(root_path) + number)
    new_label = f"T{number + 1:02d}"
    province_id = offsets["orgs_organization"] + Organization.objects.get(path=root_path).pk
    names = {**offsets, "step1": Organization.steplen + 1, "province": province_id}
    params = {
        "root": root,
        "suffix": f"~{number + 1}",
        "label": label,
        "new_label": new_label,
        "folded": label.lower(),
        "new_folded": new_label.lower(),
    }
    written = 0
    with connection.cursor() as cur:
        for table, rules in TABLES.items():
            columns = _columns(table)
            exprs = [rules[c].format(**names) if c in rules else connection.ops.quote_name(c) for c in columns]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            low, high = source[table]
            sql = (
                f"INSERT INTO {table} ({quoted}) SELECT {', '.join(exprs)} FROM {table} "
                f"WHERE id BETWEEN {low} AND {high}"
            )
            cur.execute(sql, params)
            written += cur.rowcount
    return written


def reset_sequences() -> None:
    """Identity sequences past the copied ids (PostgreSQL)."""
    with connection.cursor() as cur:
        for table in TABLES:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )


def copy_all(provinces: int, root_path: str) -> int:
    """Copy the generated province (label T01 at `root_path`) until there are
    `provinces`, in one transaction, then ANALYZE. Returns the rows written."""
    from django.db import transaction

    source = spans()
    rows = 0
    with transaction.atomic():
        for number in range(1, provinces):
            rows += copy_province(number, source, "T01", root_path)
        reset_sequences()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return rows
