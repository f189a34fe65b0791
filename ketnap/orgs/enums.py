"""Choices of the organisation domain, named as in the glossary."""

from django.db import models


class OrganizationKind(models.TextChoices):
    PROVINCIAL = "provincial", "Đảng bộ tỉnh / thành phố"
    UPPER = "upper", "Đảng bộ cấp trên cơ sở"
    GRASSROOTS_COMMITTEE = "grassroots_committee", "Đảng bộ cơ sở"
    GRASSROOTS_CELL = "grassroots_cell", "Chi bộ cơ sở"
    SUB_COMMITTEE = "sub_committee", "Đảng bộ bộ phận"
    CELL = "cell", "Chi bộ trực thuộc"


CELL_KINDS = (OrganizationKind.CELL, OrganizationKind.GRASSROOTS_CELL)


class BlockKind(models.TextChoices):
    RURAL = "rural", "Khối nông thôn"
    RESIDENTIAL = "residential", "Khối dân cư (tổ dân phố)"
    AGENCIES = "agencies", "Khối cơ quan, đơn vị sự nghiệp"
    SCHOOLS = "schools", "Khối trường học"
    ARMED_FORCES = "armed_forces", "Khối lực lượng vũ trang"
    ENTERPRISES = "enterprises", "Khối doanh nghiệp"
    MASS_ORGANIZATIONS = "mass_organizations", "Khối Mặt trận và đoàn thể"


class MassOrganizationKind(models.TextChoices):
    FATHERLAND_FRONT = "fatherland_front", "Mặt trận Tổ quốc"
    YOUTH_UNION = "youth_union", "Đoàn TNCS Hồ Chí Minh"
    VETERANS = "veterans", "Hội Cựu chiến binh"
    FARMERS = "farmers", "Hội Nông dân"
    WOMEN = "women", "Hội Liên hiệp Phụ nữ"
    TRADE_UNION = "trade_union", "Công đoàn"


class MemberStatus(models.TextChoices):
    OFFICIAL = "official", "Chính thức"
    PROBATIONARY = "probationary", "Dự bị"


class Sex(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class Role(models.TextChoices):
    """Roles of O5; each is held on one organisation and reaches its whole subtree."""

    ORGANIZING_BOARD = "organizing_board", "Ban Xây dựng Đảng / Ban Tổ chức"
    STANDING_MEMBER = "standing_member", "Ủy viên Ban Thường vụ phụ trách"
    INSPECTOR = "inspector", "Ủy ban Kiểm tra"
    CELL_SECRETARY = "cell_secretary", "Bí thư chi bộ"
    MASS_ORG_OFFICER = "mass_org_officer", "Cán bộ Mặt trận / đoàn thể"
    POLITICAL_CENTRE = "political_centre", "Trung tâm chính trị"
    VIEWER = "viewer", "Chỉ xem"


# Roles that may change organisation data (headcounts, members, the tree itself).
MANAGING_ROLES = frozenset({Role.ORGANIZING_BOARD})
RECORDING_ROLES = frozenset({Role.ORGANIZING_BOARD, Role.CELL_SECRETARY})
AUDIT_READING_ROLES = frozenset({Role.ORGANIZING_BOARD, Role.INSPECTOR})
