"""Forms of the pipeline pages. They validate shapes only (dates, numbers, choices);
every rule of the procedure is decided by the services and the charter, whose
reasons the page shows next to the form."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from ketnap.orgs.enums import CELL_KINDS
from ketnap.orgs.models import MassOrganization, Member, Organization
from ketnap.pipeline.catalogue import FORMS_BY_CODE, MANUAL_CODES
from ketnap.pipeline.enums import (
    CourseKind,
    IntroducerKind,
    ItemStatus,
    MentorPhase,
    PriorityGroup,
    ResolutionPurpose,
    VerificationResult,
)
from ketnap.pipeline.forms_minutes import CellMinutesMixin, CommitteeMinutesMixin
from ketnap.pipeline.models import Candidate, Course, SponsorKind, TrainingCentre, Verification
from ketnap.pipeline.people import PartialDate, parse_partial_date
from ketnap.pipeline.services.candidates import PERSON_FIELDS
from ketnap.web.dates import DayField, day_formfield


class PartialDateField(forms.Field):
    """Birth date as "15/03/2008" or, when only that is known, "03/2008"."""

    widget = forms.TextInput(attrs={"placeholder": "15/03/2008 hoặc 03/2008", "maxlength": 10})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "Ngày/tháng/năm, hoặc tháng/năm nếu không rõ ngày.")
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> PartialDate | None:
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return parse_partial_date(text)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, PartialDate):
            return value.display()
        return value


class PersonForm(forms.ModelForm):
    """The person's details (C1); birth date may be month/year only."""

    birth = PartialDateField(label="Ngày sinh")
    groups = forms.MultipleChoiceField(
        label="Nhóm ưu tiên", choices=PriorityGroup.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    confirm_distinct = forms.BooleanField(
        label="Đây là người khác (trùng họ tên và ngày sinh với người đã có)", required=False
    )

    class Meta:
        formfield_callback = day_formfield  # date columns typed dd/mm/yyyy
        model = Candidate
        fields = [f for f in PERSON_FIELDS if f not in ("birth_date", "birth_month_only")]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    #: The order of the paper form (lý lịch): who the person is, then schooling and work.
    field_order = [
        "full_name", "birth", "sex", "ethnicity", "religion", "national_id", "phone", "hometown", "residence",
        "education", "professional_level", "academic_title", "political_theory", "profession", "workplace",
        "occupation", "youth_union_member", "trade_union_member", "groups", "remote_area", "foreign_marriage",
        "population_child_order", "population_child_birth", "is_readmission", "previous_exit_date",
        "previous_exit_reason", "note", "confirm_distinct",
    ]  # fmt: skip
    #: On a phone the form is long: drawn in these fieldsets (web/_fields.html).
    sections: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("Sơ yếu", ("full_name", "birth", "sex", "ethnicity", "religion", "national_id", "phone", "hometown",
                    "residence")),
        ("Trình độ, nghề nghiệp", ("education", "professional_level", "academic_title", "political_theory",
                                   "profession", "workplace", "occupation")),
        ("Đoàn thể, nhóm ưu tiên", ("youth_union_member", "trade_union_member", "groups", "remote_area")),
        ("Trường hợp cần lưu ý", ("foreign_marriage", "population_child_order", "population_child_birth",
                                  "is_readmission", "previous_exit_date", "previous_exit_reason")),
        ("Ghi chú", ("note", "confirm_distinct")),
    )  # fmt: skip
    #: A choice nobody may guess (no Kinh, no "Không" by default): the secretary picks it.
    CHOOSE = {"sex": "— Chọn giới tính —", "ethnicity": "— Chọn dân tộc —", "religion": "— Chọn tôn giáo —",
              "occupation": "— Chọn thành phần —"}  # fmt: skip

    def __init__(self, *args: Any, sensitive: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk:
            self.initial.setdefault("birth", instance.birth)
            self.initial.setdefault("groups", [p.group for p in instance.priorities.all()])
        for name, prompt in self.CHOOSE.items():
            field = self.fields.get(name)
            if isinstance(field, forms.ChoiceField):
                field.choices = [("", prompt), *((v, label) for v, label in field.choices if v != "")]  # type: ignore[union-attr,misc]
                if not instance.pk:
                    self.initial[name] = ""  # not the column's default
        if not sensitive:
            for name in ("national_id", "religion"):
                self.fields.pop(name, None)

    def person(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k in PERSON_FIELDS}
        birth: PartialDate = self.cleaned_data["birth"]
        data["birth_date"], data["birth_month_only"] = birth.value, birth.month_only
        return data


class IntroduceForm(PersonForm):
    """A person introduced to a cell, by whom and when."""

    organization = forms.ModelChoiceField(label="Chi bộ", queryset=Organization.objects.none())
    introduced_on = DayField(label="Ngày giới thiệu")
    kind = forms.ChoiceField(label="Người/tổ chức giới thiệu", choices=IntroducerKind.choices)
    mass_organization = forms.ModelChoiceField(
        label="Đoàn thể giới thiệu", queryset=MassOrganization.objects.none(), required=False
    )
    member = forms.ModelChoiceField(label="Đảng viên giới thiệu", queryset=Member.objects.none(), required=False)
    document_number = forms.CharField(label="Số văn bản giới thiệu", required=False, max_length=60)

    INTRO_FIELDS = ("organization", "introduced_on", "kind", "mass_organization", "member", "document_number")
    field_order = [*INTRO_FIELDS, *PersonForm.field_order]
    sections = (("Ai giới thiệu, vào chi bộ nào", INTRO_FIELDS), *PersonForm.sections)

    def __init__(self, *args: Any, user: Any, officer_of: list[MassOrganization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cells = Organization.objects.visible_to(user).filter(kind__in=CELL_KINDS).order_by("path")
        self.fields["organization"].queryset = cells  # type: ignore[attr-defined]
        self.fields["mass_organization"].queryset = MassOrganization.objects.visible_to(user)  # type: ignore[attr-defined]
        self.fields["member"].queryset = Member.objects.visible_to(user).filter(status="official")  # type: ignore[attr-defined]
        self.officer_of = officer_of
        self.show_when = {"mass_organization": "kind=mass_organization", "member": "kind=member"}
        if officer_of:
            # A mass-organisation officer introduces in the name of their organisation only.
            for name in ("kind", "member"):
                self.fields.pop(name)
            if len(officer_of) == 1:
                self.fields.pop("mass_organization")
            else:
                self.fields["mass_organization"].queryset = MassOrganization.objects.filter(  # type: ignore[attr-defined]
                    pk__in=[m.pk for m in officer_of]
                )
                self.fields["mass_organization"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.officer_of and "mass_organization" not in self.fields:
            data["mass_organization"] = self.officer_of[0]
        kind = data.get("kind", IntroducerKind.MASS_ORGANIZATION)
        if kind == IntroducerKind.MASS_ORGANIZATION and not data.get("mass_organization"):
            self.add_error("mass_organization", "Chọn đoàn thể giới thiệu.")
        if kind == IntroducerKind.MEMBER and not data.get("member"):
            self.add_error("member", "Chọn đảng viên giới thiệu.")
        return data


class MoveForm(forms.Form):
    """A plain move (withdraw, send up, back to the list…): date, reason, approval."""

    on = DayField(label="Ngày hiệu lực")
    reason = forms.CharField(label="Lý do", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    approval = forms.CharField(
        label="Văn bản đồng ý của cấp có thẩm quyền (số, ngày) — nếu quy định yêu cầu",
        required=False,
        max_length=255,
    )


class ApprovalMixin(forms.Form):
    approval = forms.CharField(
        label="Văn bản đồng ý của cấp có thẩm quyền (số, ngày) — khi quá hạn hoặc trường hợp đặc biệt",
        required=False,
        max_length=255,
    )


class SponsorForm(forms.Form):
    kind = forms.ChoiceField(label="Loại người giới thiệu", choices=SponsorKind.choices)
    member = forms.ModelChoiceField(label="Đảng viên", queryset=Member.objects.none(), required=False)
    mass_organization = forms.ModelChoiceField(
        label="Ban Chấp hành Đoàn / Công đoàn", queryset=MassOrganization.objects.none(), required=False
    )
    together_since = DayField(label="Cùng công tác, học tập, sinh sống từ ngày", required=False)
    replacement = forms.BooleanField(label="Người giới thiệu thay thế do chi bộ phân công", required=False)
    assigned_on = DayField(label="Ngày nhận giới thiệu")

    def __init__(self, *args: Any, candidate: Candidate, user: Any, **kwargs: Any) -> None:
        from ketnap.pipeline.services.decisions import grassroots_of

        super().__init__(*args, **kwargs)
        committee = grassroots_of(candidate.organization).path  # the rule of `in_same_grassroots`
        seen = Member.objects.visible_to(user) if user is not None else Member.objects.all()
        members = seen.filter(organization__path__startswith=committee)
        self.fields["member"].queryset = members.select_related("organization")  # type: ignore[attr-defined]
        self.fields["mass_organization"].queryset = MassOrganization.objects.filter(  # type: ignore[attr-defined]
            committee__path__in=[candidate.organization.path[:i] for i in range(4, len(candidate.organization.path), 4)]
        )


class VerificationForm(forms.ModelForm):
    class Meta:
        formfield_callback = day_formfield  # date columns typed dd/mm/yyyy
        model = Verification
        fields = [
            "relation",
            "full_name",
            "birth_year",
            "is_member",
            "declared",
            "adult",
            "requested_on",
            "result",
            "result_on",
            "document_number",
            "result_note",
        ]
        widgets = {
            "result_note": forms.Textarea(attrs={"rows": 2}),
        }


class DossierForm(forms.Form):
    """All the papers a secretary files by hand, one row each (status, date, number, scan)."""

    def __init__(self, *args: Any, items: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.codes = list(MANUAL_CODES)
        for code in self.codes:
            item = items.get(code)
            self.fields[f"{code}__status"] = forms.ChoiceField(
                label=f"{code}: {FORMS_BY_CODE[code].title}",
                choices=ItemStatus.choices,
                initial=item.status if item else ItemStatus.MISSING,
            )
            self.fields[f"{code}__received_on"] = DayField(
                label="Ngày nhận", required=False, initial=item.received_on if item else None
            )
            self.fields[f"{code}__number"] = forms.CharField(
                label="Số", required=False, max_length=60, initial=item.document_number if item else ""
            )
            self.fields[f"{code}__file"] = forms.FileField(label="Bản quét", required=False)

    def rows(self) -> list[tuple[str, Any, Any, Any, Any]]:
        return [
            (
                code,
                self[f"{code}__status"],
                self[f"{code}__received_on"],
                self[f"{code}__number"],
                self[f"{code}__file"],
            )
            for code in self.codes
        ]


class MentorForm(forms.Form):
    member = forms.ModelChoiceField(label="Đảng viên giúp đỡ", queryset=Member.objects.none())
    phase = forms.ChoiceField(label="Giai đoạn", choices=MentorPhase.choices)
    assigned_on = DayField(label="Ngày phân công")
    plan = forms.CharField(label="Kế hoạch giúp đỡ", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    plan_approved_on = DayField(label="Ngày chi bộ duyệt kế hoạch", required=False)

    def __init__(self, *args: Any, candidate: Candidate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(  # type: ignore[attr-defined]
            organization=candidate.organization, status="official"
        )
        probation = candidate.stage == "probationary"
        self.initial.setdefault("phase", MentorPhase.PROBATION if probation else MentorPhase.CANDIDATE)


class MentorPlanForm(forms.Form):
    """The cell approves a mentor's plan (001 §3.2: "kế hoạch … được chi bộ phê duyệt")."""

    mentor = forms.ModelChoiceField(label="Đảng viên giúp đỡ", queryset=Member.objects.none())
    plan = forms.CharField(label="Kế hoạch giúp đỡ", widget=forms.Textarea(attrs={"rows": 4}))
    approved_on = DayField(label="Ngày chi bộ duyệt kế hoạch")

    def __init__(self, *args: Any, candidate: Candidate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = candidate.mentors.filter(ended_on__isnull=True).select_related("member")  # type: ignore[attr-defined]


class MentorReportForm(forms.Form):
    mentor = forms.ModelChoiceField(label="Đảng viên giúp đỡ", queryset=Member.objects.none())
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label="Quý", choices=[(q, f"Quý {q}") for q in (1, 2, 3, 4)], coerce=int)
    submitted_on = DayField(label="Ngày báo cáo")
    content = forms.CharField(label="Nội dung báo cáo", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, candidate: Candidate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = candidate.mentors.select_related("member")  # type: ignore[attr-defined]
        day = self.initial.get("submitted_on")
        if isinstance(day, date):
            self.initial.setdefault("year", day.year)
            self.initial.setdefault("quarter", (day.month - 1) // 3 + 1)


class CellResolutionForm(CellMinutesMixin, ApprovalMixin):
    """The cell meeting's attendance and vote. The number of official members comes
    from the registry (shown next to the field); a different number needs the reason
    (an incomplete registry), which the inspection committee sees. The charter checks
    the arithmetic and the 2/3 threshold."""

    held_on = DayField(label="Ngày chi bộ họp")
    document_number = forms.CharField(label="Số nghị quyết", required=False, max_length=60)
    eligible = forms.IntegerField(label="Tổng số đảng viên chính thức của chi bộ", min_value=1)
    eligible_reason = forms.CharField(
        label="Lý do khác số trong danh sách đảng viên (nếu sửa)",
        required=False,
        max_length=255,
        help_text="Chỉ ghi khi danh sách đảng viên trong hệ thống chưa đầy đủ.",
    )
    excused = forms.IntegerField(
        label="Số được trừ (sinh hoạt tạm thời nơi khác, miễn sinh hoạt vắng mặt, bị đình chỉ…)",
        min_value=0,
        initial=0,
        required=False,
    )
    present = forms.IntegerField(label="Số đảng viên chính thức có mặt", min_value=0)
    in_favour = forms.IntegerField(label="Số tán thành", min_value=0)
    against = forms.IntegerField(label="Số không tán thành", min_value=0)

    field_order = ["purpose", "held_on", "document_number", "eligible", "eligible_reason", "excused", "present",
                   "in_favour", "against"]  # fmt: skip
    sections = (
        ("Cuộc họp", ("purpose", "held_on", "document_number")),
        ("Biểu quyết", ("eligible", "eligible_reason", "excused", "present", "in_favour", "against")),
        (
            "Biên bản (in vào nghị quyết)",
            ("chair", "secretary", "probationary", "probationary_present", "absences", "assessment"),
        ),
    )

    def __init__(self, *args: Any, candidate: Candidate | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if candidate is not None:
            from ketnap.pipeline.registry import official_members_on

            day = self.initial.get("held_on") or timezone.localdate()  # Hanoi's day, not the server's
            count = official_members_on(candidate.organization, day)
            self.initial.setdefault("eligible", count)
            self.fields[
                "eligible"
            ].help_text = f"Theo danh sách đảng viên của chi bộ: {count} đảng viên chính thức ngày {day:%d/%m/%Y}."


class ProbationResolutionForm(CellResolutionForm):
    purpose = forms.ChoiceField(
        label="Nội dung biểu quyết",
        choices=[
            (ResolutionPurpose.CONFIRMATION, "Đề nghị công nhận đảng viên chính thức"),
            (ResolutionPurpose.REMOVAL, "Đề nghị xóa tên"),
        ],
    )


class AppraisalForm(forms.Form):
    appraised_on = DayField(label="Ngày thẩm định")
    document_number = forms.CharField(label="Số văn bản", required=False, max_length=60)
    conclusion = forms.CharField(label="Kết luận", widget=forms.Textarea(attrs={"rows": 3}))


class CommitteeVoteMixin(CommitteeMinutesMixin):
    committee_members = forms.IntegerField(label="Tổng số cấp ủy viên (nếu cấp ủy biểu quyết)", required=False)
    committee_in_favour = forms.IntegerField(label="Số cấp ủy viên tán thành", required=False, min_value=0)
    committee_resolution_number = forms.CharField(label="Số nghị quyết của cấp ủy", required=False, max_length=60)
    committee_members_reason = forms.CharField(
        label="Lý do sửa tổng số cấp ủy viên (nếu khác danh sách cấp ủy viên)", required=False, max_length=255
    )

    def __init__(self, *args: Any, candidate: Candidate | None = None, **kwargs: Any) -> None:
        """With the candidate, the committee's seats on record are shown next to the number."""
        super().__init__(*args, **kwargs)
        if candidate is None:
            return
        from ketnap.pipeline.registry import committee_members_on
        from ketnap.pipeline.services.decisions import committee_of

        day = self.initial.get("signed_on") or self.initial.get("decided_on")
        registry = committee_members_on(committee_of(candidate.organization), day) if day else None
        if registry is not None:  # shown, not prefilled: a decision without a committee vote leaves both empty
            field = self.fields["committee_members"]
            field.help_text = f"Danh sách cấp ủy viên ngày {day:%d/%m/%Y}: {registry} người."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("committee_members") is None) != (data.get("committee_in_favour") is None):
            raise ValidationError("Ghi cả tổng số cấp ủy viên và số tán thành, hoặc để trống cả hai.")
        return data


class DecisionForm(CommitteeVoteMixin, ApprovalMixin):
    document_number = forms.CharField(label="Số quyết định", max_length=60)
    signed_on = DayField(label="Ngày ký quyết định")
    received_on = DayField(label="Ngày chi bộ nhận quyết định", required=False)
    signer = forms.CharField(label="Người ký", required=False, max_length=120)

    field_order = ["document_number", "signed_on", "received_on", "signer"]


class CeremonyForm(ApprovalMixin):
    held_on = DayField(label="Ngày tổ chức lễ kết nạp")
    place = forms.CharField(label="Địa điểm", required=False, max_length=255)

    field_order = ["held_on", "place"]


class ConfirmationForm(CommitteeVoteMixin, ApprovalMixin):
    document_number = forms.CharField(label="Số quyết định", max_length=60)
    decided_on = DayField(label="Ngày quyết định")
    signer = forms.CharField(label="Người ký", required=False, max_length=120)

    field_order = ["document_number", "decided_on", "signer"]


class RemovalForm(ConfirmationForm):
    reason = forms.CharField(label="Lý do xóa tên", widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["document_number", "decided_on", "signer", "reason"]


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=CourseKind.choices)
    number = forms.CharField(label="Số giấy chứng nhận", max_length=60)
    issued_on = DayField(label="Ngày cấp")
    issued_by = forms.CharField(label="Nơi cấp", max_length=255)

    def __init__(self, *args: Any, candidate: Candidate | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if candidate is not None:
            probation = candidate.stage == "probationary"
            self.initial.setdefault("kind", CourseKind.NEW_MEMBER if probation else CourseKind.AWARENESS)


def show_range(field: forms.Field, *, earliest: date | None, latest: date | None) -> None:
    """Show next to a date field the dates the charter accepts (and bound its calendar picker)."""
    attrs = field.widget.attrs
    parts = []
    if earliest is not None:
        attrs["min"] = earliest.isoformat()
        parts.append(f"từ {earliest:%d/%m/%Y}")
    if latest is not None:
        attrs["max"] = latest.isoformat()
        parts.append(f"đến {latest:%d/%m/%Y}")
    if parts:
        text = "Ngày hợp lệ: " + " ".join(parts) + "."
        field.help_text = f"{field.help_text} {text}".strip() if field.help_text else text


def field_schema(field: forms.Field) -> dict[str, Any]:
    """A form field as the API describes a fact: type, required, label, choices."""
    kind = {
        forms.DateField: "date",
        forms.IntegerField: "integer",
        forms.BooleanField: "boolean",
        forms.ModelChoiceField: "id",
        forms.FileField: "file",
        forms.ChoiceField: "choice",
        forms.TypedChoiceField: "choice",
    }
    name = next((v for k, v in kind.items() if type(field) is k), None) or next(
        (v for k, v in kind.items() if isinstance(field, k)), "string"
    )
    out: dict[str, Any] = {"type": name, "required": field.required, "label": str(field.label or "")}
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        out["choices"] = [str(value) for value, _ in field.choices]  # type: ignore[misc,union-attr]
    return out


class DeadlineForm(forms.Form):
    title = forms.CharField(label="Nội dung", max_length=255, initial="Gửi hồ sơ về Ban Tổ chức để thẩm tra lý lịch")
    due_on = DayField(label="Hạn cuối")
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CourseForm(forms.ModelForm):
    class Meta:
        formfield_callback = day_formfield  # date columns typed dd/mm/yyyy
        model = Course
        fields = ["kind", "organization", "centre", "title", "starts_on", "ends_on", "place", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["centre"].queryset = TrainingCentre.objects.filter(  # type: ignore[attr-defined]
            organization__in=organizations
        )

    def course_fields(self) -> dict[str, Any]:
        """The cleaned fields as `courses.save_course` takes them (the page and the API both call it)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class EnrolForm(forms.Form):
    on = DayField(label="Ngày ghi danh")
    candidates = forms.ModelMultipleChoiceField(  # type: ignore[var-annotated]
        label="Người học (các chi bộ)", queryset=Candidate.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["candidates"]
        field.queryset = choices  # type: ignore[attr-defined]
        field.label_from_instance = lambda c: f"{c.full_name} — {c.organization.name}"  # type: ignore[attr-defined]


RESULT_CHOICES = [("", "— chưa ghi —"), ("completed", "Hoàn thành"), ("failed", "Không đạt"), ("absent", "Bỏ học")]


class CompletionForm(forms.Form):
    """One row per person still enrolled: result, certificate number and date."""

    def __init__(self, *args: Any, enrolments: list[Any], default_day: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for e in enrolments:
            self.fields[f"r{e.pk}"] = forms.ChoiceField(
                label=e.candidate.full_name, choices=RESULT_CHOICES, required=False
            )
            self.fields[f"n{e.pk}"] = forms.CharField(label="Số giấy chứng nhận", required=False, max_length=60)
            self.fields[f"d{e.pk}"] = DayField(label="Ngày cấp", required=False, initial=default_day)

    def rows(self) -> list[tuple[Any, Any, Any, Any]]:
        return [(e, self[f"r{e.pk}"], self[f"n{e.pk}"], self[f"d{e.pk}"]) for e in self.enrolments]


REVIEW_CHOICES = [("keep", "Giữ lại"), ("remove", "Đưa ra khỏi danh sách")]
PROPOSED_CHOICES = [("", "Chưa xét"), ("add", "Đưa vào danh sách"), ("remove", "Không đưa vào")]


class ReviewForm(forms.Form):
    """The monthly review: each person on the list kept or removed, each proposed one added or not."""

    month = DayField(label="Tháng xét (chọn một ngày bất kỳ trong tháng)")
    reviewed_on = DayField(label="Ngày chi bộ họp xét")
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, people: list[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        for c in people:
            proposed = c.stage == "introduced"
            # Radio buttons drawn as large labelled choices: one tap each on a phone (C2).
            self.fields[f"d{c.pk}"] = forms.ChoiceField(
                label=c.full_name,
                choices=PROPOSED_CHOICES if proposed else REVIEW_CHOICES,
                initial="" if proposed else "keep",
                required=False,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
            )
            self.fields[f"why{c.pk}"] = forms.CharField(label=f"Lý do — {c.full_name}", required=False, max_length=255)

    def clean(self) -> dict[str, Any]:
        """A removal needs its reason: said on the person's own card, before the service
        (which refuses it too) is asked."""
        data = super().clean() or {}
        for c in self.people:
            if data.get(f"d{c.pk}") == "remove" and not (data.get(f"why{c.pk}") or "").strip():
                self.add_error(f"why{c.pk}", "Cần ghi lý do đưa ra khỏi danh sách.")
        return data

    def rows(self) -> list[tuple[Candidate, Any, Any]]:
        return [(c, self[f"d{c.pk}"], self[f"why{c.pk}"]) for c in self.people]


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx)")
    organization = forms.ModelChoiceField(label="Đảng bộ / chi bộ nhận", queryset=Organization.objects.none())

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


__all__ = [
    "AppraisalForm",
    "CeremonyForm",
    "CertificateForm",
    "CompletionForm",
    "ConfirmationForm",
    "CourseForm",
    "DeadlineForm",
    "DecisionForm",
    "DossierForm",
    "EnrolForm",
    "ImportForm",
    "IntroduceForm",
    "MentorForm",
    "MentorReportForm",
    "MoveForm",
    "PersonForm",
    "ReviewForm",
    "SponsorForm",
    "VerificationForm",
    "VerificationResult",
]
