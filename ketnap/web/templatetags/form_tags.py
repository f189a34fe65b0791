"""Forms that show their errors (issue 16, point 5), for `web/_fields.html` and `web/_field.html`.

One way for every form of the site: a required field says so (a visible star and
`aria-required`), an invalid one is outlined and tied to its message
(`aria-invalid`, `aria-describedby`), and after a failed submit a summary at the top
links to each field (`ketnap.js` moves the focus there). Long forms declare
`sections` — (legend, field names) pairs — and are drawn as fieldsets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

register = template.Library()

#: Widgets drawn as a group of choices: a fieldset with a legend, not one label.
GROUP_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


@dataclass(frozen=True)
class Problem:
    """One line of the error summary: the field's id (None: the whole form), its label, the message."""

    target: str | None
    label: str
    message: str


@register.filter
def form_problems(form: forms.BaseForm | None) -> list[Problem]:
    """The form's errors in the order of its fields, the whole-form ones first."""
    if form is None or not form.is_bound or not form.errors:
        return []
    problems = [Problem(None, "", str(e)) for e in form.non_field_errors()]
    for field in form:
        for message in field.errors:
            problems.append(Problem(_target(field), str(field.label or field.name), str(message)))
    return problems


def _target(field: BoundField) -> str:
    """The element a summary link goes to: the input, or a group's first choice."""
    if isinstance(field.field.widget, GROUP_WIDGETS):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


@register.filter
def is_group(field: BoundField) -> bool:
    return isinstance(field.field.widget, GROUP_WIDGETS)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def show_rule(field: BoundField) -> str:
    """The field's `data-show-when` rule, from its form's `show_when` (pipeline.js)."""
    rules: dict[str, str] = getattr(field.form, "show_when", None) or {}
    rule = rules.get(field.name, "")
    return rule if rule.split("=")[0] in field.form.fields else ""  # no controlling field: always shown


@register.filter
def has_required(form: forms.BaseForm) -> bool:
    """Whether the form has a visible required field (then the star is explained)."""
    return any(f.field.required for f in form.visible_fields())


@register.simple_tag
def field_widget(field: BoundField, **extra: Any) -> SafeString:
    """The field's widget with the accessibility attributes of its state."""
    attrs: dict[str, Any] = {k.replace("_", "-"): v for k, v in extra.items()}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    css = [field.field.widget.attrs.get("class", ""), attrs.get("class", ""), "is-invalid" if field.errors else ""]
    if any(css):
        attrs["class"] = " ".join(c for c in css if c)
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.field.required and not is_group(field) and not is_checkbox(field):
        attrs["aria-required"] = "true"
    return field.as_widget(attrs=attrs)


@dataclass(frozen=True)
class Section:
    legend: str
    fields: list[BoundField]


@register.filter
def form_sections(form: forms.BaseForm) -> list[Section]:
    """The visible fields grouped by the form's `sections`; the fields no section names
    come last, in a section without a legend (a form without sections is one such)."""
    declared: list[tuple[str, list[str]]] = list(getattr(form, "sections", ()) or ())
    named = {name for _, names in declared for name in names}
    out = [
        Section(legend, [form[n] for n in names if n in form.fields and not form[n].is_hidden])
        for legend, names in declared
    ]
    rest = [f for f in form.visible_fields() if f.name not in named]
    out = [s for s in out if s.fields]
    if rest:
        out.append(Section("", rest))
    return out
