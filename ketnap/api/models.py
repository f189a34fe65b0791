"""Personal API tokens. Only a hash is stored: the token itself is shown once, when it
is made, and a stolen database gives no working token."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models


class ApiTokenQuerySet(models.QuerySet):
    def active(self, today: date) -> ApiTokenQuerySet:
        """Tokens not revoked and not past their expiry date on `today`."""
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=today)
        )


class ApiToken(models.Model):
    """A user's personal token: `Authorization: Bearer <token>` acts as that user,
    with exactly the user's roles (a token never widens what the screens allow)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="tài khoản"
    )
    name = models.CharField("tên gợi nhớ", max_length=100)
    #: sha256 of the whole token, hex.
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    #: The first characters of the token, shown in lists so the user recognises it.
    prefix = models.CharField("đầu mã", max_length=12, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    expires_on = models.DateField("hết hạn ngày", null=True, blank=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active_on(self, today: date) -> bool:
        return self.revoked_at is None and (self.expires_on is None or today <= self.expires_on)

    def audit_organization(self) -> Any:
        """The first organisation the owner holds a role on, so the board that manages
        the account sees its token events in the audit log."""
        from ketnap.orgs.models import Membership

        membership = Membership.objects.filter(user_id=self.user_id).select_related("organization").first()
        return membership.organization if membership else None


class ApiAuthFailure(models.Model):
    """One refused token, by client address: repeated failures lock that address out
    for a while, as django-axes does for passwords."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip_address = models.CharField(max_length=45, db_index=True)
    prefix = models.CharField(max_length=12, blank=True)

    class Meta:
        verbose_name = "lần dùng mã API sai"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.ip_address}"
