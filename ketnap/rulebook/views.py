"""'Tra cứu quy định': every rule in force with its value and citation, and three
small questions answered by the charter for the user's own dates."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ketnap.charter import NoRulebookError, explain, list_rules
from ketnap.rulebook.forms import DeadlineForm, EligibilityForm, VoteForm
from ketnap.rulebook.selectors import calendar_overrides, rule_overrides, rulebook

QUESTION_FORMS: dict[str, type[forms.Form]] = {
    "eligibility": EligibilityForm,
    "vote": VoteForm,
    "deadline": DeadlineForm,
}


def _on(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def lookup(request: HttpRequest) -> HttpResponse:
    on = _on(request)
    question = request.GET.get("question", "")
    answer: dict[str, Any] | None = None
    bound: dict[str, forms.Form] = {name: cls(prefix=name) for name, cls in QUESTION_FORMS.items()}
    if question in QUESTION_FORMS:
        form = QUESTION_FORMS[question](request.GET, prefix=question)
        bound[question] = form
        if form.is_valid():
            answer, _ = explain(
                question,
                form.facts(),  # type: ignore[attr-defined]
                calendar_overrides=calendar_overrides(),
                rule_overrides=rule_overrides(),
            )
    if request.htmx and question:  # type: ignore[attr-defined]
        return render(request, "rulebook/_answer.html", {"answer": answer, "form": bound.get(question)})
    missing = ""
    try:
        book = rulebook(on)
        entries = list_rules(book)
    except NoRulebookError as exc:
        book, entries, missing = None, (), str(exc)
    context = {
        "on": on,
        "book": book,
        "entries": entries,
        "missing": missing,
        "forms": bound,
        "question": question,
        "answer": answer,
    }
    return render(request, "rulebook/lookup.html", context)
