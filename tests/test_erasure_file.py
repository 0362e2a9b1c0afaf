"""TRUST 30: erased texts leave the database file, not only the tables.

Deleting a row in SQLite only unlinks it: the text stays in the page (a free block, a free page)
and, in WAL mode, in every older version of the page in the -wal file. ``secure_delete`` zeroes
what is deleted and the checkpoint after an erasure empties the -wal file; the byte scan below
reads the files as anyone with a copy of them could.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlmodel import select

from model import db, history, release, timesource
from model import discussions as svc
from model.assessments import AssessmentInput, NoteInput, save_assessment
from model.tables import (
    Action,
    ActionUpdate,
    AgendaPoint,
    Assessment,
    Note,
    ObstaclePick,
    Rating,
    ReleaseText,
    Round,
)
from model.viewer import load_viewer
from tests.factories import add_person, make_org

LIGHTS = {"autonomy": "yellow", "competence": "green", "relatedness": "red", "beneficence": "green"}


def secret(kind: str) -> str:
    """A text nobody else writes: an ASCII marker and letters that are two bytes in UTF-8."""
    return f"PYYHI-{kind}-q7Zx äänekäs pöllö {kind}"


# Every kind of text the person can leave behind, each distinct.
SECRETS = {
    kind: secret(kind)
    for kind in (
        "draft-reason",  # typed, then replaced by the submitted answer (an older row version)
        "draft-note",
        "closed-reason",
        "closed-note",  # pooled: copied into releasetext by the release
        "obstacle-reason",  # pooled as well
        "open-reason",
        "open-note",
        "agenda",
        "action-title",
        "action-means",
        "action-measure",
        "action-span",
        "comment-own",
        "comment-supervisor",  # the supervisor's comment on the person's action goes with it
    )
}
KEPT = "SAILYY-q7Zx toisen ihmisen muistiinpano säilyy"  # another person's note: must stay


def seed(engine) -> int:
    """A person with a text of every kind, one round released with their pooled texts."""
    with db.write_session(engine) as s:
        org = make_org(s)
        sup = org.supervisor
        emp = add_person(
            s, org.organisation_id, org.team_id, "pyyhkija@test.fi", supervisor_id=sup.person_id
        )
        other = add_person(s, org.organisation_id, org.team_id, "toinen@test.fi")
        closed = s.get(Round, org.closed_round_id)
        closed.modules = {"obstacles": True}
        s.add(closed)
        s.flush()

        def answer(round_id, day, reason, note, *, submit):
            return save_assessment(
                s,
                viewer=emp,
                round_id=round_id,
                submit=submit,
                today=day,
                data=AssessmentInput(
                    ratings=LIGHTS,
                    reasons={"autonomy": reason},
                    notes=[NoteInput(category="reduce", level="individual", text=note)],
                ),
            )

        answer(closed.id, closed.opens_on, SECRETS["draft-reason"], SECRETS["draft-note"],
               submit=False)  # fmt: skip
        closed_id = answer(closed.id, closed.opens_on, SECRETS["closed-reason"],
                           SECRETS["closed-note"], submit=True)  # fmt: skip
        s.add(
            ObstaclePick(
                assessment_id=closed_id,
                obstacle_key="time_and_resources",
                rank=1,
                reason=SECRETS["obstacle-reason"],
            )
        )
        s.flush()
        release.release_round(s, closed, now=timesource.now())
        pooled = set(s.exec(select(ReleaseText.text)).all())
        assert {SECRETS["closed-note"], SECRETS["obstacle-reason"]} <= pooled

        today = timesource.today()
        open_id = answer(org.open_round_id, today, SECRETS["open-reason"], SECRETS["open-note"],
                         submit=True)  # fmt: skip
        save_assessment(
            s,
            viewer=other,
            round_id=org.open_round_id,
            submit=True,
            today=today,
            data=AssessmentInput(
                ratings=LIGHTS, notes=[NoteInput(category="create", level="community", text=KEPT)]
            ),
        )
        svc.share_with_supervisor(
            s, viewer=emp, assessment_id=open_id, expires_on=None, today=today
        )
        svc.add_agenda_point(s, viewer=emp, text=SECRETS["agenda"], today=today)
        action = svc.create_action(
            s,
            viewer=load_viewer(s, sup.person_id),
            person_id=emp.person_id,
            data=svc.ActionInput(
                title=SECRETS["action-title"],
                means=SECRETS["action-means"],
                measure=SECRETS["action-measure"],
                time_span=SECRETS["action-span"],
            ),
            today=today,
        )
        svc.update_action(s, viewer=emp, action_id=action, comment=SECRETS["comment-own"],
                          today=today)  # fmt: skip
        svc.update_action(s, viewer=load_viewer(s, sup.person_id), action_id=action,
                          comment=SECRETS["comment-supervisor"], today=today)  # fmt: skip
        return emp.person_id


def erase(engine, person_id: int) -> None:
    """As the page does it: one write session, committed, nothing else."""
    with db.write_session(engine) as s:
        history.erase_my_data(s, viewer=load_viewer(s, person_id))


def stored_texts(engine) -> set[str]:
    with db.read_session(engine) as s:
        texts = set()
        for column in (Rating.reason, Note.text, ObstaclePick.reason, ReleaseText.text,
                       AgendaPoint.text, Action.title, Action.means, Action.measure,
                       Action.time_span, ActionUpdate.comment):  # fmt: skip
            texts |= set(s.exec(select(column)).all())
        return texts


@pytest.fixture
def erased(file_db_url):
    engine = db.make_engine(file_db_url)
    person_id = seed(engine)
    assert set(SECRETS.values()) - {SECRETS["draft-reason"], SECRETS["draft-note"]} <= (
        stored_texts(engine)
    )
    erase(engine, person_id)
    yield engine
    engine.dispose()


def test_erasure_removes_every_text_from_the_tables(erased):
    texts = stored_texts(erased)
    assert not texts & set(SECRETS.values())
    assert KEPT in texts


def database_files(engine) -> dict[str, bytes]:
    """The database file and whatever SQLite keeps beside it (-wal, -shm, -journal)."""
    path = Path(engine.url.database)
    return {p.name: p.read_bytes() for p in sorted(path.parent.glob(path.name + "*"))}


def found_secrets(files: dict[str, bytes]) -> set[tuple[str, str]]:
    """(kind, file) for every erased text, or its marker alone, found in the files' bytes."""
    return {
        (kind, name)
        for kind, words in SECRETS.items()
        for name, data in files.items()
        for needle in (words, f"PYYHI-{kind}-q7Zx")
        if needle.encode() in data
    }


