"""Choices of the candidate pipeline, named as in the glossary.

Why a module of its own: stages, person attributes and document kinds are used by
models, the transition table, forms, the importer and the statistics of issue 6;
keeping them in a leaf module lets all of those import them without cycles.
The person attributes follow the rows of the statistics form "Biểu 2-BTCTW"
(STATISTICS.md §3), so new members can be counted without re-asking anyone.
"""

from __future__ import annotations

from django.db import models


class Stage(models.TextChoices):
    """Where a candidate is. The order of declaration is the order of the funnel;
    the last four are exits (they are stages too, C9)."""

    INTRODUCED = "introduced", "Được giới thiệu"
    SYMPATHIZER = "sympathizer", "Cảm tình đảng"
    IN_COURSE = "in_course", "Đang học lớp nhận thức"
    CERTIFIED = "certified", "Đã có giấy chứng nhận"
    DOSSIER = "dossier", "Đang làm hồ sơ"
    VERIFICATION = "verification", "Thẩm tra lý lịch"
    CELL_RESOLUTION = "cell_resolution", "Chi bộ đề nghị kết nạp"
    COMMITTEE_REVIEW = "committee_review", "Cấp ủy xét"
    ADMITTED = "admitted", "Có quyết định kết nạp"
    PROBATIONARY = "probationary", "Đảng viên dự bị"
    OFFICIAL = "official", "Đảng viên chính thức"
    WITHDRAWN = "withdrawn", "Thôi theo dõi"
    MOVED = "moved", "Chuyển đi"
    REJECTED = "rejected", "Không được kết nạp"
    REMOVED = "removed", "Xóa tên (không công nhận)"


#: The funnel in order (board columns); exits are listed after it.
FUNNEL: tuple[str, ...] = (
    Stage.INTRODUCED,
    Stage.SYMPATHIZER,
    Stage.IN_COURSE,
    Stage.CERTIFIED,
    Stage.DOSSIER,
    Stage.VERIFICATION,
    Stage.CELL_RESOLUTION,
    Stage.COMMITTEE_REVIEW,
    Stage.ADMITTED,
    Stage.PROBATIONARY,
    Stage.OFFICIAL,
)
EXITS: tuple[str, ...] = (Stage.WITHDRAWN, Stage.MOVED, Stage.REJECTED, Stage.REMOVED)
#: Not yet admitted and still followed: the candidate pool ("nguồn").
POOL: tuple[str, ...] = FUNNEL[:8]
#: The cell's sympathizer list (danh sách cảm tình đảng): on the list and not yet admitted.
SYMPATHIZER_LIST: tuple[str, ...] = FUNNEL[1:8]
#: Stages in which the awareness certificate still matters (before the cell votes).
BEFORE_CELL_VOTE: tuple[str, ...] = FUNNEL[:6]


class IntroducerKind(models.TextChoices):
    MASS_ORGANIZATION = "mass_organization", "Mặt trận / đoàn thể"
    MEMBER = "member", "Đảng viên"
    CELL = "cell", "Chi bộ tự phát hiện"


class PriorityGroup(models.TextChoices):
    """Groups the plans ask cells to look for (001 §3.2, 004 §3, 000)."""

    STUDENT = "student", "Học sinh, sinh viên"
    VILLAGE_HEAD = "village_head", "Trưởng thôn, bản, tổ dân phố"
    FRONT_LEADER = "front_leader", "Trưởng ban công tác Mặt trận"
    MASS_ORG_LEADER = "mass_org_leader", "Cán bộ, hội viên ưu tú đoàn thể"
    MILITIA = "militia", "Dân quân tự vệ"
    RESERVE = "reserve", "Lực lượng dự bị động viên"
    COMMUNE_POLICE = "commune_police", "Công an xã bán chuyên trách"
    DEMOBILISED = "demobilised", "Quân nhân xuất ngũ"
    RELIGIOUS = "religious", "Người có đạo, chức sắc tôn giáo"
    VILLAGE_ELDER = "village_elder", "Già làng, trưởng bản, người có uy tín"
    PRIVATE_WORKER = "private_worker", "Người lao động doanh nghiệp tư nhân"
    PRIVATE_OWNER = "private_owner", "Chủ doanh nghiệp tư nhân"
    TEACHER = "teacher", "Giáo viên"
    ETHNIC_MINORITY = "ethnic_minority", "Người dân tộc thiểu số"


class Religion(models.TextChoices):
    """Religions of Biểu 2B (Part II)."""

    NONE = "none", "Không"
    BUDDHISM = "buddhism", "Phật giáo"
    CATHOLIC = "catholic", "Công giáo"
    HOA_HAO = "hoa_hao", "Phật giáo Hòa Hảo"
    CAO_DAI = "cao_dai", "Cao Đài"
    PROTESTANT = "protestant", "Tin Lành"
    ISLAM = "islam", "Hồi giáo"
    OTHER = "other", "Đạo khác"


class GeneralEducation(models.TextChoices):
    """Trình độ giáo dục phổ thông (Biểu 2 II.3). `literate` maps to the charter's
    "none" with literate=True (the village-elder exception)."""

    NONE = "none", "Chưa biết chữ"
    LITERATE = "literate", "Biết đọc, biết viết chữ quốc ngữ"
    PRIMARY = "primary", "Tiểu học"
    LOWER_SECONDARY = "lower_secondary", "Trung học cơ sở"
    UPPER_SECONDARY = "upper_secondary", "Trung học phổ thông"


