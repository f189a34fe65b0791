"""One table for every change, read and export, scoped by organisation path."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ketnap.orgs.querysets import ScopedQuerySet


class AuditAction(models.TextChoices):
    CREATE = "create", "Tạo mới"
    UPDATE = "update", "Sửa"
    DELETE = "delete", "Xóa"
    MOVE = "move", "Chuyển tổ chức"
    READ = "read", "Xem dữ liệu nhạy cảm"
    EXPORT = "export", "Xuất / in"
    IMPORT = "import", "Nhập dữ liệu"
    LOGIN = "login", "Đăng nhập"


class AuditQuerySet(ScopedQuerySet):
    scope_field = "org_path"


class AuditEvent(models.Model):
    """A recorded act: before/after values of the fields that changed, who and when.

    `org_path` is copied at the time of the act so that the event stays in the right
    subtree even if the object is later deleted or moved."""

    at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người thực hiện",
    )
    action = models.CharField("thao tác", max_length=10, choices=AuditAction.choices)
    model = models.CharField("loại dữ liệu", max_length=100)
    model_label = models.CharField(max_length=100)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField("đối tượng", max_length=255)
    organization = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="tổ chức",
    )
    org_path = models.CharField(max_length=255, db_index=True, blank=True)
    changes = models.JSONField("thay đổi", default=dict)
    request_id = models.CharField(max_length=32, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "nhật ký"
        verbose_name_plural = "nhật ký"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.object_repr}"
