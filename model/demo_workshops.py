"""The demo's workshops: one held on an early round, with its themes, votes and actions (so later
rounds show how the unit's lights moved since), and one planned on the annual clock."""

from __future__ import annotations

import datetime as dt
import random

from sqlmodel import Session

from model.framework import default_framework
from model.tables import (
    Action,
    ActionStatus,
    ActionUpdate,
    Round,
    Workshop,
    WorkshopNote,
    WorkshopPhase,
    WorkshopTheme,
)
from model.workshop_templates import template

# (theme, dots, notes as (question key, text)); the workshop used the Tampere 1 questions.
_THEMES = (
    (
        "Aikaa lasten kohtaamiseen",
        9,
        (
            ("goal", "Rauhallisia hetkiä lasten kanssa ilman kiirettä"),
            ("actions", "Siirretään kirjaamiset yhteen kohtaan päivää"),
            ("community", "Sovitaan, kuka vastaa mistäkin aamun aikana"),
        ),
    ),
    (
        "Tieto kulkee",
        6,
        (
            ("actions", "Viikkotiedote koko talolle perjantaisin"),
            ("community", "Vuorolistan muutokset näkyviin yhteen paikkaan"),
        ),
    ),
    (
        "Osaaminen jakoon",
        4,
        (
            ("goal", "Opitaan toisiltamme, ei vain koulutuksissa"),
            ("actions", "Kuukauden vinkki -hetki tiimipalaverissa"),
        ),
    ),
)
_ACTIONS = (
    (
        0,
        "Kirjaamisille oma aika",
        "Kirjaamiset tehdään päivälepoaikana; aamuisin ei kirjata.",
        "Kirjaamiseen käytetty aika aamuisin (seuranta kahden viikon ajan)",
        "autonomy",
        "reduce",
        "organising",
        ActionStatus.done,
    ),
    (
        1,
        "Perjantain viikkotiedote",
        "Vuorovastaava kokoaa tiedotteen, joka jaetaan kaikille perjantaisin.",
        "Tiedote on lähtenyt joka viikko; kysely puolen vuoden kohdalla",
        "relatedness",
        "create",
        "information_flows",
        ActionStatus.in_progress,
    ),
    (
        2,
        "Kuukauden vinkki",
        "Joka kuukausi yksi meistä näyttää muille jonkin toimivan tavan.",
        "Vinkkejä pidetty kuusi kertaa vuodessa",
        "competence",
        "raise",
        "culture",
        ActionStatus.planned,
    ),
)


def add_workshops(
    session: Session,
    *,
    organisation_id: int,
    held_unit_id: int,
    planned_unit_id: int,
    facilitator_id: int,
    rounds: list[Round],
    today: dt.date,
    seed: int,
) -> int:
    """A held (closed) workshop on the second round and a planned one; returns how many."""
    rng = random.Random(seed)
    framework = default_framework()
    baseline = rounds[1]
    held = Workshop(
        organisation_id=organisation_id,
        unit_id=held_unit_id,
        round_id=baseline.id,
        name="Merkityksellisyys tavoitteeksi",
        template="tampere1",
        planned_on=min(baseline.closes_on + dt.timedelta(days=7), today),
        status=WorkshopPhase.closed,
        created_by=facilitator_id,
        questions=[dict(q) for q in template(framework, "tampere1").questions],
        vote_budget=3,
    )
    session.add(held)
    session.flush()
    themes = []
    for position, (title, dots, notes) in enumerate(_THEMES, start=1):
        theme = WorkshopTheme(workshop_id=held.id, title=title, position=position, votes=dots)
        session.add(theme)
        session.flush()
        themes.append(theme)
        for question, text in notes:
            session.add(
                WorkshopNote(
                    workshop_id=held.id,
                    ref=f"{rng.getrandbits(64):016x}",
                    question_key=question,
                    text=text,
                    theme_id=theme.id,
                )
            )
    for theme_index, title, means, measure, field_key, category, area, status in _ACTIONS:
        action = Action(
            workshop_id=held.id,
            unit_id=held_unit_id,
            theme_id=themes[theme_index].id,
            title=title,
            means=means,
            owner="team",
            measure=measure,
            time_span="kevät",
            status=status,
            field_key=field_key,
            category=category,
            area=area,
            created_by=facilitator_id,
        )
        session.add(action)
        session.flush()
        session.add(
            ActionUpdate(action_id=action.id, author_id=facilitator_id, status=ActionStatus.planned)
        )
        if status != ActionStatus.planned:
            session.add(ActionUpdate(action_id=action.id, author_id=facilitator_id, status=status))
    planned = Workshop(
        organisation_id=organisation_id,
        unit_id=planned_unit_id,
        round_id=rounds[-2].id,
        name="Neljä peruskokemusta meillä",
        template="tampere2",
        join_code="".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6)),
        planned_on=today + dt.timedelta(days=14),
        status=WorkshopPhase.planned,
        created_by=facilitator_id,
        questions=[dict(q) for q in template(framework, "tampere2").questions],
        allow_guests=False,
        vote_budget=3,
    )
    session.add(planned)
    session.flush()
    return 2
