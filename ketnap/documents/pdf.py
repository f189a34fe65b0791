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
