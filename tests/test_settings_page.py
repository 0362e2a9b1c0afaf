"""AppTest of the settings page (admin): the form, its messages, languages offered, retention."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from model import db, org_settings, retention, timesource
from model.org_settings import OrgSettings
from model.tables import Assessment, AuditEvent, Organisation, Release, Round
from model.viewer import AccessDenied, load_viewer
from tests.apptest_helpers import person_id, signed_in

PAGE = "pages/settings.py"
ADMIN = "admin@demo.fi"


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.title, *at.subheader)]
    parts += [e.value for e in (*at.error, *at.success, *at.warning, *at.info)]
    return "\n".join(str(p) for p in parts)


def stored(url: str) -> OrgSettings:
    with db.read_session(db.make_engine(url)) as s:
        return org_settings.load(s, s.exec(select(Organisation.id)).one())


def save(at: AppTest) -> AppTest:
    at.button(key="settings.save").click().run()
    assert not at.exception, at.exception
    return at


def test_the_form_shows_the_settings_and_the_rule_for_released_results(app_env):
    at = signed_in(app_env, ADMIN, PAGE)
    assert at.text_input(key="settings.name").value == "Harjulahden kaupunki"
    assert at.selectbox(key="settings.time_zone").value == "Europe/Helsinki"
    assert at.number_input(key="settings.anonymity_threshold").value == 5
    assert at.number_input(key="settings.notes_threshold").value == 7
    assert at.number_input(key="settings.retention_months").value == 36
    assert at.multiselect(key="settings.languages").value == ["fi", "en"]
    assert "Rajan nostaminen piilottaa heti" in texts(at)
    assert "rajan laskeminen koskee vain muutoksen jälkeen julkaistavia kierroksia" in texts(at)


def test_the_form_is_filled_again_after_a_visit_to_another_page(app_env):
    at = signed_in(app_env, ADMIN, PAGE)
    at.switch_page("pages/about.py").run()
    at.switch_page(PAGE).run()
    assert at.text_input(key="settings.name").value == "Harjulahden kaupunki"
    assert at.number_input(key="settings.anonymity_threshold").value == 5
    save(at)
    assert "Mitään ei muuttunut" in texts(at)


def test_admin_saves_changes_and_each_is_audited(app_env):
    at = signed_in(app_env, ADMIN, PAGE)
    at.number_input(key="settings.anonymity_threshold").set_value(6)
    at.number_input(key="settings.retention_months").set_value(24)
    at.selectbox(key="settings.time_zone").set_value("Europe/Stockholm")
    save(at)
    assert "Asetukset tallennettiin (muuttuneita: 3)." in texts(at)
    saved = stored(app_env)
    assert (saved.anonymity_threshold, saved.retention_months, saved.time_zone) == (
        6,
        24,
        "Europe/Stockholm",
    )
    with db.read_session(db.make_engine(app_env)) as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.event == "setting_changed")).all()
    assert sorted(e.detail["key"] for e in events) == [
        "anonymity_threshold",
        "retention_months",
        "time_zone",
    ]
    assert {e.actor_id for e in events} == {person_id(app_env, ADMIN)}
    # Saving again without changes says so and logs nothing more.
    save(at)
    assert "Mitään ei muuttunut" in texts(at)


def test_an_invalid_combination_is_explained_and_what_was_typed_stays(app_env):
    at = signed_in(app_env, ADMIN, PAGE)
    at.number_input(key="settings.anonymity_threshold").set_value(8)
    at.text_input(key="settings.name").input("Harjulan kaupunki")
    save(at)
    assert [e.value for e in at.error] == [
        "Muistiinpanojen rajan pitää olla vähintään vastaajien raja (8)."
    ]
    assert at.number_input(key="settings.anonymity_threshold").value == 8
    assert at.text_input(key="settings.name").value == "Harjulan kaupunki"
    assert stored(app_env).name == "Harjulahden kaupunki"


def test_a_save_over_someone_elses_change_is_refused_and_the_form_reloads(app_env):
    at = signed_in(app_env, ADMIN, PAGE)
    with db.write_session(db.make_engine(app_env)) as s:
        other = load_viewer(s, person_id(app_env, ADMIN))
        now = org_settings.load(s, other.organisation_id)
        org_settings.update(
            s, viewer=other, new=OrgSettings(**(now.__dict__ | {"notes_threshold": 9}))
        )
    at.number_input(key="settings.retention_months").set_value(12)
    save(at)
    assert "Joku muu muutti asetuksia sillä välin" in texts(at)
    assert at.number_input(key="settings.notes_threshold").value == 9
    assert stored(app_env).retention_months == 36


def test_the_language_box_offers_only_the_languages_the_organisation_offers(app_env):
    at = signed_in(app_env, ADMIN, PAGE)
    assert at.selectbox(key="app.lang").options == ["Suomi", "English"]
    at.multiselect(key="settings.languages").set_value(["en"])
    save(at)
    at.run()
    assert at.selectbox(key="app.lang").options == ["English"]
    assert at.session_state["app.lang"] == "en"
    assert at.title[0].value == "Settings"
    # Someone whose own language is Finnish sees English too.
    employee = signed_in(app_env, "tyontekija@demo.fi")
    assert employee.session_state["app.lang"] == "en"


def count_answers(url: str, round_ids: list[int]) -> int:
    with db.read_session(db.make_engine(url)) as s:
        return s.exec(
            select(func.count()).select_from(Assessment).where(Assessment.round_id.in_(round_ids))
        ).one()


def test_retention_counts_first_and_removes_only_after_confirmation(app_env):
    at = signed_in(app_env, ADMIN, PAGE)
    at.button(key="settings.count").click().run()
    assert "Mitään ei ole poistettavana" in texts(at)  # the demo's rounds are all recent

    at.number_input(key="settings.retention_months").set_value(1)
    save(at)
    today = timesource.today()
    with db.read_session(db.make_engine(app_env)) as s:
        rounds = s.exec(select(Round)).all()
        releases = dict(s.exec(select(Release.round_id, Release.data)).all())
    past = {r.id for r in rounds if retention.kept_until(r.closes_on, 1) < today}
    at.button(key="settings.count").click().run()
    [warning] = at.warning
    assert warning.value.startswith("Poistettaisiin ")
    remove = at.button(key="settings.remove")
    assert remove.disabled, "removing needs the confirmation first"
    due = [r for r in rounds if r.id in at.session_state["settings.plan"]["round_ids"]]
    assert due
    assert {r.id for r in due} == past
    before = count_answers(app_env, [r.id for r in due])
    assert f"Poistettaisiin vastauksia {before} kierroksilta, joita on {len(due)}" in warning.value

    at.checkbox(key="settings.purge_confirm").check().run()
    at.button(key="settings.remove").click().run()
    assert not at.exception, at.exception
    assert f"Poistettiin vastauksia {before} kierroksilta, joita oli {len(due)};" in texts(at)
    assert count_answers(app_env, [r.id for r in due]) == 0
    kept = [r.id for r in rounds if r not in due]
    assert count_answers(app_env, kept) > 0
    with db.read_session(db.make_engine(app_env)) as s:
        assert dict(s.exec(select(Release.round_id, Release.data)).all()) == releases
        [event] = s.exec(select(AuditEvent).where(AuditEvent.event == "retention_purged")).all()
        assert event.actor_id == person_id(app_env, ADMIN)
    at.button(key="settings.count").click().run()
    assert "Mitään ei ole poistettavana" in texts(at)


@pytest.mark.parametrize("email", ["kehittaja@demo.fi", "esihenkilo@demo.fi", "tyontekija@demo.fi"])
def test_others_cannot_open_the_settings_and_the_services_refuse_them(app_env, email):
    at = signed_in(app_env, email)
    with pytest.raises(ValueError, match="page"):  # not in this role's navigation
        at.switch_page(PAGE).run()
    with db.read_session(db.make_engine(app_env)) as s:
        viewer = load_viewer(s, person_id(app_env, email))
        with pytest.raises(AccessDenied):
            org_settings.load_for(s, viewer=viewer)
