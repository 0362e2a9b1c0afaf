"""AppTest of the Organisation page's Structure and People tabs (A1): an admin builds the tree,
adds and edits people, gives a password link and retires someone; others cannot."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import col, select

from model import db
from model.tables import AuditEvent, PasswordToken, Person, RoleGrant, Unit
from tests.apptest_helpers import person_id, signed_in, unit_id, widget
from tests.test_pages import texts

PAGE = "pages/organisation.py"


def _read(url):
    return db.read_session(db.make_engine(url))


def test_admin_adds_a_unit_and_a_team_below_it(app_env):
    at = signed_in(app_env, "admin@demo.fi", PAGE)
    at.text_input(key="org.structure.name").input("Sivistyspalvelut")
    at.radio(key=widget("org.structure.kind")).set_value("unit")
    at.button(key="FormSubmitter:org.structure.add-Lisää").click().run()
    assert not at.exception, at.exception
    assert "Lisätty." in texts(at)
    unit = unit_id(app_env, "Sivistyspalvelut")
    at.text_input(key="org.structure.name").input("Merikosken koulu")
    at.radio(key=widget("org.structure.kind")).set_value("team")
    at.selectbox(key=widget("org.structure.parent")).set_value(unit)
    at.button(key="FormSubmitter:org.structure.add-Lisää").click().run()
    with _read(app_env) as s:
        team = s.exec(select(Unit).where(Unit.name == "Merikosken koulu")).one()
        assert (team.parent_id, team.kind) == (unit, "team")
    # The same name twice under one parent is explained, not stored.
    at.text_input(key="org.structure.name").input("merikosken koulu")
    at.radio(key=widget("org.structure.kind")).set_value("team")
    at.selectbox(key=widget("org.structure.parent")).set_value(unit)
    at.button(key="FormSubmitter:org.structure.add-Lisää").click().run()
    assert at.error, texts(at)
    with _read(app_env) as s:
        assert len(s.exec(select(Unit).where(Unit.parent_id == unit)).all()) == 1


def test_admin_renames_and_retires_an_empty_team(app_env):
    at = signed_in(app_env, "admin@demo.fi", PAGE, lang="en")
    at.text_input(key="org.structure.name").input("Temporary team")
    at.button(key="FormSubmitter:org.structure.add-Add").click().run()
    team = unit_id(app_env, "Temporary team")
    at.selectbox(key=widget("org.structure.unit", "en")).set_value(team).run()
    at.text_input(key=f"org.structure.new_name.{team}").input("Project team")
    at.button(key="org.structure.rename").click().run()
    assert "Renamed." in texts(at)
    at.button(key="org.structure.retire").click().run()
    assert not at.exception, at.exception
    with _read(app_env) as s:
        unit = s.get(Unit, team)
        assert unit.name == "Project team"
        assert unit.retired_at is not None


def test_a_team_with_people_cannot_be_retired(app_env):
    at = signed_in(app_env, "admin@demo.fi", PAGE, lang="en")
    with _read(app_env) as s:
        team = s.get(Person, person_id(app_env, "tyontekija@demo.fi")).team_id
    at.selectbox(key=widget("org.structure.unit", "en")).set_value(team).run()
    at.button(key="org.structure.retire").click().run()
    assert at.error
    with _read(app_env) as s:
        assert s.get(Unit, team).retired_at is None


def test_admin_adds_a_person_and_gives_a_password_link(app_env):
    at = signed_in(app_env, "admin@demo.fi", PAGE)
    boss = person_id(app_env, "esihenkilo@demo.fi")
    with _read(app_env) as s:
        team = s.get(Person, boss).team_id
    at.selectbox(key=widget("org.people.person")).set_value("new").run()
    prefix = "org.person.new"
    at.text_input(key=f"{prefix}.email").input("  Uusi.Ihminen@Demo.fi ")
    at.text_input(key=f"{prefix}.name").input("Uusi Ihminen")
    at.selectbox(key=widget(f"{prefix}.placement")).set_value(team)
    at.selectbox(key=widget(f"{prefix}.supervisor")).set_value(boss)
    at.button(key=f"FormSubmitter:{prefix}-Tallenna").click().run()
    assert not at.exception, at.exception
    assert "Henkilö lisättiin" in texts(at)
    with _read(app_env) as s:
        new = s.exec(select(Person).where(Person.email == "uusi.ihminen@demo.fi")).one()
        assert (new.team_id, new.supervisor_id, new.password_hash) == (team, boss, None)
        roles = s.exec(select(RoleGrant.role).where(RoleGrant.person_id == new.id)).all()
        assert roles == ["employee"]
    # The new person is chosen next, ready for a link.
    at.button(key="org.people.link_set").click().run()
    assert not at.exception, at.exception
    [code] = at.code
    assert "token=" in code.value
    with _read(app_env) as s:
        assert s.exec(select(PasswordToken).where(PasswordToken.person_id == new.id)).one()


def test_admin_changes_a_supervisor_and_retires_a_person(app_env):
    at = signed_in(app_env, "admin@demo.fi", PAGE, lang="en")
    employee = person_id(app_env, "tyontekija@demo.fi")
    other = person_id(app_env, "kehittaja@demo.fi")
    at.text_input(key="org.people.q").input("tyontekija@demo.fi").run()
    at.selectbox(key=widget("org.people.person", "en")).set_value(employee).run()
    prefix = f"org.person.{employee}"
    at.selectbox(key=widget(f"{prefix}.supervisor", "en")).set_value(other)
    at.button(key=f"FormSubmitter:{prefix}-Save").click().run()
    assert "The changes were saved." in texts(at), texts(at)
    with _read(app_env) as s:
        assert s.get(Person, employee).supervisor_id == other
        event = s.exec(
            select(AuditEvent).where(
                AuditEvent.event == "supervisor_set", AuditEvent.subject_id == employee
            )
        ).one()
        assert event.detail["to"] == other
    at.checkbox(key=f"org.people.rc.{employee}").check().run()
    at.button(key="org.people.retire").click().run()
    assert not at.exception, at.exception
    with _read(app_env) as s:
        person = s.get(Person, employee)
        assert not person.active
        assert not s.exec(select(RoleGrant).where(RoleGrant.person_id == employee)).all()


def test_people_search_finds_by_name_and_lists_roles(app_env):
    at = signed_in(app_env, "admin@demo.fi", PAGE)
    at.text_input(key="org.people.q").input("TIINA TUOMI").run()
    table = at.dataframe[1].value
    assert list(table.iloc[:, 1]) == ["tyontekija@demo.fi"]
    assert table.iloc[0, 4] == "Työntekijä"
    at.text_input(key="org.people.q").input("TIINA").run()
    found = set(at.dataframe[1].value.iloc[:, 1])
    assert "tyontekija@demo.fi" in found
    assert len(found) > 1


def _upload(at, name: str, data: bytes, mime: str = "text/csv"):
    at.file_uploader[0].set_value((name, data, mime)).run()
    assert not at.exception, at.exception
    return at


def test_an_invalid_roster_is_reported_by_row_and_column_and_nothing_is_written(app_env):
    at = signed_in(app_env, "admin@demo.fi", PAGE)
    bad = (
        "sähköposti;nimi;yksikkö;tiimi;esihenkilön sähköposti;roolit;kieli\n"
        "a@kunta.fi;Aino;Sivistys;Tiimi 1;;työntekijä;fi\n"
        "A@Kunta.fi ;Aino Kaksi;Sivistys;Tiimi 1;;työntekijä;fi\n"
        'b@kunta.fi;=HYPERLINK("x");Sivistys;;;johtaja;xx\n'
    ).encode("cp1252")
    _upload(at, "lista.csv", bad)
    assert "Tiedostossa on korjattavaa" in texts(at)
    problems = at.dataframe[-2].value  # the Roles tab's table is the last one
    assert {"2", "3", "4"} <= set(problems.iloc[:, 0])
    assert "nimi" in set(problems.iloc[:, 1])
    assert not [b for b in at.button if b.key == "org.import.apply"]
    with _read(app_env) as s:
        assert not s.exec(select(Person).where(Person.email == "a@kunta.fi")).all()


def test_admin_imports_the_sample_roster_and_makes_links(app_env):
    at = signed_in(app_env, "admin@demo.fi", PAGE, lang="en")
    sample = Path(__file__).resolve().parent.parent / "samples" / "roster-example.csv"
    _upload(at, "roster-example.csv", sample.read_bytes())
    assert "The file is fine" in texts(at), texts(at)
    apply = at.button(key="org.import.apply")
    assert apply.disabled  # the demo's people are missing from the file: retiring them needs a yes
    at.checkbox(key="org.import.confirm").check().run()
    at.button(key="org.import.apply").click().run()
    assert not at.exception, at.exception
    assert "Imported:" in texts(at), texts(at)
    with _read(app_env) as s:
        added = s.exec(
            select(Person).where(col(Person.active), Person.email.not_like("%@demo.fi"))
        ).all()
        assert len(added) >= 10
        assert not s.get(Person, person_id(app_env, "tyontekija@demo.fi")).active
        assert s.get(Person, person_id(app_env, "admin@demo.fi")).active
    at.button(key="org.import.make_links").click().run()
    assert not at.exception, at.exception
    [code] = at.code
    assert code.value.count("token=") == len(added)
