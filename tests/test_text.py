"""Text in at one boundary (model.text) and out as text (markdown_literal, exports.safe)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from exports.safe import clean, safe_value
from model import text
from model.assessments import AssessmentInput, NoteInput
from model.discussions import ActionInput
from model.rounds import RoundError, parse_round_input

ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()))
REMOVED = [
    "\x00",
    "\x01",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x9b",
    "\ud800",
    "\udfff",
    "\u202a",
    "\u202e",
    "\u2066",
    "\u2069",
    "\ufffe",
    "\uffff",
    "\ufdd0",
    "\U0001fffe",
]


@pytest.mark.parametrize("char", REMOVED, ids=[f"U+{ord(c):04X}" for c in REMOVED])
def test_invisible_characters_are_removed_and_the_text_kept(char):
    assert text.paragraph(f"Hyvä{char} päivä") == "Hyvä päivä"
    assert text.line(f"Otsikko{char}") == "Otsikko"


def test_line_breaks_are_normalised_and_lines_have_none():
    assert text.paragraph("a\r\nb\rc\u2028d\u2029e\x85f") == "a\nb\nc\nd\ne\nf"
    assert text.paragraph("  sisennys\n\tja sarkain  ") == "sisennys\n\tja sarkain"
    assert text.line("yksi\nkaksi\tkolme") == "yksi kaksi kolme"


def test_text_is_nfc_and_direction_marks_stay():
    assert text.paragraph("a\u0308") == "ä"
    assert text.paragraph("\u200fשלום\u200e") == "\u200fשלום\u200e"  # RLM and LRM are harmless


@given(ANY_TEXT)
def test_cleaning_is_idempotent_and_leaves_nothing_a_file_or_database_refuses(value):
    cleaned = text.paragraph(value)
    assert text.paragraph(cleaned) == cleaned
    cleaned.encode("utf-8")  # no lone surrogate: PostgreSQL and every export need UTF-8
    assert "\x00" not in cleaned
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069\ufffe\uffff]", cleaned)
    line = text.line(value)
    assert "\n" not in line
    assert "\t" not in line


@given(ANY_TEXT)
def test_every_input_model_applies_the_boundary(value):
    note = NoteInput(category="reduce", level="self", text=value)
    assert note.text == text.paragraph(value)
    answer = AssessmentInput(reasons={"autonomy": value})
    assert answer.reasons["autonomy"] == text.paragraph(value)
    action = ActionInput(title=value, means=value, measure=value, time_span=value)
    assert action.title == action.measure == action.time_span == text.line(value)
    assert action.means == text.paragraph(value)


def test_round_name_is_cleaned_and_an_invisible_name_is_empty():
    values = {
        "kind": "reflection",
        "opens_on": "2026-12-01",
        "closes_on": "2026-12-31",
        "scope": [1],
    }
    assert parse_round_input({**values, "name": "Syksy\x00 2026\u202e"}).name == "Syksy 2026"
    with pytest.raises(RoundError) as error:
        parse_round_input({**values, "name": "\x00\x0b\u202e"})
    assert error.value.code == "round_name_empty"


def test_a_validation_error_never_quotes_the_typed_text():
    with pytest.raises(ValidationError) as error:
        ActionInput(title="Salainen asia", owner="nobody")
    assert "Salainen" not in str(error.value)


def test_exports_clean_nested_data_and_neutralise_formulas():
    data = {"notes": [{"text": "a\x1bb\u202e"}], "title": ("=1+1\x00",)}
    assert clean(data) == {"notes": [{"text": "ab"}], "title": ["=1+1"]}
    assert safe_value("=1+1\x0b") == "'=1+1"
    assert safe_value(3) == 3


HOSTILE = {
    "url": "https://evil.example/x",
    "www": "www.evil.example",
    "mail": "mail@evil.example",
    "icon": ":material/home:",
    "emoji": ":smile:",
    "colour": ":red[RED]",
    "maths": "$x^2$",
    "bold": "**bold** _it_",
    "link": "[l](http://evil.example)",
    "image": "![i](http://evil.example/i.png)",
    "html": "<b>h</b><script>x</script>",
    "heading": "# Heading",
    "list": "1. one",
}


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_markdown_literal_leaves_nothing_markdown_or_streamlit_would_act_on(value):
    out = text.markdown_literal(value)
    # GFM autolinks (mdast-util-gfm-autolink-literal) and Streamlit's icons, emoji and colours
    # work on the text after escapes are resolved: the patterns themselves must be broken.
    unescaped = re.sub(r"\\(.)", r"\1", out)
    assert not re.search(r"(?i)https?://|www\.|mailto:|ftp:", unescaped)
    assert not re.search(r"[\w.+-]@[\w-]", unescaped)
    assert not re.search(r":[\w/-]+:|:[a-z]+\[", unescaped)
    # Everything else Markdown would act on is backslash-escaped.
    assert not re.search(r"(?<!\\)[*_`$\[\]()<>#!|~]", out)
    # And what a reader sees is the text itself, only with invisible joiners.
    assert unescaped.replace("\u2060", "") == value


def test_markdown_literal_keeps_line_breaks_and_plain_punctuation_readable():
    assert text.markdown_literal("klo 9: kokous\nrivi") == "klo 9\\: kokous  \nrivi"


def test_labels_that_would_repeat_get_a_number_and_others_stay():
    assert text.distinct_labels(["Syksy", "Kevät", "Syksy"]) == ["Syksy (1)", "Kevät", "Syksy (2)"]
    assert text.distinct_labels(["a", "b"]) == ["a", "b"]
