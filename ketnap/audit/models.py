"""One table for every change, read and export, scoped by organisation path.

Rows are append-only: an audit trail an inspector relies on cannot be edited or
removed through the ORM (neither one row nor a queryset), like `StageEvent`."""

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
    EXPORT = "export", "Xuất / tải tài liệu"
    IMPORT = "import", "Nhập dữ liệu"
    LOGIN = "login", "Đăng nhập"
    LOGIN_FAILED = "login_failed", "Đăng nhập thất bại"
    LOGOUT = "logout", "Đăng xuất"
    TOKEN = "token", "Dùng liên kết / mã truy cập"
    # A request signed with a personal API token is not a sign-in: the inspector filters
    # API use (and refused tokens, which the lock-out counts) apart from the logins.
    API_TOKEN = "api_token", "Dùng mã API"
    API_TOKEN_FAILED = "api_token_failed", "Mã API sai"
    SECURITY = "security", "Bảo mật tài khoản"


class AuditImmutableError(RuntimeError):
    """Raised on any attempt to change or delete an audit row through the ORM."""


class AuditQuerySet(ScopedQuerySet):
    scope_field = "org_path"

    def update(self, **kwargs: object) -> int:
        raise AuditImmutableError("Nhật ký không được sửa.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditImmutableError("Nhật ký không được xóa.")


class AuditEvent(models.Model):
    """A recorded act: before/after values of the fields that changed, who and when.

    `org_path`, `organization_name`, `user_name` and the readable `details` are copied
    at the time of the act, so the event reads the same after the object, the person
    or the organisation is renamed, moved or deleted."""

    at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người thực hiện",
    )
    user_name = models.CharField("người thực hiện (lúc đó)", max_length=255, blank=True)
    action = models.CharField("thao tác", max_length=20, choices=AuditAction.choices)
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
    organization_name = models.CharField("tổ chức (lúc đó)", max_length=255, blank=True)
    org_path = models.CharField(max_length=255, db_index=True, blank=True)
    changes = models.JSONField("thay đổi", default=dict)
    details = models.JSONField("chi tiết", default=list, blank=True)
    request_id = models.CharField(max_length=32, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "nhật ký"
        verbose_name_plural = "nhật ký"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["org_path", "at"], name="audit_path_at")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.object_repr}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AuditImmutableError("Nhật ký không được sửa.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AuditImmutableError("Nhật ký không được xóa.")

    @property
    def rows(self) -> list[list[str]]:
        """[label, before, after] in words; older rows without details are read from `changes`."""
        if self.details:
            return self.details
        from ketnap.audit.display import describe

        return describe(self.model_label, self.changes, resolve=False)

    @property
    def actor(self) -> str:
        return self.user_name or (str(self.user) if self.user_id else "Hệ thống")
