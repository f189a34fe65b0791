"""An uploaded file waiting between its preview and its application.

The browser shows a preview of what a file would change; the user then presses
"Áp dụng". The file must survive between those two requests without being written
anywhere in the domain tables, so it is kept here (content on disk through the
default storage) together with the parameters of the import. Applying re-reads and
re-validates the file inside one transaction: what was valid at preview time may no
longer be (someone else changed the plan meanwhile).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from ketnap.orgs.models import Organization
from ketnap.orgs.querysets import ScopedQuerySet


class StagedImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "Đã xem trước"
    APPLIED = "applied", "Đã áp dụng"
    REFUSED = "refused", "Bị từ chối"
    DISCARDED = "discarded", "Đã hủy"


class StagedImport(models.Model):
    """One upload: who, what kind of import, for which organisation, with which options."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("loại dữ liệu", max_length=40)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", verbose_name="tổ chức")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="người tải lên"
    )
    uploaded_at = models.DateTimeField("lúc tải lên", auto_now_add=True)
    filename = models.CharField("tên tệp", max_length=255)
    content = models.FileField("tệp", upload_to="imports/%Y/%m/")
    options = models.JSONField("tùy chọn", default=dict, blank=True)
    status = models.CharField(
        "trạng thái", max_length=20, choices=StagedImportStatus.choices, default=StagedImportStatus.PREVIEWED
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "tệp nhập chờ áp dụng"
        verbose_name_plural = "tệp nhập chờ áp dụng"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def audit_organization(self) -> Organization:
        return self.organization

    def read(self) -> bytes:
        with self.content.open("rb") as fh:
            return fh.read()
