"""Per-user digest preference, the record of each digest sent, and in-app notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Frequency(models.TextChoices):
    DAILY = "daily", "Hằng ngày"
    WEEKLY = "weekly", "Hằng tuần (thứ Hai)"
    OFF = "off", "Không nhận"


class DigestPreference(models.Model):
    """How often a user wants the e-mail digest; a user without a row gets it daily."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference")
    frequency = models.CharField("Nhận thư tóm tắt", max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tùy chọn thư tóm tắt"

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"


class DigestSent(models.Model):
    """One digest sent to one user for one day. The unique pair is what makes sending
    idempotent: a second run the same day (a timer fired twice, a retry) finds the row
    and sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent")
    day = models.DateField("Ngày")
    address = models.EmailField("Địa chỉ")
    items = models.PositiveIntegerField("Số việc")
    sent_at = models.DateTimeField("Gửi lúc", auto_now_add=True)

    class Meta:
        verbose_name = "thư tóm tắt đã gửi"
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_and_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day:%d/%m/%Y}"


class Notification(models.Model):
    """One due or overdue item in a user's in-app list. `key` names the item stably
    (kind, link, due date), so the same item seen on several days stays one row and
    keeps its read mark; a changed due date is a new item."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=300)
    kind = models.CharField(max_length=40)
    label = models.CharField("Việc", max_length=300)
    detail = models.CharField("Chi tiết", max_length=300, blank=True)
    due = models.DateField("Hạn")
    url = models.CharField(max_length=300)
    crosses_tet = models.BooleanField(default=False)
    first_seen = models.DateField("Thấy từ")
    last_seen = models.DateField("Thấy gần nhất")
    read_at = models.DateTimeField("Đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_item")]
        indexes = [models.Index(fields=["user", "last_seen"])]
        ordering = ["due", "label"]

    def __str__(self) -> str:
        return self.label
