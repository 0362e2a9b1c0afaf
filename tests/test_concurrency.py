"""A workshop submitting at the same moment loses nothing (N4, TRUST.md rule 17)."""

from __future__ import annotations

import datetime as dt
import threading
import time

from sqlalchemy import func
from sqlmodel import select

from model import db
from model.assessments import AssessmentInput, NoteInput, save_assessment
from model.tables import Assessment, Note, Rating, Round, RoundScope
from model.timesource import today
from model.viewer import load_viewer
from tests.factories import add_person, make_org

THREADS = 50
SUBMISSIONS = 10
RATINGS = {
    "autonomy": "green",
    "competence": "yellow",
    "relatedness": "red",
    "beneficence": "green",
}


def test_fifty_writers_ten_submissions_each_lose_nothing(file_db_url):
    engine = db.make_engine(file_db_url)
    with db.write_session(engine) as session:
        org = make_org(session)
        version_id = session.get(Round, org.open_round_id).framework_id
        rounds = [
            Round(
                organisation_id=org.organisation_id,
                name=f"Pulssi {i}",
                framework_id=version_id,
                opens_on=today() - dt.timedelta(days=1),
                closes_on=today() + dt.timedelta(days=1),
            )
            for i in range(SUBMISSIONS)
        ]
        session.add_all(rounds)
        session.flush()
        session.add_all(RoundScope(round_id=r.id, unit_id=org.root_id) for r in rounds)
        people = [
            add_person(session, org.organisation_id, org.team_id, f"p{i}@test.fi").person_id
            for i in range(THREADS)
        ]
        round_ids = [r.id for r in rounds]

    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def worker(person_id: int) -> None:
        try:
            with db.read_session(engine) as session:
                viewer = load_viewer(session, person_id)
            barrier.wait()
            for round_id in round_ids:
                data = AssessmentInput(
                    ratings=RATINGS,
                    notes=[NoteInput(category="raise", level="community", text="Kiitos!")],
                )
                # First a draft, then the submission: each reads the stored row, then writes.
                for submit in (False, True):
                    with db.write_session(engine) as session:
                        save_assessment(
                            session,
                            viewer=viewer,
                            round_id=round_id,
                            data=data,
                            submit=submit,
                            today=today(),
                        )
        except BaseException as error:  # noqa: BLE001 - every failure counts
            errors.append(error)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started

    with db.read_session(engine) as session:
        submitted = session.exec(
            select(func.count()).select_from(Assessment).where(Assessment.status == "submitted")
        ).one()
        ratings = session.exec(select(func.count()).select_from(Rating)).one()
        notes = session.exec(select(func.count()).select_from(Note)).one()
    engine.dispose()
    print(
        f"\n{engine.dialect.name}: {THREADS}x{SUBMISSIONS} submissions "
        f"(+ as many drafts) in {elapsed:.1f} s, errors {len(errors)}"
    )
    assert errors == []
    assert submitted == THREADS * SUBMISSIONS
    assert ratings == THREADS * SUBMISSIONS * 4
    assert notes == THREADS * SUBMISSIONS
