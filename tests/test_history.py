"""My history and my data: chart data, changes, download, erasure, chart spec."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlmodel import select

from exports.mydata import my_data_json, my_data_xlsx
from model import history, sessions, timesource
from model.assessments import AssessmentInput, NoteInput, save_assessment
from model.charts import history_chart
from model.framework import default_framework
from model.tables import Assessment, AuditEvent, Note, Rating, Round
from model.timesource import today
from tests.factories import add_person, make_org

GREENISH = {
    "autonomy": "yellow",
    "competence": "green",
    "relatedness": "green",
    "beneficence": "red",
}


@pytest.fixture
def setup(session):
    org = make_org(session)
    emp = add_person(session, org.organisation_id, org.team_id, "emma@test.fi")
    other = add_person(session, org.organisation_id, org.team_id, "olli@test.fi")
    session.commit()
    # The closed round was open sixty days ago: answer it "then", then the open one today.
    closed = session.get(Round, org.closed_round_id)
    save_assessment(
        session,
        viewer=emp,
        round_id=closed.id,
        submit=True,
        today=closed.opens_on,
        data=AssessmentInput(ratings={**GREENISH, "autonomy": "red"}),
    )
    save_assessment(
        session,
        viewer=emp,
        round_id=org.open_round_id,
        submit=True,
        today=today(),
        data=AssessmentInput(
            ratings=GREENISH,
            reasons={"autonomy": '=HYPERLINK("http://x")'},
            notes=[
                NoteInput(category="eliminate", level="individual", text="@SUM(A1) turha lomake")
            ],
        ),
    )
    save_assessment(
        session,
        viewer=other,
        round_id=org.open_round_id,
        submit=True,
        today=today(),
        data=AssessmentInput(ratings=GREENISH),
    )
    session.commit()
    return org, emp, other


def test_my_ratings_are_mine_only_in_round_order(session, setup):
    _, emp, _ = setup
    ratings = history.my_ratings(session, viewer=emp)
    assert len(ratings) == 8
    assert ratings["round"].tolist()[:4] == ["Mennyt"] * 4


def test_changes_since_previous(session, setup):
    _, emp, _ = setup
    changes = history.changes_since_previous(history.my_ratings(session, viewer=emp))
    row = changes.set_index("field_key").loc["autonomy"]
    assert (row["previous"], row["latest"], row["direction"]) == ("red", "yellow", 1)
    assert changes.set_index("field_key").loc["competence", "direction"] == 0


def test_changes_need_two_rounds():
    one = pd.DataFrame(
        [
            {
                "round_id": 1,
                "round": "r",
                "date": pd.Timestamp("2026-01-01"),
                "field_key": "autonomy",
                "light": "red",
                "reason": "",
            }
        ]
    )
    assert history.changes_since_previous(one).empty


def test_history_chart_uses_symbols_and_fixed_light_order(session, setup):
    _, emp, _ = setup
    fw = default_framework()
    spec = history_chart(
        history.my_ratings(session, viewer=emp),
        fw,
        "fi",
        titles={"date": "d", "round": "r", "field": "f", "light": "l"},
    ).to_dict()
    color = spec["layer"][1]["encoding"]["color"]["scale"]
    shape = spec["layer"][1]["encoding"]["shape"]["scale"]
    assert color["domain"] == [fw.light_text(k, "fi") for k in ("red", "yellow", "green")]
    assert shape["range"] == ["square", "triangle-up", "circle"]


def test_my_data_holds_everything_and_nobody_elses(session, setup):
    _, emp, other = setup
    data = history.my_data(session, viewer=emp)
    assert data["person"]["email"] == "emma@test.fi"
    assert len(data["assessments"]) == 2
    blob = my_data_json(data).decode()
    assert "olli@test.fi" not in blob
    assert json.loads(blob)["assessments"][1]["notes"][0]["text"] == "@SUM(A1) turha lomake"


def test_my_data_lists_sign_ins_but_never_their_cookies(session, setup):
    _, emp, other = setup
    now = timesource.now()
    mine = sessions.start(session, person_id=emp.person_id, method="password", now=now)
    sessions.start(session, person_id=other.person_id, method="sso", now=now)
    sessions.revoke(session, mine, now=now)
    session.commit()
    data = history.my_data(session, viewer=emp)
    assert [(s["method"], s["revoked_at"] is not None) for s in data["sign_ins"]] == [
        ("password", True)
    ]
    blob = my_data_json(data).decode()
    assert mine not in blob
    assert sessions.digest(mine) not in blob
    wb = load_workbook(io.BytesIO(my_data_xlsx(data)))
    assert [c.value for c in wb["sign_ins"]["A"]] == ["method", "password"]


def test_excel_download_is_safe_against_formula_injection(session, setup):
    _, emp, _ = setup
    wb = load_workbook(io.BytesIO(my_data_xlsx(history.my_data(session, viewer=emp))))
    reasons = [c.value for c in wb["ratings"]["D"] if c.value]
    assert '\'=HYPERLINK("http://x")' in reasons
    notes = [c for c in wb["notes"]["E"] if c.value and "SUM" in str(c.value)]
    assert notes[0].value == "'@SUM(A1) turha lomake"
    assert notes[0].data_type == "s"
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)


def test_erase_removes_my_answers_keeps_others_and_logs_it(session, setup):
    _, emp, other = setup
    assert history.erase_my_data(session, viewer=emp) == 2
    session.commit()
    assert session.exec(select(Assessment).where(Assessment.person_id == emp.person_id)).all() == []
    assert len(session.exec(select(Rating)).all()) == 4  # the other person's four ratings
    assert session.exec(select(Note)).all() == []
    event = session.exec(select(AuditEvent).where(AuditEvent.event == "data_erased")).one()
    assert (event.actor_id, event.subject_id) == (emp.person_id, emp.person_id)
    assert history.my_ratings(session, viewer=other).shape[0] == 4
