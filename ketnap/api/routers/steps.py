"""Recording a step of the procedure through the API: the same step table
(`ketnap.pipeline.steps`) and the same `run_step` as the candidate's page, so the API
can never move a candidate the page would not.

The facts are the step's form fields as JSON (ISO dates, numbers, booleans, lists for
the multiple choices); they are handed to the form exactly as the page's POST would
hand them (strings), so validation, the charter's checks and the messages are the
page's own. `next_steps` on a candidate's detail publishes, for each step the viewer
may record now, a JSON Schema of these facts built from the same forms."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from ninja import Body, Field, Router, Schema, Status

from ketnap.api.common import WRITE_ERRORS, Invalid, Refusal, visible_or_404
from ketnap.pipeline.models import Candidate, Verification
from ketnap.pipeline.selectors.timeline import candidate_for_page
from ketnap.pipeline.steps import STEPS, Step, StepResult, UnknownStep, facts_schema, run_step, steps_for

router = Router(tags=["Quần chúng — candidates"])

#: A fact's value: what a form field can take (a list only for the multiple choices).
Scalar = str | int | float | bool | None
Facts = dict[str, Scalar | list[str | int]]

#: The facts' types (`forms.field_schema`) in JSON Schema.
_JSON_TYPES: dict[str, dict[str, Any]] = {
    "date": {"type": "string", "format": "date"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "id": {"type": "integer", "description": "id của đối tượng (đảng viên, tổ chức, người giúp đỡ…)"},
    "file": {"type": "string", "format": "binary", "description": "chỉ gửi được qua trang (tệp quét)"},
    "choice": {"type": "string"},
    "string": {"type": "string"},
}


def json_schema(facts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """`facts_schema` (the step's form fields) as a JSON Schema object a client can
    validate against before it POSTs."""
    properties: dict[str, Any] = {}
    for name, fact in facts.items():
        prop = {**_JSON_TYPES.get(fact["type"], {"type": "string"}), "title": fact["label"]}
        if "choices" in fact:
            prop["enum"] = [c for c in fact["choices"] if c != ""]
        properties[name] = prop
    return {
        "type": "object",
        "properties": properties,
        "required": [n for n, fact in facts.items() if fact["required"] and fact["type"] != "file"],
    }


def next_steps(user: Any, c: Candidate, today: date) -> list[dict[str, Any]]:
    """The steps this user may record now (the page's buttons), with their facts as of `today`."""
    return [
        {"step": s.name, "label": s.label, "facts": json_schema(facts_schema(s, c, user, today=today))}
        for s in steps_for(user, c)
    ]


class StepDone(Schema):
    message: str = Field(description="Thông báo của trang khi ghi xong")
    candidate_id: int
    stage: str = Field(description="Giai đoạn sau bước này (mã)")
    stage_label: str = Field(description="Giai đoạn sau bước này (tiếng Việt)")


def as_form_data(facts: Facts) -> MultiValueDict[str, Any]:
    """The JSON facts as the page's POST would carry them: every value a string, a list
    for a multiple choice, a null as an absent field."""
    data: MultiValueDict[str, Any] = MultiValueDict()
    for name, value in facts.items():
        values = value if isinstance(value, list) else [value]
        data.setlist(name, [_text(v) for v in values if v is not None])
    return data


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _step_or_404(name: str) -> Step:
    step = STEPS.get(name)
    if step is None or step.service is None or step.form is None:
        raise Http404("Không có bước này (hoặc bước được ghi ở trang riêng, như lớp bồi dưỡng).")
    return step


def _answer(result: StepResult, c: Candidate) -> Status:
    if result.ok:
        c.refresh_from_db(fields=["stage", "stage_since"])
        return Status(
            200,
            {
                "message": result.message,
                "candidate_id": c.pk,
                "stage": c.stage,
                "stage_label": c.get_stage_display(),
            },
        )
    if result.reasons:
        return Status(
            422, {"message": result.message, "needs_approval": result.needs_approval, "reasons": result.reasons}
        )
    detail = [
        {"loc": ["body"] if name == "__all__" else ["body", name], "msg": message, "type": "value_error"}
        for name, messages in result.errors.items()
        for message in messages
    ]
    return Status(422, {"detail": detail or [{"loc": ["body"], "msg": result.message, "type": "value_error"}]})


@router.post(
    "/candidates/{candidate_id}/steps/{step}",
    response={200: StepDone, **WRITE_ERRORS, 422: Refusal | Invalid},  # type: ignore[dict-item]
    summary="Ghi một bước của quy trình",
    description=(
        "Ghi bước `step` (xem `next_steps` trong hồ sơ quần chúng) với các dữ kiện của bước dưới dạng JSON "
        "(ngày theo ISO 8601). Cùng dịch vụ với trang: quy định không cho phép → 422 với `reasons`; dữ kiện "
        "sai → 422 nêu tên trường; vai trò không được ghi bước này → 403. `verification`: sửa một dòng thẩm "
        "tra lý lịch đã có (bước record_verification)."
    ),
)
def record_step(
    request: HttpRequest,
    candidate_id: int,
    step: str,
    facts: Facts = Body(..., description="Dữ kiện của bước: {tên trường: giá trị}"),  # noqa: B008
    verification: int | None = None,
) -> Status:
    c = visible_or_404(Candidate.objects.select_related("organization"), request, candidate_id)
    spec = _step_or_404(step)
    if verification is not None and spec.edits is None:
        raise Http404("Bước này không sửa một đối tượng có sẵn.")
    c = candidate_for_page(candidate_id, request.user)
    target = get_object_or_404(Verification, pk=verification, candidate=c) if verification is not None else None
    try:
        result = run_step(c, step, as_form_data(facts), actor=request.user, obj=target, today=timezone.localdate())
    except UnknownStep as exc:  # pragma: no cover - _step_or_404 answered first
        raise Http404(str(exc)) from exc
    return _answer(result, c)
