"""Choices of the plans domain, named as in the glossary."""

from django.db import models


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã ban hành"


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    ISSUED = "issued", "Đã ban hành"


class TargetScope(models.TextChoices):
    TOTAL = "total", "Chỉ tiêu chung"
    BLOCK = "block", "Chỉ tiêu theo khối"
    EACH_ORGANIZATION = "each_organization", "Tối thiểu mỗi tổ chức thuộc loại"
    STRUCTURE = "structure", "Chỉ tiêu cơ cấu"


class TargetMeasure(models.TextChoices):
    COUNT = "count", "Số lượng (người)"
    RATE = "rate", "Tỷ lệ (%)"


class StructureGroup(models.TextChoices):
    YOUTH = "youth", "Đoàn viên, thanh niên"
    WOMEN = "women", "Nữ"
    STUDENTS = "students", "Học sinh, sinh viên"
    RELIGIOUS = "religious", "Người theo tôn giáo"
    ETHNIC_MINORITY = "ethnic_minority", "Người dân tộc thiểu số"
    PRIVATE_SECTOR = "private_sector", "Người làm việc trong khu vực kinh tế tư nhân"


QUARTERS = (1, 2, 3, 4)
QUARTER_LABELS = {1: "Quý I", 2: "Quý II", 3: "Quý III", 4: "Quý IV"}
# Allocation fields a grid cell may change; quarters are "introduce_q1" … "admit_q4".
QUARTER_FIELDS = tuple(f"{kind}_q{q}" for kind in ("introduce", "admit") for q in QUARTERS)
QUANTITY_FIELDS = (*QUARTER_FIELDS, "introduce_total", "admit_total")
TEXT_FIELDS = ("note", "exempt_reason")