def test_erased_texts_are_not_in_the_database_file_or_its_wal(erased):
    if erased.dialect.name != "sqlite":
        pytest.skip("a byte scan of the files is SQLite's; PostgreSQL: see the README")
    files = database_files(erased)
    assert any(KEPT.encode() in data for data in files.values()), "the scan reads the data"
    assert found_secrets(files) == set()
    # The checkpoint after the erasure left nothing in the -wal file.
    assert files.get(Path(erased.url.database).name + "-wal", b"") == b""


def test_without_secure_delete_the_scan_finds_the_texts(file_db_url):
    """The control: a plain delete leaves the texts in the file, and the scan sees them.

    (Many SQLite builds, Debian's among them, turn secure_delete on by default; others do not,
    so the engine sets it itself.)
    """
    engine = db.make_engine(file_db_url)
    try:
        if engine.dialect.name != "sqlite":
            pytest.skip("SQLite only")

        @event.listens_for(engine, "connect")
        def _plain_delete(dbapi_connection, _record) -> None:
            dbapi_connection.execute("PRAGMA secure_delete=OFF")

        erase(engine, seed(engine))
        files = database_files(engine)
        assert files.get(Path(engine.url.database).name + "-wal", b"") == b""
        assert found_secrets(files)
    finally:
        engine.dispose()


def test_every_connection_deletes_securely(file_db_url):
    engine = db.make_engine(file_db_url)
    try:
        if engine.dialect.name != "sqlite":
            pytest.skip("SQLite only")
        with engine.connect() as a, engine.connect() as b:
            assert a.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
            assert b.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    finally:
        engine.dispose()


def test_no_index_or_full_text_table_keeps_a_copy_of_a_text(file_db_url):
    """Indexes on text columns or an FTS table would be more copies to clear; there are none."""
    engine = db.make_engine(file_db_url)
    text_columns = {
        ("rating", "reason"), ("note", "text"), ("obstaclepick", "reason"),
        ("releasetext", "text"), ("agendapoint", "text"), ("action", "title"),
        ("action", "means"), ("action", "measure"), ("action", "time_span"),
        ("actionupdate", "comment"),
    }  # fmt: skip
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                tables = conn.execute(
                    text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
                ).all()
                assert not [n for n, sql in tables if "VIRTUAL" in (sql or "").upper()]
                indexed = {
                    (table, column)
                    for (table,) in conn.execute(
                        text("SELECT name FROM sqlite_master WHERE type = 'table'")
                    )
                    for (index,) in conn.execute(
                        text("SELECT name FROM pragma_index_list(:t)"), {"t": table}
                    )
                    for (column,) in conn.execute(
                        text("SELECT name FROM pragma_index_info(:i)"), {"i": index}
                    )
                }
            else:
                indexed = set(
                    conn.execute(
                        text(
                            "SELECT t.relname, a.attname FROM pg_index i"
                            " JOIN pg_class t ON t.oid = i.indrelid"
                            " JOIN pg_attribute a ON a.attrelid = t.oid"
                            " AND a.attnum = ANY(i.indkey)"
                            " JOIN pg_namespace n ON n.oid = t.relnamespace"
                            " WHERE n.nspname = current_schema()"
                        )
                    ).all()
                )
        assert not indexed & text_columns
    finally:
        engine.dispose()


def test_erasing_on_the_page_leaves_no_text_in_the_files(app_env):
    """The page needs nothing of its own: committing the erasure checkpoints (TRUST 30)."""
    from tests.apptest_helpers import person_id, signed_in

    engine = db.make_engine(app_env)
    try:
        if engine.dialect.name != "sqlite":
            pytest.skip("a byte scan of the files is SQLite's")
        emp = person_id(app_env, "tyontekija@demo.fi")
        words = {kind: SECRETS[kind] for kind in ("open-note", "agenda")}
        with db.write_session(engine) as s:
            latest = s.exec(
                select(Assessment.id)
                .where(Assessment.person_id == emp)
                .order_by(Assessment.id.desc())  # type: ignore[union-attr]
            ).first()
            s.add(Note(assessment_id=latest, category="raise", level="individual",
                       text=words["open-note"]))  # fmt: skip
            svc.add_agenda_point(
                s, viewer=load_viewer(s, emp), text=words["agenda"], today=timesource.today()
            )
        at = signed_in(app_env, "tyontekija@demo.fi", page="pages/history.py")
        at.checkbox(key="history.erase_ok").check().run()
        at.button(key="history.erase").click().run()
        assert not at.exception, at.exception
        files = database_files(engine)
        assert files.get(Path(engine.url.database).name + "-wal", b"") == b""
        assert not [k for k, w in words.items() for d in files.values() if w.encode() in d]
    finally:
        engine.dispose()
