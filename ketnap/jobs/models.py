"""A background job as the user sees it: what, whose, how far, the result or why it failed."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang chạy"
    DONE = "done", "Xong"
    FAILED = "failed", "Lỗi"


class JobKind(models.TextChoices):
    DOCUMENT_PDF = "document_pdf", "Tạo bản PDF"
    AUDIT_EXPORT = "audit_export", "Xuất nhật ký (.xlsx)"
    ROUND_COMPILE = "round_compile", "Tổng hợp báo cáo định kỳ"
    IMPORT_PREVIEW = "import_preview", "Đọc và kiểm tra tệp nhập"
    IMPORT_APPLY = "import_apply", "Áp dụng tệp nhập"
    EXPORT = "export", "Xuất tệp"


class Job(models.Model):
    """One run of long work. Parameters are ids and plain values (never objects), so a
    job can run in another process and be retried as it was asked."""

    kind = models.CharField("loại việc", max_length=30, choices=JobKind.choices)
    title = models.CharField("tên việc", max_length=255)
    params = models.JSONField("tham số", default=dict)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", verbose_name="người yêu cầu"
    )
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="tổ chức"
    )
    org_path = models.CharField(max_length=255, blank=True, db_index=True)
    status = models.CharField("trạng thái", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    percent = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    message = models.CharField("đang làm", max_length=255, blank=True)
    error = models.TextField("lý do lỗi", blank=True)
    result = models.FileField("kết quả", upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField("tên tệp kết quả", max_length=255, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    #: A page to open when the result is not a file (e.g. the compiled report).
    result_url = models.CharField(max_length=255, blank=True)
    #: A result the page renders itself (an import's preview: rows, issues, questions).
    data = models.JSONField("kết quả (dữ liệu)", default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần chạy", default=0)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    started_at = models.DateTimeField("bắt đầu lúc", null=True, blank=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)

    class Meta:
        verbose_name = "việc chạy nền"
        verbose_name_plural = "việc chạy nền"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    def audit_organization(self) -> object:
        """A download of the result is recorded in the subtree the job was about."""
        return self.organization

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