class ProfessionalLevel(models.TextChoices):
    """Trình độ chuyên môn nghiệp vụ (Biểu 2 II.4)."""

    NONE = "none", "Chưa qua đào tạo"
    ELEMENTARY = "elementary", "Công nhân kỹ thuật, nhân viên nghiệp vụ, sơ cấp"
    INTERMEDIATE = "intermediate", "Trung cấp"
    COLLEGE = "college", "Cao đẳng"
    UNIVERSITY = "university", "Đại học"
    MASTER = "master", "Thạc sĩ"
    DOCTOR = "doctor", "Tiến sĩ"


class AcademicTitle(models.TextChoices):
    NONE = "none", "Không"
    ASSOCIATE_PROFESSOR = "associate_professor", "Phó giáo sư"
    PROFESSOR = "professor", "Giáo sư"


class PoliticalTheory(models.TextChoices):
    """Trình độ lý luận chính trị (Biểu 3)."""

    NONE = "none", "Chưa qua đào tạo"
    ELEMENTARY = "elementary", "Sơ cấp"
    INTERMEDIATE = "intermediate", "Trung cấp"
    ADVANCED = "advanced", "Cao cấp"
    BACHELOR = "bachelor", "Cử nhân"


class Occupation(models.TextChoices):
    """Nghề nghiệp, thành phần (Biểu 2 II.1), thirteen rows of the form."""

    STATE_OFFICIAL = "state_official", "CBCC cơ quan Nhà nước từ cấp huyện trở lên"
    PARTY_FRONT_OFFICIAL = "party_front_official", "CBCC cơ quan Đảng, MTTQ, đoàn thể từ cấp huyện trở lên"
    COMMUNE_OFFICIAL = "commune_official", "CBCC, người hoạt động không chuyên trách ở xã, phường"
    VILLAGE_WORKER = "village_worker", "Người hoạt động không chuyên trách ở thôn, tổ dân phố"
    PUBLIC_EMPLOYEE = "public_employee", "Viên chức sự nghiệp công lập"
    NON_PUBLIC_EMPLOYEE = "non_public_employee", "Người lao động sự nghiệp ngoài công lập"
    ENTERPRISE_MANAGER = "enterprise_manager", "Lãnh đạo, quản lý doanh nghiệp"
    ENTERPRISE_STAFF = "enterprise_staff", "Nhân viên, lao động gián tiếp trong doanh nghiệp"
    ENTERPRISE_WORKER = "enterprise_worker", "Công nhân, lao động trực tiếp trong doanh nghiệp"
    FARMER = "farmer", "Nông, lâm, ngư nghiệp"
    ARMED_FORCES = "armed_forces", "Sĩ quan, chiến sĩ quân đội và công an"
    UNIVERSITY_STUDENT = "university_student", "Sinh viên"
    PUPIL = "pupil", "Học sinh"
    OTHER = "other", "Khác (hợp đồng, tự do…)"


class CourseKind(models.TextChoices):
    AWARENESS = "awareness", "Lớp bồi dưỡng nhận thức về Đảng"
    NEW_MEMBER = "new_member", "Lớp bồi dưỡng lý luận chính trị cho đảng viên mới"


class EnrolmentResult(models.TextChoices):
    ENROLLED = "enrolled", "Đang học"
    COMPLETED = "completed", "Hoàn thành"
    FAILED = "failed", "Không đạt"
    ABSENT = "absent", "Bỏ học"


class DossierPurpose(models.TextChoices):
    ADMISSION = "admission", "Hồ sơ kết nạp"
    CONFIRMATION = "confirmation", "Hồ sơ công nhận chính thức"


class ItemStatus(models.TextChoices):
    MISSING = "missing", "Chưa có"
    RECEIVED = "received", "Đã nhận"
    ACCEPTED = "accepted", "Hợp lệ"
    EXPIRED = "expired", "Hết hạn"


class VerificationResult(models.TextChoices):
    PENDING = "pending", "Đang thẩm tra"
    CLEAR = "clear", "Đạt, không có vấn đề"
    CONCERN = "concern", "Có vấn đề cần xem xét"


class MentorPhase(models.TextChoices):
    CANDIDATE = "candidate", "Giúp đỡ quần chúng"
    PROBATION = "probation", "Giúp đỡ đảng viên dự bị"


class ReviewDecision(models.TextChoices):
    ADD = "add", "Đưa vào danh sách"
    KEEP = "keep", "Giữ lại"
    REMOVE = "remove", "Đưa ra khỏi danh sách"


class ResolutionLevel(models.TextChoices):
    CELL = "cell", "Chi bộ"
    COMMITTEE = "committee", "Cấp ủy cơ sở"


class ResolutionPurpose(models.TextChoices):
    ADMISSION = "admission", "Đề nghị kết nạp"
    CONFIRMATION = "confirmation", "Đề nghị công nhận chính thức"
    REMOVAL = "removal", "Đề nghị xóa tên"
