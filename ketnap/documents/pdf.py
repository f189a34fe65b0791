"""PDF of an official .docx through LibreOffice headless (one template, no HTML copy).

`docx_to_pdf(data)` writes the document to a private temporary directory, runs
`soffice --headless --convert-to pdf` there with its own throw-away profile (two
conversions at once would otherwise fight over ~/.config/libreoffice and one would
silently produce nothing), waits at most `timeout` seconds and returns the bytes.

Raises `PdfUnavailable` when LibreOffice is not installed (Debian package
`libreoffice-writer-nogui`), `PdfFailed` when the conversion fails or times out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

DEFAULT_TIMEOUT = 90


class PdfUnavailable(RuntimeError):
    """LibreOffice (soffice) is not installed on this machine."""


class PdfFailed(RuntimeError):
    """LibreOffice ran but produced no PDF (damaged input, timeout)."""


def soffice_path() -> str | None:
    """The soffice executable, or None. KETNAP_SOFFICE overrides the search."""
    return os.environ.get("KETNAP_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes, *, timeout: int = DEFAULT_TIMEOUT) -> bytes:
    binary = soffice_path()
    if binary is None:
        raise PdfUnavailable("Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản Word (.docx).")
    with tempfile.TemporaryDirectory(prefix="ketnap-pdf-") as tmp:
        workdir = Path(tmp)
        source = workdir / "vanban.docx"
        source.write_bytes(data)
        profile = (workdir / "profile").as_uri()
        command = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(source),
        ]
        try:
            subprocess.run(command, cwd=workdir, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfFailed(f"LibreOffice không chuyển xong sau {timeout} giây.") from exc
        target = workdir / "vanban.pdf"
        if not target.exists():
            raise PdfFailed("LibreOffice không tạo được tệp PDF.")
        return target.read_bytes()


#: How many converted PDFs the cache keeps (the oldest are removed past this).
CACHE_LIMIT = 500


def cache_dir() -> Path:
    """Where converted PDFs are kept: KETNAP_PDF_CACHE_DIR, else MEDIA_ROOT/pdf-cache."""
    from django.conf import settings

    configured = getattr(settings, "KETNAP_PDF_CACHE_DIR", None)
    return Path(configured) if configured else Path(settings.MEDIA_ROOT) / "pdf-cache"


def cached_pdf(data: bytes, *, timeout: int = DEFAULT_TIMEOUT) -> bytes:
    """The PDF of a .docx, converted once per document version.

    Why the key is the .docx's own hash: the renderers are deterministic (same
    records, same bytes), so any change to the data or to the template gives a new
    key and a stale PDF can never be served; an unchanged document is converted once
    (LibreOffice takes seconds) instead of on every download. Conversion still runs
    in the request on a miss until background jobs take it over."""
    import hashlib

    folder = cache_dir()
    target = folder / f"{hashlib.sha256(data).hexdigest()}.pdf"
    if target.exists():
        return target.read_bytes()
    pdf = docx_to_pdf(data, timeout=timeout)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as part:
        part.write(pdf)
    os.replace(part.name, target)
    _prune(folder)
    return pdf


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime)
    for old in files[: max(0, len(files) - CACHE_LIMIT)]:
        old.unlink(missing_ok=True)
