"""Choices of monitoring and reporting, named as in the glossary."""

from django.db import models


class RoundKind(models.TextChoices):
    QUARTERLY = "quarterly", "Báo cáo quý"
    AD_HOC = "ad_hoc", "Báo cáo đột xuất"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Chưa nộp"
    SUBMITTED = "submitted", "Đã nộp"


class Risk(models.TextChoices):
    """How an early-warning estimate reads against the quota."""

    ON_TRACK = "on_track", "Có khả năng đạt"
    AT_RISK = "at_risk", "Khó đạt chỉ tiêu"
    NO_QUOTA = "no_quota", "Chưa được giao chỉ tiêu"
