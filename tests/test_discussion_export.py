"""The one-page discussion export: PDF text and layout, Excel content and formula safety."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from exports import discussion
from exports.discussion import discussion_pdf, discussion_xlsx
from model import i18n, texts_discussion_export
from model.discussions import (
    ActionView,
    DiscussionSummary,
    FollowUp,
    NoteView,
    SharedAssessment,
)
from model.framework import default_framework

DAY = dt.date(2025, 3, 14)
CREATED = dt.datetime(2025, 3, 14, 10, 0, tzinfo=dt.UTC)
FW = default_framework()


def action(
    title: str,
    *,
    status: str = "planned",
    owner: str = "employee",
    due_on: dt.date | None = dt.date(2025, 6, 30),
    overdue: bool = False,
    means: str = "Sovitaan viikoittainen tunti omalle kehittämiselle.",
    measure: str = "Tunti toteutuu kolmena viikkona neljästä.",
    field_key: str | None = "autonomy",
    category: str | None = "create",
    area: str | None = "culture",
    number: int = 1,
) -> ActionView:
    return ActionView(
        id=number,
        discussion_id=7,
        title=title,
        means=means,
        owner=owner,
        measure=measure,
        time_span="3 kk",
        due_on=due_on,
        status=status,
        field_key=field_key,
        category=category,
        area=area,
        created_at=CREATED,
        overdue=overdue,
    )


def shared(round_name: str, opens_on: dt.date, lights: dict[str, str]) -> SharedAssessment:
    return SharedAssessment(
        assessment_id=1,
        round_id=1,
        round_name=round_name,
        opens_on=opens_on,
        framework=FW,
        lights=lights,
        reasons=dict.fromkeys(lights, "Henkilökohtainen perustelu, ei yhteenvetoon"),
        notes=[NoteView(1, "reduce", "me", None, "Yksityinen muistiinpano", None)],
    )


def typical(**changes) -> DiscussionSummary:
    """A typical discussion: 4 fields with a previous round, 6 actions, 3 follow-ups, 4 points."""
    actions = [
        action("Oma kehittämistunti", status="planned", number=1),
        action(
            "Mentorointi uudelle kollegalle",
            status="in_progress",
            owner="supervisor",
            field_key="competence",
            category="raise",
            area="organising",
            number=2,
        ),
        action(
            "Palaverikäytäntöjen karsinta",
            status="done",
            owner="team",
            field_key="relatedness",
            category="eliminate",
            area="information_flows",
            number=3,
        ),
        action("Asiakaspalautteen jakaminen", status="dropped", category=None, number=4),
        action(
            "Työnkuvan selkeyttäminen",
            overdue=True,
            due_on=dt.date(2025, 2, 1),
            field_key=None,
            area=None,
            number=5,
        ),
        action(
            "Keskittymisaika kalenteriin",
            means="Kaksi aamupäivää viikossa ilman kokouksia; tiimi sopii yhteisen käytännön.",
            category="reduce",
            area="context",
            number=6,
        ),
    ]
    follow_ups = [
        FollowUp(action("Perehdytyksen päivitys", status="done", number=11), "in_progress"),
        FollowUp(
            action("Koulutussuunnitelma", status="in_progress", overdue=True, number=12),
            "planned",
        ),
        FollowUp(action("Tiimipäivän järjestäminen", status="dropped", number=13), "planned"),
    ]
    summary = DiscussionSummary(
        discussion_id=7,
        person_id=3,
        person_name="Aino Virtanen",
        supervisor_name="Pekka Korhonen",
        date=DAY,
        held=True,
        assessment=shared(
            "Kevät 2025",
            dt.date(2025, 2, 1),
            {
                "autonomy": "green",
                "competence": "yellow",
                "relatedness": "red",
                "beneficence": "green",
            },
        ),
        previous=shared(
            "Syksy 2024",
            dt.date(2024, 9, 1),
            {
                "autonomy": "yellow",
                "competence": "yellow",
                "relatedness": "green",
                "beneficence": "green",
            },
        ),
        agreed=actions,
        follow_ups=follow_ups,
        agenda=[
            "Työkuorman tasaus syksyllä",
            "Osallistuminen asiakasprojektiin",
            "Etätyöpäivien käytäntö",
            "Koulutustoiveet ensi vuodelle",
        ],
    )
    for key, value in changes.items():
        setattr(summary, key, value)
    return summary


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), text


def flat(text: str) -> str:
    """Text with every run of whitespace as one space (lines wrap where the column ends)."""
    return re.sub(r"\s+", " ", text)


def sheet_values(data: bytes) -> tuple[object, list[object]]:
    wb = load_workbook(io.BytesIO(data))
    assert len(wb.worksheets) == 1
    ws = wb.worksheets[0]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    return ws, values


# --- PDF ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_pdf_has_the_whole_content_in_the_language(lang):
    summary = typical()
    pages, text = pdf_text(discussion_pdf(summary, lang))
    text = flat(text)
    assert i18n.t("dexp.title", lang) in text
    assert "Aino Virtanen" in text
    assert "Pekka Korhonen" in text
    assert i18n.date_text(DAY, lang) in text
    assert i18n.t("discussion.held", lang, date=i18n.date_text(DAY, lang)) in text
    for a in summary.agreed:
        assert a.title in text
    for status in ("planned", "in_progress", "done", "dropped"):
        assert i18n.t(f"action.status.{status}", lang) in text
    assert i18n.t("action.owner.supervisor", lang) in text
    assert i18n.t("action.overdue", lang) in text
    for key in ("red", "yellow", "green"):
        assert FW.light_text(key, lang) in text
    assert FW.field_label("relatedness", lang) in text
    assert i18n.t("dexp.change.down", lang) in text
    assert i18n.t("dexp.change.up", lang) in text
    assert i18n.t("dexp.change.same", lang) in text
    for f in summary.follow_ups:
        assert f.action.title in text
    then_now = (
        f"{i18n.t('action.status.planned', lang)} → {i18n.t('action.status.in_progress', lang)}"
    )
    assert then_now in text
    for point in summary.agenda:
        assert point in text
    assert FW.category("eliminate").label.get(lang) in text
    assert "Kevät 2025" in text
    assert "Syksy 2024" in text
    for heading in ("dexp.lights", "dexp.actions", "dexp.follow_ups", "dexp.agenda"):
        assert i18n.t(heading, lang) in text
    assert flat(i18n.t("dexp.footer", lang)) in text
    # Reasons and notes are personal and long: not on the one page.
    assert "Henkilökohtainen perustelu" not in text
    assert "Yksityinen muistiinpano" not in text
    # The other language does not leak in.
    other = "en" if lang == "fi" else "fi"
    assert i18n.t("dexp.title", other) not in text


def test_pdf_metadata_title_and_fonts_are_embedded():
    reader = PdfReader(io.BytesIO(discussion_pdf(typical(), "fi")))
    assert reader.metadata.title.startswith("Kehityskeskustelun yhteenveto")
    assert "Aino Virtanen" in reader.metadata.title
    fonts = str(reader.pages[0]["/Resources"]["/Font"].get_object())
    assert "/F" in fonts


def test_typical_summary_is_one_page():
    pages, _ = pdf_text(discussion_pdf(typical(), "fi"))
    assert pages == 1


def test_eight_actions_five_follow_ups_five_points_eight_fields_fit_one_page():
    fields = [f.key for f in FW.all_fields()]
    assert len(fields) == 8
    lights = dict(zip(fields, ["red", "yellow", "green", "green"] * 2, strict=True))
    summary = typical(
        assessment=shared("Kevät 2025", dt.date(2025, 2, 1), lights),
        previous=shared("Syksy 2024", dt.date(2024, 9, 1), dict.fromkeys(fields, "yellow")),
        agreed=[action(f"Toimenpide numero {i}", number=i) for i in range(8)],
        follow_ups=[
            FollowUp(action(f"Aiempi asia {i}", number=20 + i), "planned") for i in range(5)
        ],
        agenda=[f"Asialistan kohta {i}" for i in range(5)],
    )
    for lang in ("fi", "en"):
        pages, text = pdf_text(discussion_pdf(summary, lang))
        assert pages == 1, lang
        assert "Toimenpide numero 7" in text
        assert FW.field_label("co_creation", lang) in flat(text)


def test_long_content_continues_on_more_pages_without_losing_text():
    long_means = "Pitkä kuvaus keinoista, joka jatkuu ja jatkuu. " * 12
    agreed = [
        action(f"Pitkä toimenpide {i:02d} " + "sanoja " * 20, means=long_means, number=i)
        for i in range(25)
    ]
    agreed[-1].title = "Viimeinen toimenpide"
    data = discussion_pdf(typical(agreed=agreed), "fi")
    pages, text = pdf_text(data)
    assert pages >= 3
    text = flat(text)
    assert "Viimeinen toimenpide" in text
    for i in range(24):
        assert f"Pitkä toimenpide {i:02d}" in text
    # The sections after the actions are still there, in full.
    assert "Koulutustoiveet ensi vuodelle" in text
    assert "Sivu 1/" in text
    assert f"Sivu {pages}/{pages}" in text


def test_a_row_taller_than_a_page_is_split_not_cut():
    words = [f"sana{i:03d}" for i in range(700)]
    huge = action("Valtava toimenpide", means=" ".join(words), measure="Mittari " * 150)
    pages, text = pdf_text(discussion_pdf(typical(agreed=[huge]), "fi"))
    assert pages >= 2
    found = set(re.findall(r"sana\d{3}", text))
    assert found == set(words)


def test_nothing_shared_still_gives_the_page():
    summary = typical(assessment=None, previous=None, held=False, follow_ups=[], agenda=[])
    for lang in ("fi", "en"):
        pages, text = pdf_text(discussion_pdf(summary, lang))
        text = flat(text)
        assert pages == 1
        assert i18n.t("dexp.no_assessment", lang) in text
        assert i18n.t("discussion.open", lang) in text
        assert "Aino Virtanen" in text
        assert "Pekka Korhonen" in text
        assert "Oma kehittämistunti" in text
        assert i18n.t("dexp.follow_ups_empty", lang) in text
        assert i18n.t("dexp.agenda_empty", lang) in text
        assert FW.light_text("green", lang) not in text


def test_empty_discussion_without_previous():
    summary = typical(previous=None, agreed=[], follow_ups=[], agenda=[])
    pages, text = pdf_text(discussion_pdf(summary, "en"))
    text = flat(text)
    assert pages == 1
    assert i18n.t("dexp.actions_empty", "en") in text
    assert i18n.t("dexp.no_previous", "en") in text
    assert i18n.t("dexp.col.change", "en") not in text
    assert FW.light_text("red", "en") in text


def test_user_text_is_printed_literally():
    tricky = "<b>x</b> **y** =1+1 __z__ {nb} &amp;"
    summary = typical(
        agenda=[tricky],
        person_name="**Aino** <i>V</i>",
        agreed=[action("--ei yliviivausta-- ~~x~~", means="<script>1</script>")],
    )
    _, text = pdf_text(discussion_pdf(summary, "fi"))
    assert tricky in text
    assert "**Aino** <i>V</i>" in text
    assert "--ei yliviivausta-- ~~x~~" in text
    assert "<script>1</script>" in text


def test_control_characters_and_unknown_keys_do_not_crash():
    odd = action(
        "Rivi\r\nrivi\ttab\x00\x07",
        owner="someone",
        status="archived",
        field_key="old_field",
        category="shrink",
        area="old_area",
    )
    summary = typical(agreed=[odd], agenda=["\x0b\n  "])
    summary.assessment.lights["old_field"] = "green"
    _, text = pdf_text(discussion_pdf(summary, "fi"))
    assert "tab" in text
    assert "old_field" in text
    assert "shrink" in text
    _, values = sheet_values(discussion_xlsx(summary, "fi"))
    assert any(isinstance(v, str) and "rivi tab" in v for v in values)


# --- Excel ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_xlsx_has_the_content(lang):
    summary = typical()
    ws, values = sheet_values(discussion_xlsx(summary, lang))
    assert ws.title == i18n.t("dexp.sheet", lang)
    texts = "\n".join(str(v) for v in values)
    assert i18n.t("dexp.title", lang) in values
    assert "Aino Virtanen" in values
    assert "Pekka Korhonen" in values
    assert dt.datetime(2025, 3, 14) in values  # the date as a real date
    for a in summary.agreed:
        assert a.title in values
        assert a.means in values
    for key in ("red", "yellow", "green"):
        assert FW.light_text(key, lang) in values
    assert i18n.t("dexp.change.down", lang) in values
    assert f"{i18n.t('action.status.done', lang)}" in values
    assert i18n.t("action.overdue", lang) in texts
    for f in summary.follow_ups:
        assert f.action.title in values
    for point in summary.agenda:
        assert f"• {point}" in values
    assert i18n.t("dexp.footer", lang) in values
    assert "Henkilökohtainen perustelu" not in texts
    # The export's own texts never need the formula guard (it would show as a stray apostrophe).
    assert not [v for v in values if isinstance(v, str) and v.startswith("'")]
    # Printable: A4 portrait, one page wide.
    assert ws.page_setup.orientation == "portrait"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["A"].width >= 20


@pytest.mark.parametrize("title", ["=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3"])
def test_xlsx_never_holds_a_formula(title):
    summary = typical(
        agreed=[action(title, means='=HYPERLINK("http://x")', measure="@A1")],
        agenda=["=2*3"],
        person_name="=Aino",
    )
    ws, _ = sheet_values(discussion_xlsx(summary, "fi"))
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    stored = {c.value: c for c in cells}
    assert "'" + title in stored
    assert stored["'" + title].data_type == "s"
    assert "'=Aino" in stored
    assert '\'=HYPERLINK("http://x")' in stored


def test_xlsx_nothing_shared():
    summary = typical(assessment=None, previous=None, agreed=[], follow_ups=[], agenda=[])
    _, values = sheet_values(discussion_xlsx(summary, "en"))
    assert i18n.t("dexp.no_assessment", "en") in values
    assert i18n.t("dexp.actions_empty", "en") in values
    assert not [v for v in values if isinstance(v, str) and v.startswith(("■", "▲", "●"))]


# --- Texts and fonts ------------------------------------------------------------------------


def test_export_texts_exist_in_both_languages():
    assert texts_discussion_export.TEXTS
    for key, entry in texts_discussion_export.TEXTS.items():
        assert set(entry) == {"fi", "en"}, key
        assert entry["fi"].strip(), key
        assert entry["en"].strip(), key
        assert i18n.TEXTS[key] is entry


def test_every_text_key_the_export_uses_exists():
    source = Path(discussion.__file__).read_text(encoding="utf-8")
    keys = set(re.findall(r'(?:tx|i18n\.t)\(\s*"([a-z_.]+)"', source))
    assert len(keys) > 15
    assert not [k for k in keys if k not in i18n.TEXTS]
    prefixes = re.findall(r'"((?:action|dexp)\.[a-z_]+\.)"', source)
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in i18n.TEXTS), prefix


def test_fonts_and_licence_are_vendored():
    fonts = Path(discussion.__file__).parent / "fonts"
    assert (fonts / "DejaVuSans.ttf").stat().st_size > 100_000
    assert (fonts / "DejaVuSans-Bold.ttf").stat().st_size > 100_000
    assert "Bitstream Vera" in (fonts / "LICENSE.txt").read_text(encoding="utf-8")
