"""One clock, Finnish time on every screen and file, rounds open until midnight in Helsinki."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from exports.discussion import discussion_pdf, discussion_xlsx
from exports.mydata import my_data_json, my_data_xlsx
from exports.team_workbook import team_workbook
from model import db, history, i18n, timesource
from model.assessments import AssessmentError, AssessmentInput, round_is_open, save_assessment
from model.tables import AuditEvent, Organisation, Round
from model.viewer import load_viewer
from tests.factories import add_person, make_org
from tests.test_discussion_export import typical
from tests.test_teamview import small_team_unit_view

ROOT = Path(__file__).resolve().parent.parent
HELSINKI = timesource.zone("Europe/Helsinki")
GREEN = dict.fromkeys(("autonomy", "competence", "relatedness", "beneficence"), "green")


WALL_CLOCK = re.compile(
    r"datetime\.(now|utcnow|today)\(|date\.today\(|time\.(time|time_ns|localtime|gmtime)\("
    r"|Timestamp\.(now|today|utcnow)\(|Timestamp\([\"'](now|today)[\"']\)|utcnow\("
)


def test_the_wall_clock_pattern_catches_every_spelling():
    for line in (
        "dt.datetime.now(dt.UTC)",
        "datetime.today()",
        "dt.date.today()",
        "time.time()",
        "time.localtime()",
        "pd.Timestamp.now()",
        'pd.Timestamp("today")',
        "utcnow()",
    ):
        assert WALL_CLOCK.search(line), line
    assert not WALL_CLOCK.search("timesource.now()")


def test_no_module_reads_the_wall_clock_but_the_time_source():
    sources = [ROOT / "app.py"]
    for folder in ("model", "exports", "pages", "migrations"):
        sources += (ROOT / folder).glob("**/*.py")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources
        if path.name != "timesource.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if WALL_CLOCK.search(line)
    ]
    assert offenders == []


def test_now_is_aware_utc_and_follows_the_test_clock(time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC), tick=False)
    assert timesource.now() == dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)
    assert timesource.now().utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize(
    ("utc", "helsinki_day"),
    [
        # New Year's Eve at 23:30 in Helsinki is 21:30 UTC: still the 31st.
        (dt.datetime(2026, 12, 31, 21, 30, tzinfo=dt.UTC), dt.date(2026, 12, 31)),
        # At 22:30 UTC it is already next year in Helsinki, while UTC is still in the old one.
        (dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC), dt.date(2027, 1, 1)),
        # Summer time: 21:30 UTC is 00:30 on the next day.
        (dt.datetime(2027, 6, 30, 21, 30, tzinfo=dt.UTC), dt.date(2027, 7, 1)),
    ],
)
def test_today_is_the_date_in_helsinki(time_machine, utc, helsinki_day):
    time_machine.move_to(utc, tick=False)
    assert timesource.today() == helsinki_day
    assert timesource.today("UTC") == utc.date()


@pytest.mark.parametrize(
    ("moment", "fi", "en"),
    [
        (
            dt.datetime(2026, 11, 24, 7, 30, tzinfo=dt.UTC),
            "24.11.2026 klo 9.30",
            "2026-11-24 09:30",
        ),
        # Summer time is UTC+3.
        (dt.datetime(2026, 7, 1, 6, 5, tzinfo=dt.UTC), "1.7.2026 klo 9.05", "2026-07-01 09:05"),
        # SQLite hands timestamps back naive: they are UTC.
        (dt.datetime(2026, 12, 31, 22, 15), "1.1.2027 klo 0.15", "2027-01-01 00:15"),
        # The night the clocks go back, 03:30 happens twice; both are told as they were.
        (
            dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC),
            "25.10.2026 klo 3.30",
            "2026-10-25 03:30",
        ),
        (
            dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC),
            "25.10.2026 klo 3.30",
            "2026-10-25 03:30",
        ),
    ],
)
def test_moments_are_shown_in_helsinki_time_for_the_language(moment, fi, en):
    assert i18n.moment_text(moment, "fi") == fi
    assert i18n.moment_text(moment, "en") == en


def test_the_organisation_zone_is_used_where_it_differs():
    moment = dt.datetime(2026, 11, 24, 7, 30, tzinfo=dt.UTC)
    assert i18n.moment_text(moment, "en", "Europe/Stockholm") == "2026-11-24 08:30"
    assert not timesource.is_zone("Europe/Atlantis")


def test_history_log_line_is_in_helsinki_time_not_utc():
    event = AuditEvent(at=dt.datetime(2026, 11, 24, 7, 30), event="assessment_submitted")
    line = i18n.event_line(event, "fi")
    assert line.startswith("24.11.2026 klo 9.30 — ")
    assert "UTC" not in line


@pytest.mark.parametrize(
    ("local", "is_open"),
    [
        ("2026-12-08T00:00:00+02:00", True),
        ("2026-12-08T23:59:30+02:00", True),  # 21:59 UTC
        ("2026-12-09T00:00:30+02:00", False),  # still 8 December in UTC
        ("2026-12-01T23:59:00+02:00", False),  # before it opens
    ],
)
def test_a_round_closing_on_8_december_is_open_until_midnight_helsinki_time(
    session, time_machine, local, is_open
):
    org = make_org(session)
    rnd = session.get(Round, org.open_round_id)
    rnd.opens_on, rnd.closes_on = dt.date(2026, 12, 2), dt.date(2026, 12, 8)
    session.add(rnd)
    emp = add_person(session, org.organisation_id, org.team_id, "kello@test.fi")
    session.commit()
    time_machine.move_to(dt.datetime.fromisoformat(local), tick=False)
    today = timesource.today(emp.time_zone)
    assert round_is_open(rnd, today) is is_open
    answer = AssessmentInput(ratings=GREEN)
    if is_open:
        save_assessment(session, viewer=emp, round_id=rnd.id, data=answer, submit=True, today=today)
    else:
        with pytest.raises(AssessmentError):
            save_assessment(
                session, viewer=emp, round_id=rnd.id, data=answer, submit=True, today=today
            )


def test_the_viewer_carries_the_organisation_zone(session):
    org = make_org(session)
    emp = add_person(session, org.organisation_id, org.team_id, "vyohyke@test.fi")
    assert emp.time_zone == "Europe/Helsinki"
    organisation = session.get(Organisation, org.organisation_id)
    organisation.time_zone = "Europe/Stockholm"
    session.add(organisation)
    session.commit()
    assert load_viewer(session, emp.person_id).time_zone == "Europe/Stockholm"


def test_my_data_tells_times_in_helsinki_time_in_json_and_excel(session, time_machine):
    org = make_org(session)
    emp = add_person(session, org.organisation_id, org.team_id, "data@test.fi")
    session.commit()
    # 9.30 in Helsinki on a winter morning is 7.30 UTC.
    time_machine.move_to(dt.datetime(2026, 11, 24, 7, 30, tzinfo=dt.UTC), tick=False)
    rnd = session.get(Round, org.open_round_id)
    rnd.opens_on, rnd.closes_on = dt.date(2026, 11, 20), dt.date(2026, 12, 8)
    session.add(rnd)
    save_assessment(
        session,
        viewer=emp,
        round_id=rnd.id,
        data=AssessmentInput(ratings=GREEN),
        submit=True,
        today=timesource.today(emp.time_zone),
    )
    session.commit()
    data = history.my_data(session, viewer=emp)
    blob = json.loads(my_data_json(data))
    assert blob["person"]["time_zone"] == "Europe/Helsinki"
    assert blob["assessments"][0]["updated_at"] == "2026-11-24T09:30:00+02:00"
    assert all(e["at"].endswith("+02:00") for e in blob["audit_events"])
    wb = load_workbook(io.BytesIO(my_data_xlsx(data)))
    cell = wb["assessments"]["F2"]
    assert cell.value == dt.datetime(2026, 11, 24, 9, 30)
    assert cell.is_date


def test_exports_say_when_they_were_made_in_helsinki_time(demo_url):
    made = dt.datetime(2026, 11, 24, 7, 30, tzinfo=dt.UTC)
    with db.read_session(db.make_engine(demo_url)) as s:
        view, _ = small_team_unit_view(s)
    wb = load_workbook(io.BytesIO(team_workbook(view, "fi", charts=False, made_at=made)))
    values = [c.value for row in wb.worksheets[0].iter_rows() for c in row if c.value]
    assert "Tiedosto tehty 24.11.2026 klo 9.30" in values

    reader = PdfReader(io.BytesIO(discussion_pdf(typical(), "fi", made_at=made)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "24.11.2026 klo 9.30" in text
    wb = load_workbook(io.BytesIO(discussion_xlsx(typical(), "en", made_at=made)))
    values = [c.value for row in wb.worksheets[0].iter_rows() for c in row if c.value]
    assert "2026-11-24 09:30" in values
