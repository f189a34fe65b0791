"""The preview's answers to near matches, kept with the staged upload.

A near match ("Bản Cám" in the file, "Bản Cầm" in the tree) is shown as a question
with one radio button per choice (use the existing record / create a new one); the
answers go into the staged upload's options under "near", and the next preview and
the apply run with them. "Fix the file" is uploading a corrected file instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ketnap.imports.matching import NearChoices, NearPolicy, NearQuestion
from ketnap.imports.models import StagedImport

ANSWER_ACTION = "answer_near"
_FIELD = "near__"


def choices_of(staged: StagedImport) -> NearChoices:
    return NearChoices.from_json(staged.options.get("near"))


def is_answer(post: Mapping[str, Any]) -> bool:
    return post.get("action") == ANSWER_ACTION


def save_answers(staged: StagedImport, post: Mapping[str, Any], questions: Iterable[NearQuestion]) -> int:
    """Store the radio answers for the questions asked; returns how many were answered."""
    choices = choices_of(staged)
    answered = 0
    for question in questions:
        value = post.get(_FIELD + question.key)
        if value == NearPolicy.ACCEPT or (value == NearPolicy.CREATE and question.may_create):
            choices.by_name[question.key] = NearPolicy(value)
            answered += 1
    staged.options = {**staged.options, "near": choices.as_json()}
    staged.save(update_fields=["options"])
    return answered


def field_name(question: NearQuestion) -> str:
    return _FIELD + question.key
