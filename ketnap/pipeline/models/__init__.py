"""Models of the candidate pipeline, split by concern (each file stays readable).

Import from here: `from ketnap.pipeline.models import Candidate, StageEvent, …`.
"""

from ketnap.pipeline.models.candidates import (
    AppendOnlyError,
    Candidate,
    CandidatePriority,
    Introduction,
    StageEvent,
)
from ketnap.pipeline.models.courses import (
    AwarenessCourse,
    Certificate,
    Course,
    Enrolment,
    NewMemberCourse,
    TrainingCentre,
)
from ketnap.pipeline.models.decisions import (
    AdmissionDecision,
    Appraisal,
    Ceremony,
    Confirmation,
    ConfirmationOutcome,
    Resolution,
)
from ketnap.pipeline.models.dossier import (
    RELATION_CHOICES,
    Dossier,
    DossierDeadline,
    DossierItem,
    Sponsor,
    SponsorKind,
    Verification,
)
from ketnap.pipeline.models.mentoring import Mentor, MentorReport, ReviewEntry, SympathizerReview

#: Every model, for the audit registry and the admin.
AUDITED = (
    Candidate,
    CandidatePriority,
    Introduction,
    StageEvent,
    TrainingCentre,
    Course,
    AwarenessCourse,
    NewMemberCourse,
    Enrolment,
    Certificate,
    Dossier,
    DossierItem,
    DossierDeadline,
    Verification,
    Sponsor,
    Resolution,
    Appraisal,
    AdmissionDecision,
    Ceremony,
    Confirmation,
    Mentor,
    MentorReport,
    SympathizerReview,
    ReviewEntry,
)

__all__ = [
    "AUDITED",
    "RELATION_CHOICES",
    "AdmissionDecision",
    "AppendOnlyError",
    "Appraisal",
    "AwarenessCourse",
    "Candidate",
    "CandidatePriority",
    "Ceremony",
    "Certificate",
    "Confirmation",
    "ConfirmationOutcome",
    "Course",
    "Dossier",
    "DossierDeadline",
    "DossierItem",
    "Enrolment",
    "Introduction",
    "Mentor",
    "MentorReport",
    "NewMemberCourse",
    "Resolution",
    "ReviewEntry",
    "Sponsor",
    "SponsorKind",
    "StageEvent",
    "SympathizerReview",
    "TrainingCentre",
    "Verification",
]
