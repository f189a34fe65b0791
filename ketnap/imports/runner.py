"""The preview/apply pattern every import follows (architecture decision 6).

    outcome = run_import(parse, apply=None)        # preview: read + validate, write nothing
    outcome = run_import(parse, apply=do_apply)    # apply: all-or-nothing
    outcome = run_import(parse, apply=do_apply, recheck=still_valid)

`parse()` reads the file and validates it against the database as it is now,
returning `(payload, issues)`. It runs *outside* any transaction: reading a file is
the slow part (up to the limits of `imports.limits`), and on SQLite a write
transaction locks every other writer, so parsing inside it made everyone's saves
wait on an upload. The parsed payload is then applied in one short transaction:
`recheck(payload)` (optional) re-validates only what may have changed since the
parse (a person recorded meanwhile, a plan issued meanwhile), then `apply(payload)`
writes; the services `apply` calls check their own rules again, and any
`ImportRefused` raised rolls everything back and is returned as issues. A
command, a view and a demo loader all call this, so the browser upload and `manage.py import_…` share one code path.

`stage_upload`/`staged_bytes`/`finish_staged` keep a browser upload between its
preview and the user's "Áp dụng" (see models.StagedImport). In the browser both the
preview and the apply run as background jobs: `imports.background` is the one runner
every import page uses (register an `ImportJob`, then `start_preview`/`start_apply`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from ketnap.imports.grid import SUPPORTED_TYPES
from ketnap.imports.issues import ImportIssues, ImportRefused
from ketnap.imports.models import StagedImport, StagedImportStatus

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@dataclass
class ImportOutcome[P]:
    """What an import found (`payload`), what is wrong (`issues`) and whether it was written."""

    payload: P | None
    issues: ImportIssues = field(default_factory=ImportIssues)
    applied: bool = False
    result: Any = None

    @property
    def ok(self) -> bool:
        return not self.issues


#: `progress(percent, message)`: a background job's progress (imports.background).
ProgressFn = Callable[[int, str], None]


def run_import[P](
    parse: Callable[[], tuple[P, ImportIssues]],
    apply: Callable[[P], Any] | None = None,
    recheck: Callable[[P], ImportIssues] | None = None,
    progress: ProgressFn | None = None,
) -> ImportOutcome[P]:
    """Preview (apply=None) or apply all-or-nothing; see the module docstring."""
    if progress:
        progress(10, "Đang đọc và kiểm tra tệp…")
    payload, issues = parse()
    if issues or apply is None:
        return ImportOutcome(payload, issues)
    if progress:
        progress(60, "Tệp hợp lệ; đang ghi vào cơ sở dữ liệu (tất cả hoặc không gì)…")
    try:
        with transaction.atomic():
            if recheck is not None and (issues := recheck(payload)):
                raise ImportRefused(issues)
            result = apply(payload)
    except ImportRefused as refused:
        return ImportOutcome(payload, refused.issues)
    return ImportOutcome(payload, ImportIssues(), applied=True, result=result)


def check_upload(filename: str, size: int) -> str | None:
    """A Vietnamese reason to refuse an upload before reading it, or None."""
    if not filename.lower().endswith(SUPPORTED_TYPES):
        return "Chỉ nhận tệp Excel (.xlsx) hoặc Word (.docx)."
    if size > MAX_UPLOAD_BYTES:
        return "Tệp quá lớn (tối đa 5 MB). Một biểu giao chỉ tiêu thường chỉ vài chục KB."
    if size == 0:
        return "Tệp rỗng."
    return None


def stage_upload(
    *, kind: str, organization: Any, user: Any, filename: str, data: bytes, options: dict[str, Any]
) -> StagedImport:
    """Keep an upload for its preview; the caller checks the user's right first."""
    staged = StagedImport(kind=kind, organization=organization, uploaded_by=user, filename=filename, options=options)
    staged.content.save(filename, ContentFile(data), save=False)
    staged.save()
    return staged


def finish_staged(staged: StagedImport, status: str) -> None:
    """Mark a staged upload applied/refused/discarded and drop its file."""
    if staged.content:
        staged.content.delete(save=False)
    staged.status = status
    staged.save(update_fields=["status", "content"])


__all__ = [
    "MAX_UPLOAD_BYTES",
    "ImportOutcome",
    "ProgressFn",
    "StagedImportStatus",
    "check_upload",
    "finish_staged",
    "run_import",
    "stage_upload",
]
