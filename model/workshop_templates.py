"""Workshop templates as data (PRODUCT.md F3): the two Tampere question sets, the Pori task cards,
an ERRC grid per basic experience and a blank workshop, in every language the app offers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from model.framework import FRAMEWORK_DIR, Framework, Text

TEMPLATES_PATH = FRAMEWORK_DIR / "workshop_templates.json"
BLANK = "blank"
ERRC = "errc"
ANY_LANGUAGE = "*"  # a question typed by the facilitator is the same text in every language


class _QuestionData(BaseModel):
    key: str
    text: Text


class _TemplateData(BaseModel):
    key: str
    label: Text
    description: Text
    per_field: bool = False
    questions: list[_QuestionData] = []


@dataclass(frozen=True)
class Template:
    """A template the facilitator picks: ``key`` is stored on the workshop ("errc:autonomy")."""

    key: str
    label: dict[str, str]
    description: dict[str, str]
    questions: tuple[dict[str, Any], ...]  # empty for the blank one: the facilitator writes them


@cache
def _data() -> tuple[_TemplateData, ...]:
    raw = json.loads(TEMPLATES_PATH.read_text(encoding="utf-8"))
    return tuple(_TemplateData.model_validate(t) for t in raw["templates"])


def _texts(text: Text) -> dict[str, str]:
    return text.model_dump()


def core_fields(framework: Framework) -> list:
    """The basic experiences: the fields of the quadrants every round has."""
    return [f for q in framework.quadrants if not q.optional for f in q.fields]


def templates(framework: Framework) -> list[Template]:
    """Every template, with the ERRC grid once per basic experience of ``framework``."""
    found: list[Template] = []
    for data in _data():
        if not data.per_field:
            questions = tuple(
                {"key": q.key, "text": _texts(q.text), "category": None, "field_key": None}
                for q in data.questions
            )
            found.append(
                Template(data.key, _texts(data.label), _texts(data.description), questions)
            )
            continue
        for field in core_fields(framework):
            field_label = _texts(field.label)
            label = {
                lang: text.format(field=field_label[lang])
                for lang, text in _texts(data.label).items()
            }
            questions = tuple(
                {
                    "key": category.key,
                    "text": {
                        lang: f"{category.label.get(lang)}: {category.question.get(lang)}"
                        for lang in field_label
                    },
                    "category": category.key,
                    "field_key": field.key,
                }
                for category in framework.errc.categories
            )
            found.append(
                Template(f"{data.key}:{field.key}", label, _texts(data.description), questions)
            )
    return found


def template(framework: Framework, key: str) -> Template | None:
    return next((t for t in templates(framework) if t.key == key), None)


def question_text(question: dict[str, Any], lang: str) -> str:
    texts = question["text"]
    return texts.get(ANY_LANGUAGE) or texts.get(lang) or texts.get("fi") or ""
