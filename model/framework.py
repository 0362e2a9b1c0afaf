"""The assessment framework as data: quadrants, fields, lights, ERRC, obstacles (A2 groundwork).

Nothing about a field is hard-coded elsewhere: pages and exports ask a ``Framework`` object.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

FRAMEWORK_DIR = Path(__file__).resolve().parent / "frameworks"
DEFAULT_PATH = FRAMEWORK_DIR / "default.json"
LANGUAGES = ("fi", "en")


class Text(BaseModel):
    """A text in every supported language."""

    model_config = ConfigDict(frozen=True)
    fi: str
    en: str

    @field_validator("fi", "en")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text must not be blank")
        return value

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.fi


class LightDef(BaseModel):
    key: str
    symbol: str
    colour: str
    label: Text
    meaning: Text


class FieldDef(BaseModel):
    key: str
    label: Text
    prompt: Text
    help: Text


class Quadrant(BaseModel):
    key: str
    optional: bool = False
    title: Text
    intro: Text
    fields: list[FieldDef]


class Labelled(BaseModel):
    key: str
    label: Text


class Category(Labelled):
    question: Text


class Errc(BaseModel):
    categories: list[Category]
    levels: list[Labelled]


class Framework(BaseModel):
    key: str
    version: int
    name: Text
    source: Text
    lights: list[LightDef]
    quadrants: list[Quadrant]
    errc: Errc
    obstacles: list[Labelled] = []
    development_areas: list[Labelled] = []
    community_capability: list[Labelled] = []

    @model_validator(mode="after")
    def _check(self) -> Framework:
        if [light.key for light in self.lights] != ["red", "yellow", "green"]:
            raise ValueError("lights must be red, yellow, green in that order")
        keys = [f.key for q in self.quadrants for f in q.fields]
        if len(keys) != len(set(keys)):
            raise ValueError("field keys must be unique across quadrants")
        if not any(not q.optional for q in self.quadrants):
            raise ValueError("a framework needs at least one quadrant that is not optional")
        return self

    def quadrants_for(self, modules: dict | None = None) -> list[Quadrant]:
        """The quadrants a round asks: the core ones plus optional ones it switched on."""
        modules = modules or {}
        return [q for q in self.quadrants if not q.optional or modules.get(q.key)]

    def fields_for(self, modules: dict | None = None) -> list[FieldDef]:
        return [f for q in self.quadrants_for(modules) for f in q.fields]

    def all_fields(self) -> list[FieldDef]:
        return [f for q in self.quadrants for f in q.fields]

    def field(self, key: str) -> FieldDef:
        for f in self.all_fields():
            if f.key == key:
                return f
        raise KeyError(key)

    def field_label(self, key: str | None, lang: str) -> str:
        if key is None:
            return ""
        try:
            return self.field(key).label.get(lang)
        except KeyError:
            return key  # a field from an older framework version

    def light(self, key: str) -> LightDef:
        return next(light for light in self.lights if light.key == key)

    def light_text(self, key: str, lang: str) -> str:
        """Symbol and word together, so that colour is never the only cue (N6)."""
        light = self.light(key)
        return f"{light.symbol} {light.label.get(lang)}"

    def category(self, key: str) -> Category:
        return next(c for c in self.errc.categories if c.key == key)

    def level_label(self, key: str, lang: str) -> str:
        return next(lv.label.get(lang) for lv in self.errc.levels if lv.key == key)


def parse_framework(data: dict) -> Framework:
    return Framework.model_validate(data)


def load_framework(path: Path | str) -> Framework:
    return parse_framework(json.loads(Path(path).read_text(encoding="utf-8")))


@cache
def default_framework() -> Framework:
    return load_framework(DEFAULT_PATH)
