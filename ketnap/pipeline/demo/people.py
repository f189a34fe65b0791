"""Who the demo candidates are, where, and how far each has come (issue 5, item 12).

Dates are fixed in 2025–2026, never taken from the clock, and chosen so that on a
day in late November 2026 the funnel looks like a commune's real one: people in
every stage, some steps late (a ceremony past its 30 working days, a confirmation
review past its limit, a decision past 60 working days), some certificates
expired, and some people the charter refuses (under 18 at the vote, an introducer
with fewer than 12 months together, a vote short of 2/3). Each row is
(cell, target stage, day listed or introduced, details…); `special` names a case
the builder handles by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ketnap.pipeline.enums import Occupation, Stage

S = Stage
Job = Occupation
YOUTH = "Đoàn TNCS Hồ Chí Minh"
FRONT = "Mặt trận Tổ quốc"
WOMEN = "Hội Phụ nữ"
VETERANS = "Hội Cựu chiến binh"
FARMERS = "Hội Nông dân"


@dataclass(frozen=True)
class Spec:
    cell: str
    stage: str
    listed: date
    born: date = date(1996, 5, 14)
    female: bool = False
    ethnicity: str = "01"
    occupation: str = Job.FARMER
    groups: tuple[str, ...] = ()
    by: str = YOUTH
    dates: dict[str, date] = field(default_factory=dict)
    special: str = ""
    profession: str = ""
    education: str = "upper_secondary"


def _d(y: int, m: int, d: int) -> date:
    return date(y, m, d)


HT, NC, TH, PM = "Chi bộ Hưng Thịnh", "Chi bộ Nặm Cáp", "Chi bộ Trung Hòa", "Chi bộ Phja Mạ"
CA, BS, KT = "Chi bộ Công an", "Chi bộ Bản Sáng", "Chi bộ Khuổi Trà"
THCS, TIEU_HOC = "Chi bộ Trường Trung học cơ sở Công Bằng", "Chi bộ Trường Tiểu học Công Bằng"

#: Đảng bộ xã Cao Minh (001, 2026: ≥ 3,2 % = 41 new members).
CAO_MINH: list[Spec] = [
    Spec(HT, S.INTRODUCED, _d(2026, 11, 5), born=_d(2001, 3, 2), groups=("mass_org_leader",)),
    Spec(NC, S.INTRODUCED, _d(2026, 10, 20), born=_d(1999, 7, 9), female=True, ethnicity="02", by=WOMEN),
    Spec(TH, S.INTRODUCED, _d(2026, 9, 15), born=_d(1990, 1, 21), ethnicity="07", by=FARMERS),
    Spec(HT, S.SYMPATHIZER, _d(2026, 8, 5), born=_d(2000, 11, 30), female=True, ethnicity="02"),
    Spec(NC, S.SYMPATHIZER, _d(2026, 6, 3), born=_d(1994, 4, 2), ethnicity="07", groups=("demobilised",), by=VETERANS),
    Spec(PM, S.SYMPATHIZER, _d(2026, 9, 8), born=_d(2003, 2, 17), ethnicity="09", groups=("ethnic_minority",)),
    Spec(CA, S.SYMPATHIZER, _d(2026, 4, 10), born=_d(1997, 8, 8), occupation=Job.ARMED_FORCES,
         groups=("commune_police",), by=FRONT),
    Spec(THCS, S.SYMPATHIZER, _d(2026, 10, 5), born=_d(1995, 9, 1), female=True, occupation=Job.PUBLIC_EMPLOYEE,
         groups=("teacher",), profession="Giáo viên"),
    Spec(BS, S.SYMPATHIZER, _d(2026, 7, 7), born=_d(1985, 6, 16), ethnicity="02", groups=("village_head",),
         occupation=Job.VILLAGE_WORKER, by=FRONT, profession="Trưởng thôn Bản Sáng"),
    Spec(HT, S.IN_COURSE, _d(2026, 5, 6), born=_d(1998, 12, 12), special="course_ii_2026"),
    Spec(NC, S.IN_COURSE, _d(2026, 6, 3), born=_d(2002, 5, 5), female=True, ethnicity="07", special="course_ii_2026"),
    Spec(TH, S.IN_COURSE, _d(2026, 7, 1), born=_d(1993, 10, 10), special="course_ii_2026", by=FARMERS),
    Spec(KT, S.IN_COURSE, _d(2026, 7, 8), born=_d(1999, 1, 1), ethnicity="02", special="course_ii_2026"),
    Spec(HT, S.CERTIFIED, _d(2026, 1, 7), born=_d(1997, 3, 3), special="course_i_2026"),
    Spec(NC, S.CERTIFIED, _d(2026, 1, 14), born=_d(2000, 9, 19), female=True, special="course_i_2026"),
    Spec(PM, S.CERTIFIED, _d(2021, 5, 10), born=_d(1989, 2, 2), ethnicity="09", dates={"certified": _d(2021, 8, 20)},
         by=FARMERS),
    Spec(TH, S.CERTIFIED, _d(2021, 6, 10), born=_d(1992, 7, 7), female=True, dates={"certified": _d(2021, 10, 15)},
         by=WOMEN),
    Spec(HT, S.CERTIFIED, _d(2022, 2, 10), born=_d(1991, 4, 24), dates={"certified": _d(2022, 5, 20)}, by=VETERANS),
    Spec(BS, S.CERTIFIED, _d(2025, 9, 10), born=_d(1996, 11, 11), ethnicity="02", special="course_ii_2025"),
    Spec(HT, S.DOSSIER, _d(2026, 1, 7), born=_d(1995, 2, 28), special="course_i_2026",
         dates={"application": _d(2026, 8, 20)}),
    Spec(NC, S.DOSSIER, _d(2025, 9, 3), born=_d(1998, 6, 6), ethnicity="07", special="course_ii_2025",
         dates={"application": _d(2026, 10, 1)}),
    Spec(CA, S.DOSSIER, _d(2021, 6, 5), born=_d(1990, 12, 1), occupation=Job.ARMED_FORCES, groups=("commune_police",),
         dates={"certified": _d(2021, 9, 10), "application": _d(2025, 12, 1)}, by=FRONT),
    Spec(HT, S.VERIFICATION, _d(2025, 10, 8), born=_d(1994, 8, 15), special="ready",
         dates={"certified": _d(2025, 11, 21), "application": _d(2026, 6, 10), "verification": _d(2026, 6, 25)}),
    Spec(NC, S.VERIFICATION, _d(2025, 11, 5), born=_d(2008, 12, 10), special="under_18", occupation=Job.PUPIL,
         groups=("student",), dates={"certified": _d(2026, 3, 13), "application": _d(2026, 7, 1),
                                      "verification": _d(2026, 7, 15)}),
    Spec(TH, S.VERIFICATION, _d(2025, 10, 1), born=_d(1988, 3, 30), special="recent_sponsor", by=FARMERS,
         dates={"certified": _d(2025, 11, 21), "application": _d(2026, 5, 4), "verification": _d(2026, 5, 20)}),
    Spec(PM, S.VERIFICATION, _d(2025, 8, 6), born=_d(1993, 5, 25), ethnicity="09", special="failed_vote",
         dates={"certified": _d(2025, 11, 21), "application": _d(2026, 4, 1), "verification": _d(2026, 4, 15)}),
    Spec(HT, S.CELL_RESOLUTION, _d(2025, 6, 4), born=_d(1996, 1, 9), female=True, dates={"vote": _d(2026, 10, 28)}),
    Spec(NC, S.CELL_RESOLUTION, _d(2025, 5, 7), born=_d(1992, 9, 9), ethnicity="07", dates={"vote": _d(2026, 9, 9)}),
    Spec(THCS, S.COMMITTEE_REVIEW, _d(2025, 3, 4), born=_d(1994, 4, 14), female=True, occupation=Job.PUBLIC_EMPLOYEE,
         groups=("teacher",), profession="Giáo viên", dates={"vote": _d(2026, 7, 15)}),
    Spec(CA, S.COMMITTEE_REVIEW, _d(2025, 5, 12), born=_d(1998, 2, 2), occupation=Job.ARMED_FORCES,
         groups=("commune_police",), dates={"vote": _d(2026, 10, 5)}, by=FRONT),
    Spec(HT, S.ADMITTED, _d(2025, 3, 5), born=_d(1997, 7, 27), dates={"decision": _d(2026, 9, 18)}),
    Spec(NC, S.ADMITTED, _d(2025, 5, 7), born=_d(1999, 10, 2), female=True, ethnicity="02",
         dates={"decision": _d(2026, 11, 13)}),
    Spec(HT, S.PROBATIONARY, _d(2024, 6, 5), born=_d(1995, 5, 5), dates={"ceremony": _d(2025, 8, 20)}),
    Spec(NC, S.PROBATIONARY, _d(2024, 9, 4), born=_d(1997, 1, 19), ethnicity="07",
         dates={"ceremony": _d(2025, 12, 10)}),
    Spec(TH, S.PROBATIONARY, _d(2025, 1, 8), born=_d(2000, 3, 8), female=True, dates={"ceremony": _d(2026, 3, 25)}),
    Spec(PM, S.PROBATIONARY, _d(2025, 3, 5), born=_d(1996, 6, 26), ethnicity="09", special="ceremony_corrected",
         dates={"ceremony": _d(2026, 6, 15)}),
    Spec(TIEU_HOC, S.PROBATIONARY, _d(2024, 12, 3), born=_d(1993, 12, 3), female=True, occupation=Job.PUBLIC_EMPLOYEE,
         groups=("teacher",), profession="Giáo viên", special="late_ceremony",
         dates={"decision": _d(2026, 1, 30), "ceremony": _d(2026, 4, 20)}),
    Spec(BS, S.PROBATIONARY, _d(2024, 8, 6), born=_d(1991, 8, 19), ethnicity="02",
         dates={"ceremony": _d(2025, 11, 25)}),
    Spec(HT, S.OFFICIAL, _d(2023, 4, 5), born=_d(1994, 1, 1), dates={"ceremony": _d(2024, 9, 10)}),
    Spec(NC, S.OFFICIAL, _d(2023, 12, 6), born=_d(1996, 2, 12), female=True, dates={"ceremony": _d(2025, 3, 20)}),
    Spec(CA, S.OFFICIAL, _d(2024, 1, 9), born=_d(1995, 10, 20), occupation=Job.ARMED_FORCES, by=FRONT,
         dates={"ceremony": _d(2025, 5, 19)}),
    Spec(KT, S.OFFICIAL, _d(2024, 2, 6), born=_d(1992, 4, 4), ethnicity="02", dates={"ceremony": _d(2025, 6, 10)}),
    Spec(HT, S.WITHDRAWN, _d(2025, 3, 5), born=_d(1990, 9, 9), special="withdraw"),
    Spec(NC, S.MOVED, _d(2025, 4, 2), born=_d(1999, 3, 13), female=True, special="move"),
    Spec(TH, S.REJECTED, _d(2025, 2, 5), born=_d(1991, 11, 5), special="reject", by=FARMERS,
         dates={"certified": _d(2025, 11, 21), "application": _d(2026, 3, 2), "verification": _d(2026, 3, 16)}),
    Spec(PM, S.REMOVED, _d(2024, 3, 6), born=_d(1993, 7, 17), ethnicity="09", special="remove",
         dates={"ceremony": _d(2025, 6, 5)}),
]  # fmt: skip

#: Đảng bộ xã Đồng Tiến (002, 2024 plan: ≥ 6 new members, rural ≥ 3, agencies ≥ 3).
DONG_TIEN: list[Spec] = [
    Spec("Chi bộ Mỏ Ấm", S.INTRODUCED, _d(2026, 10, 12), born=_d(2002, 2, 20), ethnicity="02"),
    Spec("Chi bộ Làng Quặng", S.SYMPATHIZER, _d(2026, 5, 5), born=_d(1998, 8, 1), ethnicity="07", by=FARMERS),
    Spec("Chi bộ Làng Gia", S.SYMPATHIZER, _d(2026, 7, 2), born=_d(2001, 1, 15), female=True, ethnicity="02"),
    Spec("Chi bộ Mỏ Ấm", S.CERTIFIED, _d(2022, 3, 3), born=_d(1992, 5, 30), ethnicity="07", by=VETERANS,
         dates={"certified": _d(2022, 6, 10)}),
    Spec("Chi bộ Trường TH&THCS", S.CERTIFIED, _d(2025, 10, 6), born=_d(1996, 4, 4), female=True,
         occupation=Job.PUBLIC_EMPLOYEE, groups=("teacher",), profession="Giáo viên",
         dates={"certified": _d(2026, 4, 3)}),
    Spec("Chi bộ Quân sự xã", S.DOSSIER, _d(2025, 11, 3), born=_d(2000, 6, 18), occupation=Job.ARMED_FORCES,
         groups=("militia",), dates={"certified": _d(2026, 4, 3), "application": _d(2026, 9, 14)}),
    Spec("Chi bộ Làng Quặng", S.VERIFICATION, _d(2025, 7, 7), born=_d(1995, 3, 9), ethnicity="02", special="ready",
         dates={"certified": _d(2025, 10, 3), "application": _d(2026, 6, 1), "verification": _d(2026, 6, 15)}),
    Spec("Chi bộ Y tế", S.CELL_RESOLUTION, _d(2025, 5, 5), born=_d(1993, 9, 23), female=True,
         occupation=Job.PUBLIC_EMPLOYEE, profession="Y sĩ", dates={"vote": _d(2026, 10, 14)}),
    Spec("Chi bộ Lân Luông", S.ADMITTED, _d(2025, 2, 4), born=_d(1997, 12, 22), ethnicity="07",
         dates={"decision": _d(2026, 11, 6)}),
    Spec("Chi bộ Mỏ Ấm", S.PROBATIONARY, _d(2024, 4, 2), born=_d(1994, 2, 8), ethnicity="02",
         dates={"ceremony": _d(2025, 10, 20)}),
    Spec("Chi bộ Trường Mầm non", S.PROBATIONARY, _d(2024, 10, 1), born=_d(1996, 7, 30), female=True,
         occupation=Job.PUBLIC_EMPLOYEE, groups=("teacher",), dates={"ceremony": _d(2026, 2, 27)}),
    Spec("Chi bộ Liên Phương", S.OFFICIAL, _d(2023, 2, 1), born=_d(1990, 10, 10), ethnicity="07",
         dates={"ceremony": _d(2024, 6, 28)}),
    Spec("Chi bộ Quân sự xã", S.OFFICIAL, _d(2023, 3, 6), born=_d(1999, 5, 5), occupation=Job.ARMED_FORCES,
         groups=("militia",), dates={"ceremony": _d(2024, 9, 2)}),
    Spec("Chi bộ Địa Phận", S.WITHDRAWN, _d(2025, 6, 3), born=_d(1988, 4, 20), special="withdraw", by=FARMERS),
]  # fmt: skip

_TDP = "Chi bộ Tổ dân phố số {}"
_LB = "Chi bộ Công ty TNHH Thương mại Long Biên"

#: Đảng bộ phường Việt Hưng (000, 2026: ≥ 118; certified since 2021 followed up).
VIET_HUNG: list[Spec] = [
    Spec(_TDP.format(1), S.INTRODUCED, _d(2026, 11, 2), born=_d(2003, 4, 4), female=True,
         occupation=Job.UNIVERSITY_STUDENT, groups=("student",)),
    Spec(_TDP.format(2), S.SYMPATHIZER, _d(2026, 3, 4), born=_d(1994, 6, 6), occupation=Job.OTHER, by=FRONT),
    Spec(_LB, S.SYMPATHIZER, _d(2026, 8, 3), born=_d(1997, 9, 21), occupation=Job.ENTERPRISE_WORKER,
         groups=("private_worker",)),
    Spec(_TDP.format(3), S.CERTIFIED, _d(2021, 6, 2), born=_d(1987, 11, 11), occupation=Job.OTHER, by=FRONT,
         dates={"certified": _d(2021, 9, 24)}),
    Spec(_TDP.format(4), S.CERTIFIED, _d(2022, 8, 1), born=_d(1990, 8, 8), female=True, occupation=Job.OTHER, by=WOMEN,
         dates={"certified": _d(2022, 11, 25)}),
    Spec(_TDP.format(5), S.CERTIFIED, _d(2023, 5, 3), born=_d(1995, 12, 25), occupation=Job.OTHER,
         dates={"certified": _d(2023, 9, 15)}),
    Spec(_LB, S.CERTIFIED, _d(2024, 10, 2), born=_d(1992, 2, 29), occupation=Job.ENTERPRISE_MANAGER,
         groups=("private_owner",), by=FRONT, dates={"certified": _d(2025, 4, 18)}),
    Spec("Chi bộ Trường Trung học cơ sở Việt Hưng", S.DOSSIER, _d(2025, 9, 8), born=_d(1996, 3, 17), female=True,
         occupation=Job.PUBLIC_EMPLOYEE, groups=("teacher",), dates={"certified": _d(2026, 4, 10),
                                                                     "application": _d(2026, 10, 5)}),
    Spec(_TDP.format(6), S.VERIFICATION, _d(2025, 6, 2), born=_d(1993, 1, 30), special="ready", occupation=Job.OTHER,
         dates={"certified": _d(2025, 10, 17), "application": _d(2026, 5, 4), "verification": _d(2026, 5, 18)}),
    Spec("Chi bộ Công an phường", S.COMMITTEE_REVIEW, _d(2025, 4, 1), born=_d(1998, 10, 10),
         occupation=Job.ARMED_FORCES, dates={"vote": _d(2026, 10, 19)}),
    Spec(_TDP.format(7), S.PROBATIONARY, _d(2024, 7, 1), born=_d(1994, 5, 19), female=True, occupation=Job.OTHER,
         dates={"ceremony": _d(2025, 12, 19)}),
    Spec(_LB, S.PROBATIONARY, _d(2024, 9, 2), born=_d(1996, 8, 2), occupation=Job.ENTERPRISE_STAFF,
         groups=("private_worker",), dates={"ceremony": _d(2026, 1, 16)}),
    Spec(_TDP.format(8), S.OFFICIAL, _d(2023, 6, 1), born=_d(1991, 6, 1), occupation=Job.OTHER,
         dates={"ceremony": _d(2025, 1, 10)}),
    Spec(_TDP.format(9), S.MOVED, _d(2025, 5, 5), born=_d(2000, 2, 2), female=True, occupation=Job.OTHER,
         special="move"),
]  # fmt: skip

_THPT = "Chi bộ Trường THPT Bình Lưu"
_DTNT = "Chi bộ Trường Phổ thông dân tộc nội trú THPT Tam Đường"

#: Đảng bộ xã Bình Lưu (004, 2026: 3–4 %; each school cell admits ≥ 1 student a year).
BINH_LUU: list[Spec] = [
    Spec(_THPT, S.SYMPATHIZER, _d(2026, 9, 7), born=_d(2008, 2, 14), ethnicity="03", occupation=Job.PUPIL,
         groups=("student",), education="lower_secondary"),
    Spec(_THPT, S.CERTIFIED, _d(2025, 10, 6), born=_d(2007, 9, 9), female=True, ethnicity="03", occupation=Job.PUPIL,
         groups=("student",), dates={"certified": _d(2026, 3, 27)}, education="lower_secondary"),
    Spec(_DTNT, S.VERIFICATION, _d(2025, 9, 8), born=_d(2007, 11, 3), ethnicity="08", occupation=Job.PUPIL,
         groups=("student", "ethnic_minority"), special="ready", education="lower_secondary",
         dates={"certified": _d(2025, 12, 12), "application": _d(2026, 9, 1), "verification": _d(2026, 9, 15)}),
    Spec(_DTNT, S.PROBATIONARY, _d(2025, 1, 6), born=_d(2006, 12, 1), female=True, ethnicity="09",
         occupation=Job.PUPIL, groups=("student", "ethnic_minority"), education="lower_secondary",
         dates={"certified": _d(2025, 4, 11), "vote": _d(2026, 1, 12), "decision": _d(2026, 2, 27),
                "ceremony": _d(2026, 3, 20)}),
    Spec("Chi bộ Công an xã", S.CELL_RESOLUTION, _d(2025, 6, 2), born=_d(1999, 4, 4), ethnicity="25",
         occupation=Job.ARMED_FORCES, groups=("commune_police",), dates={"vote": _d(2026, 11, 9)}),
    Spec("Chi bộ Quân sự xã", S.SYMPATHIZER, _d(2026, 4, 6), born=_d(2001, 7, 7), ethnicity="03",
         occupation=Job.ARMED_FORCES, groups=("militia",)),
    Spec("Chi bộ Bản Bình Lư", S.INTRODUCED, _d(2026, 11, 9), born=_d(1990, 3, 3), ethnicity="08", by=FARMERS,
         groups=("religious",)),
    Spec("Chi bộ Bản Nà Khum", S.OFFICIAL, _d(2023, 10, 2), born=_d(1994, 12, 12), ethnicity="03",
         dates={"ceremony": _d(2025, 7, 15)}),
]  # fmt: skip

_DQ, _KS, _TT = "Chi bộ xóm Đồng Quang", "Chi bộ xóm Kha Sơn", "Chi bộ xóm Tân Thành"
_DK, _CT, _VT = "Chi bộ xóm Đồng Khuân", "Chi bộ xóm Cầu Thành", "Chi bộ xóm Vạn Thọ"
_DTAM, _MC = "Chi bộ Tổ dân phố Đồng Tâm", "Chi bộ Tổ dân phố Minh Cầu"

#: Đảng bộ xã Phú Bình (Thái Nguyên; quota 3 this year): ahead — five admitted, one with
#: a late ceremony the district committee approved, one whose vote was corrected after
#: the fact below 2/3 (a finding for the inspection committee).
PHU_BINH: list[Spec] = [
    Spec(_DQ, S.PROBATIONARY, _d(2025, 1, 6), born=_d(1997, 3, 3), dates={"ceremony": _d(2026, 3, 20)}),
    Spec(_KS, S.PROBATIONARY, _d(2025, 2, 3), born=_d(1999, 6, 6), female=True, ethnicity="02",
         special="vote_corrected", dates={"ceremony": _d(2026, 5, 22)}),
    Spec(_TT, S.PROBATIONARY, _d(2025, 3, 3), born=_d(1995, 9, 9), ethnicity="07", dates={"ceremony": _d(2026, 7, 17)}),
    Spec(_TT, S.PROBATIONARY, _d(2024, 12, 2), born=_d(1993, 5, 12), female=True, special="late_ceremony",
         dates={"decision": _d(2026, 2, 2), "ceremony": _d(2026, 4, 24)}),
    Spec("Chi bộ Trường Trung học cơ sở Phú Bình", S.ADMITTED, _d(2025, 4, 7), born=_d(1994, 4, 4), female=True,
         occupation=Job.PUBLIC_EMPLOYEE, groups=("teacher",), profession="Giáo viên",
         dates={"decision": _d(2026, 10, 30)}),
    Spec(_DQ, S.SYMPATHIZER, _d(2026, 6, 8), born=_d(2002, 2, 2)),
]  # fmt: skip

#: Đảng bộ xã Đại Từ (quota 5): behind — one admitted, whose ceremony date was corrected
#: after the fact past its limit (a finding); the rest still on the way.
DAI_TU: list[Spec] = [
    Spec(_DK, S.PROBATIONARY, _d(2025, 1, 6), born=_d(1996, 10, 1), special="ceremony_corrected",
         dates={"ceremony": _d(2026, 2, 10)}),
    Spec(_DK, S.CELL_RESOLUTION, _d(2025, 5, 5), born=_d(1998, 1, 15), dates={"vote": _d(2026, 10, 21)}),
    Spec(_CT, S.VERIFICATION, _d(2025, 7, 7), born=_d(1994, 8, 8), ethnicity="07", special="ready",
         dates={"certified": _d(2025, 10, 10), "application": _d(2026, 6, 1), "verification": _d(2026, 6, 15)}),
    Spec(_VT, S.SYMPATHIZER, _d(2026, 5, 4), born=_d(2000, 12, 5), ethnicity="02", by=FARMERS),
    Spec("Chi bộ Trạm Y tế xã Đại Từ", S.INTRODUCED, _d(2026, 10, 26), born=_d(1997, 7, 7), female=True,
         occupation=Job.PUBLIC_EMPLOYEE, profession="Điều dưỡng", by=WOMEN),
]  # fmt: skip

#: Đảng bộ phường Phan Đình Phùng (quota 4): two admitted, on the way to the rest.
PHAN_DINH_PHUNG: list[Spec] = [
    Spec(_DTAM, S.PROBATIONARY, _d(2025, 1, 6), born=_d(1995, 2, 2), occupation=Job.OTHER,
         dates={"ceremony": _d(2026, 4, 10)}),
    Spec(_MC, S.PROBATIONARY, _d(2025, 4, 7), born=_d(1998, 11, 11), female=True, occupation=Job.OTHER,
         dates={"ceremony": _d(2026, 8, 14)}),
    Spec(_DTAM, S.COMMITTEE_REVIEW, _d(2025, 4, 1), born=_d(1993, 3, 30), occupation=Job.OTHER,
         dates={"vote": _d(2026, 10, 12)}),
    Spec(_MC, S.SYMPATHIZER, _d(2026, 3, 2), born=_d(2001, 9, 19), occupation=Job.UNIVERSITY_STUDENT,
         groups=("student",)),
]  # fmt: skip

#: Cao Minh's cells in the first half of 2025, when they still belonged to the communes
#: merged into Cao Minh on 01/7/2025 (Công Bằng's and one of Cổ Linh's are in CAO_MINH, dated by the clock):
#: admissions the commune inherits for 2025 ("kế thừa"). History before the restructuring,
#: so fixed dates the demo clock does not move.
CAO_MINH_BEFORE_MERGE: list[Spec] = [
    Spec("Chi bộ Bản Cầm", S.OFFICIAL, _d(2023, 11, 7), born=_d(1994, 8, 21), ethnicity="02",
         dates={"decision": _d(2025, 3, 28), "ceremony": _d(2025, 4, 22)}),
    Spec("Chi bộ Nà Lài", S.OFFICIAL, _d(2023, 10, 4), born=_d(1996, 2, 15), female=True, ethnicity="07",
         by=WOMEN, dates={"decision": _d(2025, 1, 17), "ceremony": _d(2025, 2, 18)}),
    Spec("Chi bộ Cốc Lải", S.OFFICIAL, _d(2024, 1, 10), born=_d(1993, 5, 30), ethnicity="02", by=VETERANS,
         groups=("demobilised",), dates={"decision": _d(2025, 5, 6), "ceremony": _d(2025, 5, 27)}),
]  # fmt: skip

COMMITTEES: dict[str, list[Spec]] = {
    "Đảng bộ xã Cao Minh": CAO_MINH,
    "Đảng bộ xã Đồng Tiến": DONG_TIEN,
    "Đảng bộ phường Việt Hưng": VIET_HUNG,
    "Đảng bộ xã Bình Lưu": BINH_LUU,
    "Đảng bộ xã Phú Bình": PHU_BINH,
    "Đảng bộ xã Đại Từ": DAI_TU,
    "Đảng bộ phường Phan Đình Phùng": PHAN_DINH_PHUNG,
}
