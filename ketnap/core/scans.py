"""What a dossier scan may be (issue 17, point 7).

A scan is a PDF, JPEG or PNG, recognised by its first bytes (never by its name or
the browser's claimed type: an .html renamed .pdf is refused), at most
`DOSSIER_SCAN_MAX_MB`. It is stored under a name the server makes up
(`<candidate>/<code>-<random>.<type>`), so a user's file name is never part of a
path; the user's name is kept only as text. A replaced scan's file is removed once
the replacement is committed.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

SIGNATURES = {
    b"%PDF-": "pdf",
    b"\xff\xd8\xff": "jpg",
    b"\x89PNG\r\n\x1a\n": "png",
}


def max_bytes() -> int:
    return int(getattr(settings, "DOSSIER_SCAN_MAX_MB", 10)) * 1024 * 1024


def scan_type(upload: Any) -> str:
    """The extension for `upload` by its content; ValidationError (Vietnamese) otherwise."""
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise ValidationError("Bản quét rỗng.")
    if size > max_bytes():
        raise ValidationError(f"Bản quét quá lớn (tối đa {max_bytes() // (1024 * 1024)} MB).")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, extension in SIGNATURES.items():
        if head.startswith(signature):
            return extension
    raise ValidationError("Bản quét phải là tệp PDF, JPEG hoặc PNG (nội dung tệp không phải các định dạng này).")


def stored_name(candidate_id: int, code: str, extension: str) -> str:
    """A server-made name: the user's file name never becomes a path."""
    safe_code = "".join(ch for ch in code if ch.isalnum() or ch in "-_")[:10] or "scan"
    return f"{candidate_id}/{safe_code}-{secrets.token_hex(8)}.{extension}"
