"""The framework is data: the default loads, a second one works, bad ones are refused."""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from model.framework import default_framework, parse_framework


def test_default_framework_has_the_four_basic_experiences():
    fw = default_framework()
    assert [f.key for f in fw.fields_for({})] == [
        "autonomy",
        "competence",
        "relatedness",
        "beneficence",
    ]
    assert [c.key for c in fw.errc.categories] == ["reduce", "create", "raise", "eliminate"]
    assert fw.version >= 1


def test_customer_value_quadrant_only_when_the_round_switches_it_on():
    fw = default_framework()
    assert len(fw.fields_for({})) == 4
    assert len(fw.fields_for({"customer_value": True})) == 8


def test_lights_have_distinct_symbols_and_words():
    fw = default_framework()
    assert len({light.symbol for light in fw.lights}) == 3
    assert fw.light_text("green", "en").startswith(fw.light("green").symbol)


def second_framework() -> dict:
    data = copy.deepcopy(default_framework().model_dump(mode="json"))
    data["key"] = "pilot"
    data["quadrants"] = [data["quadrants"][0]]
    data["quadrants"][0]["fields"] = [
        {
            "key": "flow",
            "label": {"fi": "Työn sujuvuus", "en": "Flow of work"},
            "prompt": {"fi": "Sujuuko työ?", "en": "Does the work flow?"},
            "help": {"fi": "Työ etenee ilman turhia katkoja.", "en": "Work goes on without stops."},
        },
        {
            "key": "voice",
            "label": {"fi": "Äänen kuuluminen", "en": "Being heard"},
            "prompt": {"fi": "Kuullaanko sinua?", "en": "Are you heard?"},
            "help": {"fi": "Mielipiteesi vaikuttaa.", "en": "Your view matters."},
        },
    ]
    return data


def test_a_second_framework_loads():
    fw = parse_framework(second_framework())
    assert [f.key for f in fw.fields_for({})] == ["flow", "voice"]


def test_missing_translation_is_refused():
    data = second_framework()
    data["quadrants"][0]["fields"][0]["label"]["en"] = " "
    with pytest.raises(ValidationError):
        parse_framework(data)


def test_duplicate_field_keys_are_refused():
    data = second_framework()
    data["quadrants"][0]["fields"][1]["key"] = "flow"
    with pytest.raises(ValidationError):
        parse_framework(data)
