"""Benchmark of the document renderers: time per document kind at 10, 41 and 400 rows.

What is timed is the rendering the download views run after their queries: the plan
(.docx with its landscape appendix, and .xlsx), the compiled report's per-organisation
table (.docx and .xlsx) and the sympathizer list (.docx). The rows are unsaved model
instances shaped like the demo's (Cao Minh's appendix has 41 rows), so no database is
needed and the figures show the renderer alone. Each kind is rendered once to warm up,
then `--runs` times; the median is printed, and the ratio of the 400-row time to the
41-row time (≈ 10 for a cost linear in the rows).

    .venv/bin/python benchmarks/documents.py              # 10, 41, 400 rows, 5 runs
    .venv/bin/python benchmarks/documents.py --rows 41 --runs 9
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _kinds() -> dict[str, Callable[[int], bytes]]:
    from openpyxl import Workbook

    from ketnap.documents.official import Appendix, OfficialDocument, Para, Signature, render_docx
    from ketnap.documents.spreadsheet import workbook_bytes
    from ketnap.monitoring.exports import PART_COLUMNS, add_sheet, parts_table
    from ketnap.monitoring.figures import KEYS
    from ketnap.orgs.models import Organization
    from ketnap.pipeline.documents import sympathizer_table
    from ketnap.plans.exports import allocation_table, plan_workbook
    from ketnap.plans.models import Allocation, Plan

    commune = Organization(name="Đảng bộ xã Cao Minh")
    plan = Plan(organization=commune, year=2026, by_quarter=True, with_introduce=True, place="Cao Minh")
    plan.issued_on = date(2026, 1, 19)

    def rows(n: int) -> list[Allocation]:
        found = []
        for i in range(n):
            cell = Organization(name=f"Chi bộ thôn Nà Lẹng {i + 1} (Cao Minh)")
            row = Allocation(organization=cell, introduce_q1=1, admit_q2=1, introduce_total=2, admit_total=1)
            row.note = "bổ sung" if i % 7 == 0 else ""
            found.append(row)
        return found

    from ketnap.documents import templating

    plan_kind = templating.KINDS["ke-hoach"]
    context = {
        "legal_bases": ["Điều lệ Đảng", "Hướng dẫn 38-HD/BTCTW"],
        "committee_body": "Ban Thường vụ Đảng ủy xã Cao Minh",
        "plan_title": "kế hoạch phát triển đảng viên năm 2026",
        "purpose": ["Nội dung kế hoạch."] * 8,
        "requirements": ["Nội dung kế hoạch."] * 6,
        "target_sentence": "Toàn Đảng bộ phấn đấu kết nạp từ 15 đảng viên mới trở lên trong năm 2026.",
        "sub_targets": [],
        "tasks": ["Nội dung kế hoạch."] * 4,
        "recipients": ["Ban Tổ chức Tỉnh ủy (b/c)", "Các chi bộ trực thuộc", "Lưu Văn phòng Đảng ủy"],
    }

    def document(n: int, table: object, *, templated: bool = False) -> OfficialDocument:
        """`templated`: the body and recipients filled from the built-in template, as
        the plan's download does (docxtpl render + read-back are part of its time)."""
        filled = templating.fill(plan_kind.builtin(), plan_kind.builtin_version, context) if templated else None
        return OfficialDocument(
            issuer="Đảng ủy xã Cao Minh",
            issuer_parent="Đảng bộ tỉnh Thái Nguyên",
            kind="Kế hoạch",
            title="phát triển đảng viên năm 2026",
            place="Cao Minh",
            issued_on=date(2026, 1, 19),
            body=filled.body if filled else [Para("Nội dung kế hoạch.") for _ in range(20)],
            signature=Signature(signer="Nguyễn Văn A"),
            recipients=filled.recipients if filled else context["recipients"],  # type: ignore[arg-type]
            appendices=[Appendix(table=table)],  # type: ignore[arg-type]
        )

    def parts(n: int) -> list[dict[str, object]]:
        return [{"name": f"Chi bộ {i + 1}", "figures": dict.fromkeys(KEYS, i % 5)} for i in range(n)]

    def report_xlsx(n: int) -> bytes:
        wb = Workbook()
        p = parts(n)
        add_sheet(wb, "Các tổ chức", ["BÁO CÁO"], parts_table(p, dict.fromkeys(KEYS, 0), KEYS))
        return workbook_bytes(wb)

    def sympathizers(n: int) -> bytes:
        from ketnap.pipeline.models import Candidate

        people = []
        for i in range(n):
            person = Candidate(full_name=f"Hoàng Thị Mai {i}", birth_date=date(1998, 12, 12), profession="Giáo viên")
            people.append(person)
        return render_docx(document(n, sympathizer_table(people, lambda c: None, lambda c: "Nông Văn Bình")))

    return {
        "kế hoạch .docx": lambda n: render_docx(
            document(n, allocation_table(plan, rows(n), coordination=False), templated=True)
        ),
        "kế hoạch .xlsx": lambda n: plan_workbook(plan, rows(n), None),
        "báo cáo tổng hợp .docx": lambda n: render_docx(
            document(n, parts_table(parts(n), dict.fromkeys(KEYS, 0), PART_COLUMNS))
        ),
        "báo cáo tổng hợp .xlsx": report_xlsx,
        "danh sách cảm tình đảng .docx": sympathizers,
    }


def _median(fn: Callable[[int], bytes], n: int, runs: int) -> float:
    fn(n)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(n)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[10, 41, 400])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketnap.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    kinds = _kinds()
    print(f"{'loại văn bản':32}" + "".join(f"{n:>10} dòng" for n in args.rows) + "   400/41")
    for name, fn in kinds.items():
        medians = {n: _median(fn, n, args.runs) for n in args.rows}
        ratio = f"{medians[400] / medians[41]:8.1f}" if 400 in medians and 41 in medians else ""
        print(f"{name:32}" + "".join(f"{medians[n] * 1000:>11.0f} ms" for n in args.rows) + f"   {ratio}")


if __name__ == "__main__":
    main()
