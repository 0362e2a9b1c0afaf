"""Finnish first, English complete: every text in both languages, no literal UI strings."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from model import i18n
from model.framework import default_framework
from model.navigation import PAGES, SIGNIN
from model.tables import Sharing

ROOT = Path(__file__).resolve().parent.parent
UI_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
# Streamlit calls whose text arguments a user reads.
TEXT_CALLS = {
    "title",
    "header",
    "subheader",
    "write",
    "markdown",
    "caption",
    "text",
    "info",
    "warning",
    "error",
    "success",
    "button",
    "download_button",
    "radio",
    "selectbox",
    "checkbox",
    "text_input",
    "text_area",
    "expander",
    "metric",
    "form_submit_button",
    "toast",
    "Page",
}
TEXT_KEYWORDS = {"label", "help", "placeholder", "title", "caption", "captions"}


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(i18n.TEXTS))
def test_every_text_exists_in_every_language_with_the_same_placeholders(key):
    entry = i18n.TEXTS[key]
    assert set(entry) == set(i18n.LANGUAGES), f"{key} lacks a language"
    assert all(entry[lang].strip() for lang in i18n.LANGUAGES), f"{key} has a blank text"
    assert _fields(entry["fi"]) == _fields(entry["en"]), f"{key} placeholders differ"


def _t_keys(tree: ast.AST) -> list[tuple[str, bool]]:
    """(key or f-string prefix, is_prefix) for every t(...) call."""
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "t"
        ):
            if not node.args:
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append((arg.value, False))
            elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                found.append((arg.values[0].value, True))
    return found


@pytest.mark.parametrize("path", UI_FILES + sorted((ROOT / "model").glob("*.py")), ids=str)
def test_every_text_key_used_exists(path):
    for key, is_prefix in _t_keys(ast.parse(path.read_text())):
        if is_prefix:
            assert any(k.startswith(key) for k in i18n.TEXTS), f"no key starts with {key!r}"
        else:
            assert key in i18n.TEXTS, f"{path.name} uses missing text {key!r}"


def test_composed_keys_exist():
    keys = [f"nav.{p.key}" for p in (*PAGES, SIGNIN)]
    keys += [f"sharing.{s.value}" for s in Sharing] + [
        f"sharing.{s.value}.explain" for s in Sharing
    ]
    keys += [f"assess.influence.{k}" for k in ("yes", "no", "unsure")]
    keys += [f"assess.status.{k}" for k in ("none", "draft", "submitted")]
    keys += [f"role.{r}" for r in ("employee", "supervisor", "facilitator", "admin")]
    keys += [f"org.{k}" for k in ("units", "teams", "people", "rounds")]
    keys += [f"org.col.{k}" for k in ("unit", "team", "people")]
    missing = [k for k in keys if k not in i18n.TEXTS]
    assert not missing


def test_every_error_code_has_a_message():
    codes = set()
    for path in (ROOT / "model").glob("*.py"):
        codes |= set(re.findall(r'AssessmentError\(\s*"(\w+)"', path.read_text()))
    assert codes, "the scan found no error codes"
    assert not [c for c in codes if f"error.{c}" not in i18n.TEXTS]


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_pages_pass_no_literal_text_to_streamlit(path):
    offenders = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call) or getattr(node.func, "attr", None) not in TEXT_CALLS:
            continue
        args = list(node.args[:1]) + [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        for arg in args:
            literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            # st.Page paths are not texts
            if literal and arg.value.strip() and not arg.value.startswith("pages/"):
                offenders.append(f"line {node.lineno}: {arg.value!r}")
    assert not offenders, offenders


def test_framework_texts_exist_in_both_languages():
    fw = default_framework()
    dumped = fw.model_dump()

    def walk(value):
        if isinstance(value, dict):
            if set(value) == {"fi", "en"}:
                assert value["fi"].strip()
                assert value["en"].strip()
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(dumped)
    assert len(fw.obstacles) == 15


def test_unknown_language_falls_back_to_finnish():
    assert i18n.t("app.logout", "sv") == i18n.TEXTS["app.logout"]["fi"]
