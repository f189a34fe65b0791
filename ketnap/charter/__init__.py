"""The Party's admission rules as versioned, cited, pure Python.

Why: every rule of the admission procedure (eligibility, introducers, votes,
deadlines, re-admission, quotas) must be checked the same way by the web
pages, the API and the command line, on any date, and explained with its
citation. This package holds those rules and nothing else: no Django, no I/O,
no clock — every function takes the dates it needs. Administrator data
(rule overrides, calendar overrides) is passed in by the caller.
"""

from .deadlines import EVENTS, Deadline, deadline
from .eligibility import certificate_expiry, check_age, check_certificate, check_education
from .explain import QUESTIONS, explain, parse_date
from .listing import RuleEntry, level_name, list_rules
from .periods import add_months, age_in_months, whole_months_between
from .quota import quota_from_rate
from .readmission import EXIT_REASONS, check_population_policy, check_readmission
from .relatives import Relative, relatives_to_verify, verification_reasons
from .rulebooks import (
    EDUCATION_LEVELS,
    RULEBOOKS,
    NoRulebookError,
    Rulebook,
    RuleOverrideError,
    RuleValue,
    apply_overrides,
    rulebook_by_id,
    rulebook_for,
)
from .sponsors import Sponsor, check_sponsors, is_youth_age
from .timeline import (
    DATA_CHECK,
    HISTORICAL,
    check_act_date,
    check_birth_date,
    check_document_date,
    check_month,
    check_order,
    historical_rulebook,
    is_historical,
)
from .verdicts import Reason, Verdict, combine
from .votes import (
    VoteOutcome,
    check_attendance,
    check_cell_vote,
    check_committee_vote,
    check_registry_count,
    required_votes,
)
from .workdays import WorkCalendar

__all__ = [
    "DATA_CHECK",
    "EDUCATION_LEVELS",
    "EVENTS",
    "EXIT_REASONS",
    "HISTORICAL",
    "QUESTIONS",
    "RULEBOOKS",
    "Deadline",
    "NoRulebookError",
    "Reason",
    "Relative",
    "RuleEntry",
    "RuleOverrideError",
    "RuleValue",
    "Rulebook",
    "Sponsor",
    "Verdict",
    "VoteOutcome",
    "WorkCalendar",
    "add_months",
    "age_in_months",
    "apply_overrides",
    "certificate_expiry",
    "check_act_date",
    "check_age",
    "check_attendance",
    "check_birth_date",
    "check_cell_vote",
    "check_certificate",
    "check_committee_vote",
    "check_document_date",
    "check_education",
    "check_month",
    "check_order",
    "check_population_policy",
    "check_readmission",
    "check_registry_count",
    "check_sponsors",
    "combine",
    "deadline",
    "explain",
    "historical_rulebook",
    "is_historical",
    "is_youth_age",
    "level_name",
    "list_rules",
    "parse_date",
    "quota_from_rate",
    "relatives_to_verify",
    "required_votes",
    "rulebook_by_id",
    "rulebook_for",
    "verification_reasons",
    "whole_months_between",
]
