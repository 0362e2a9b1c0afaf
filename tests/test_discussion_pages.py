"""AppTest of both discussion pages on the demo: the employee shares, the supervisor prepares.

Also tries the page from the wrong side: an edited session state pointing at someone who did not
share, or at a person in another team, shows nothing of theirs.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from model import db, timesource
from model.tables import Action, AuditEvent, Person
from tests.apptest_helpers import person_id, signed_in, widget

EMPLOYEE = "tyontekija@demo.fi"
SUPERVISOR = "esihenkilo@demo.fi"


def _text(at) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for kind in ("success", "info", "error", "warning"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [e.label for e in at.expander]
    return "\n".join(parts).replace("\\", "")  # Markdown escapes are not what a reader sees


def _events(url: str, event: str) -> list[AuditEvent]:
    with db.read_session(db.make_engine(url)) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.event == event)).all())


def _share_latest(url: str):
    at = signed_in(url, EMPLOYEE, "pages/discussion.py")
    assert "Ei jaettu" in _text(at)
    at.button(key="mydisc.share").click().run()
    assert not at.exception, at.exception
    assert "Arvio on jaettu esihenkilöllesi." in _text(at)
    assert "Jaettu esihenkilölle Eeva Salmi" in _text(at)
    return at


def test_supervisor_list_shows_only_the_name_of_someone_who_did_not_share(app_env):
    at = signed_in(app_env, SUPERVISOR, "pages/discussions.py")
    table = at.dataframe[0].value
    tiina = table[table["Nimi"] == "Tiina Tuominen"].iloc[0]
    assert tiina["Jakanut"] == "Ei jakoa"
    assert (tiina["Uusin jaettu arvio"], tiina["Edellinen keskustelu"], tiina["Myöhässä"]) == (
        "",
        "",
        "",
    )
    assert "Tiina Tuominen" not in at.selectbox(key=widget("disc.person")).options
    # The demo's colleague with a held discussion is there, with an overdue action.
    assert (table["Myöhässä"] == "1").any()


def test_employee_shares_supervisor_prepares_records_action_and_employee_sees_it(app_env):
    _share_latest(app_env)
    tiina = person_id(app_env, EMPLOYEE)

    at = signed_in(app_env, SUPERVISOR, "pages/discussions.py")
    at.selectbox(key=widget("disc.person")).set_value(tiina).run()
    assert not at.exception, at.exception
    page = _text(at)
    assert "Tiina Tuominen" in page
    assert "Uusin:" in page
    assert "Aiempaa jaettua arviota ei ole." in page
    viewed = [e for e in _events(app_env, "assessment_viewed") if e.subject_id == tiina]
    assert len(viewed) == 1

    at.text_input(key="disc.form.title").input("Vertaismentorointi kerran kuussa")
    at.text_area(key="disc.form.means").input("Sovitaan pari ja aika")
    at.selectbox(key=widget("disc.form.owner")).set_value("team")
    at.date_input(key="disc.form.due").set_value(timesource.today() + dt.timedelta(days=30))
    at.selectbox(key=widget("disc.form.area")).set_value("culture")
    at.button(key="disc.form.save").click().run()
    assert not at.exception, at.exception
    assert "Toimenpide kirjattu." in _text(at)
    assert at.text_input(key="disc.form.title").value == ""
    with db.read_session(db.make_engine(app_env)) as s:
        action = s.exec(select(Action).where(Action.person_id == tiina)).one()
    assert (action.owner, action.area, action.status) == ("team", "culture", "planned")

    # A failed save keeps what was typed.
    at.text_area(key="disc.form.means").input("vain keinot")
    at.button(key="disc.form.save").click().run()
    assert "Anna toimenpiteelle nimi." in _text(at)
    assert at.text_area(key="disc.form.means").value == "vain keinot"

    at.button(key="disc.record").click().run()
    assert "Keskustelu kirjattu." in _text(at)

    mine = signed_in(app_env, EMPLOYEE, "pages/discussion.py")
    page = _text(mine)
    assert "Vertaismentorointi kerran kuussa" in page
    assert "Eeva Salmi: avasi arviosi" in page
    assert "Pidetty" in page  # the discussion summary row
    # The employee moves the action on; the history keeps both steps.
    mine.selectbox(key=widget(f"action.{action.id}.status")).set_value("in_progress")
    mine.text_input(key=f"action.{action.id}.comment").input("Pari löytyi")
    mine.button(key=f"action.{action.id}.save").click().run()
    assert not mine.exception, mine.exception
    assert "Toimenpide päivitetty." in _text(mine)
    assert "Pari löytyi" in _text(mine)

    history = signed_in(app_env, EMPLOYEE, "pages/history.py")
    assert "Tämän arvion pohjalta sovitut toimenpiteet" in _text(history)
    assert "Käynnissä · Vertaismentorointi kerran kuussa" in _text(history)


def test_withdrawn_share_closes_the_preparation_at_the_next_run(app_env):
    _share_latest(app_env)
    tiina = person_id(app_env, EMPLOYEE)
    boss = signed_in(app_env, SUPERVISOR, "pages/discussions.py")
    boss.selectbox(key=widget("disc.person")).set_value(tiina).run()
    assert "Uusin:" in _text(boss)
    assert "Tiina Tuominen" in _text(boss)

    mine = signed_in(app_env, EMPLOYEE, "pages/discussion.py")
    mine.radio(key=widget("mydisc.keep")).set_value("private")
    mine.button(key="mydisc.withdraw").click().run()
    assert not mine.exception, mine.exception
    assert "Jako on peruttu." in _text(mine)
    assert "Arvio on vain sinulle." in _text(mine)

    boss.run()  # the same supervisor session, next rerun
    assert not boss.exception, boss.exception
    assert "Tiina Tuominen" not in boss.selectbox(key=widget("disc.person")).options
    # Her preparation is gone: whoever the page shows now, her name is nowhere on it.
    assert "Tiina Tuominen" not in _text(boss)
    assert boss.selectbox(key=widget("disc.person")).value != tiina


def test_edited_session_state_reaches_nobody_who_did_not_share(app_env):
    tiina = person_id(app_env, EMPLOYEE)  # a team member who shares nothing
    stranger = person_id(app_env, "employee@demo.fi")  # another team, another supervisor
    for target in (tiina, stranger):
        at = signed_in(app_env, SUPERVISOR)
        at.session_state["disc.person"] = target
        at.switch_page("pages/discussions.py").run()
        assert not at.exception, at.exception
        assert at.selectbox(key=widget("disc.person")).value != target
        with db.read_session(db.make_engine(app_env)) as s:
            name = s.get(Person, target).display_name
        assert name not in at.selectbox(key=widget("disc.person")).options
        assert not [e for e in _events(app_env, "assessment_viewed") if e.subject_id == target]


def test_share_with_end_date_in_english(app_env):
    at = signed_in(app_env, EMPLOYEE, "pages/discussion.py", lang="en")
    assert "Development discussion" in _text(at)
    at.checkbox(key="mydisc.limited").check().run()
    end = timesource.today() + dt.timedelta(days=14)
    at.date_input(key="mydisc.end").set_value(end).run()
    at.button(key="mydisc.share").click().run()
    assert not at.exception, at.exception
    assert f"The share ends after {end.isoformat()}." in _text(at)
    at.text_area(key="mydisc.agenda_text").input("Training plans for next year")
    at.button(key="mydisc.agenda_add").click().run()
    assert "Added to the agenda." in _text(at)
    assert "Training plans for next year" in _text(at)
    assert at.text_area(key="mydisc.agenda_text").value == ""
