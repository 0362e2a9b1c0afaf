"""Text in, at one boundary: what is done to everything a person types before it is stored or
exported (TRUST.md rule 26).

Every input model and every service that takes typed text passes it through ``paragraph`` (text
that may hold line breaks) or ``line`` (a title, a name). The choice, for every field alike:

- **Removed, not refused**: control characters other than the line break and the tab, lone
  surrogates and Unicode non-characters. They are invisible, a person cannot find them to fix
  them, and they are what broke pages, exports and saves on PostgreSQL (a NUL in a reason took a
  person's history, download and erasure away). Removing them loses nothing anyone could read.
- **Neutralised**: bidirectional embeddings, overrides and isolates (U+202A-U+202E,
  U+2066-U+2069) are removed, so typed text cannot reorder what follows it on a page or in an
  export. The plain direction marks (LRM, RLM, ALM) stay: they change nothing beyond themselves.
- **Normalised**: line breaks (CR LF, CR, U+2028, U+2029, NEL) become ``\\n``, text becomes NFC,
  and leading and trailing white space goes. A ``line`` has no line breaks or tabs at all.
- **Refused**: text longer than its field's cap, with a message in the person's language; the
  services keep the caps beside their other rules (``*_MAX`` constants).

Output goes through the same ``clean`` (``exports.safe``), so rows stored before this boundary
existed cannot break an export either; migration 0006 cleaned those rows once.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Annotated

from pydantic import BeforeValidator

_BREAKS = re.compile(r"\r\n|[\r\u0085\u2028\u2029]")
_NONCHARACTER = r"\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
# C0 and C1 controls except \t and \n, DEL, lone surrogates, bidi embeddings/overrides/isolates,
# non-characters (illegal in XML, so in every xlsx cell).
_REMOVED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"
    + _NONCHARACTER
    + "]"
)
_LINE_SPACE = re.compile(r"[\t\n]+")


def clean(value: str, *, multiline: bool = True, strip: bool = True) -> str:
    """``value`` without what can break a page, an export or a save (see the module docstring).
    ``strip=False`` keeps leading and trailing white space (exports write what was stored)."""
    value = _BREAKS.sub("\n", value)
    value = _REMOVED.sub("", value)
    value = unicodedata.normalize("NFC", value)
    # NFC can compose characters but never produces anything _REMOVED matches.
    if not multiline:
        value = _LINE_SPACE.sub(" ", value)
    return value.strip() if strip else value


def paragraph(value: object) -> str:
    """Typed text that may span lines; ``None`` is empty."""
    return clean("" if value is None else str(value), multiline=True)


def line(value: object) -> str:
    """Typed text on one line (a title, a name, a round's name); ``None`` is empty."""
    return clean("" if value is None else str(value), multiline=False)


# For input models: ``title: text.Line``.
Line = Annotated[str, BeforeValidator(line)]
Paragraph = Annotated[str, BeforeValidator(paragraph)]


# --- text out: Markdown that shows the text and nothing else --------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^\"'])")
# Escaping is not enough: Streamlit's Markdown finds links (http://, www., e-mail addresses) and
# icons (:material/x:, :smile:) in the text after escapes are resolved. An invisible word joiner
# inside each such pattern breaks it and shows nothing.
_JOINER = "\u2060"
# ":material/x:", ":smile:", ":red[x]" and "a@b.c" need a word right after ":" or "@".
_BEFORE_WORD = re.compile(r"[:@](?=\S)")
_AUTOLINK = re.compile(r"(?i)(h)(ttp)|(w)(ww)|(m)(ailto)|(f)(tp)")


def markdown_literal(value: str) -> str:
    """``value`` as Markdown that renders exactly that text: no links, images, icons, colours,
    maths, headings, HTML or formatting (TRUST.md rule 27). For labels and headings, where
    ``st.text`` cannot be used; line breaks are kept."""
    value = _MD_SPECIAL.sub(r"\\\1", paragraph(value))
    value = _AUTOLINK.sub(lambda m: _JOINER.join(g for g in m.groups() if g), value)
    value = _BEFORE_WORD.sub(lambda m: m.group(0) + _JOINER, value)
    return value.replace("\n", "  \n")


def distinct_labels(labels: list[str]) -> list[str]:
    """``labels`` with a number after those that would otherwise repeat ("Syksy (1)",
    "Syksy (2)"): Streamlit sends a choice back as its label, so of two options labelled alike
    (two rounds named the same) only one could ever be chosen."""
    counts = Counter(labels)
    seen: Counter[str] = Counter()
    distinct = []
    for label in labels:
        seen[label] += 1
        distinct.append(label if counts[label] == 1 else f"{label} ({seen[label]})")
    return distinct
