"""TRUST 25: no personal data in logs — statement parameters reach neither a log nor an error.

Parameters are what people typed (notes, reasons, comments), e-mail addresses and password
hashes. Engine logging at INFO (``echo``) writes every statement with its parameters, and a
failing statement's exception quotes them, unless the engine hides them; PostgreSQL's own error
text quotes stored values too ("Key (email)=(…) already exists", "Failing row contains (…)").
"""

from __future__ import annotations

import logging
import traceback

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from model import db
from model.tables import Note, Organisation, Person

MARKER = "q7Zx"
EMAIL = f"salainen.{MARKER}@esimerkki.fi"
NOTE = f"Luottamuksellinen {MARKER} muistiinpano äänekkäästä esihenkilöstä"


def failure(engine, *rows) -> IntegrityError:
    with Session(engine) as s:
        s.add_all(rows)
        with pytest.raises(IntegrityError) as raised:
            s.commit()
    return raised.value


def test_statement_parameters_reach_neither_the_log_nor_the_error(file_db_url, caplog):
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    engine = db.make_engine(file_db_url)
    engine.echo = True  # as someone debugging would turn it on: statements logged at INFO
    try:
        with Session(engine) as s:
            org = Organisation(name="Organisaatio")
            s.add(org)
            s.flush()
            org_id = org.id
            s.add(Person(organisation_id=org_id, email=EMAIL, display_name="Ensimmäinen"))
            s.commit()
        with Session(engine) as s:  # a statement that succeeds is logged too
            s.exec(select(Note).where(Note.text == NOTE)).all()
        errors = [
            # a unique key: PostgreSQL's DETAIL quotes the key's value
            failure(engine, Person(organisation_id=org_id, email=EMAIL, display_name="Toinen")),
            # a NOT NULL column: PostgreSQL's DETAIL quotes the whole row, the note's text too
            failure(engine, Note(category="reduce", level="individual", text=NOTE)),
        ]
    finally:
        engine.dispose()

    assert any("INSERT INTO person" in r.getMessage() for r in caplog.records), "logging is on"
    assert MARKER not in "\n".join(r.getMessage() for r in caplog.records)
    assert not [r for r in caplog.records if MARKER in repr(r.args)]
    for error in errors:
        assert "hide_parameters" in str(error)
        # What a log with exc_info (or Streamlit's "Uncaught app exception") would write.
        written = "".join(traceback.format_exception(error))
        assert MARKER not in written
        assert MARKER not in repr(error)
    assert "person" in str(errors[0]) or "email" in str(errors[0]), "the error still says what"


def test_the_error_still_tells_its_kind(file_db_url):
    """Handlers keep what they need: the exception type, the SQLSTATE, the constraint."""
    engine = db.make_engine(file_db_url)
    try:
        note = Note(category="reduce", level="individual", text=NOTE, assessment_id=10**9)
        error = failure(engine, note)  # a foreign key to no assessment
    finally:
        engine.dispose()
    assert MARKER not in "".join(traceback.format_exception(error))
    if engine.dialect.name == "postgresql":
        assert error.orig.sqlstate == "23503"
        assert "SQLSTATE 23503" in str(error)
        assert "fk_note_assessment_id_assessment" in str(error)
        assert MARKER not in (error.orig.diag.message_detail or ""), "ids only in this one"
    else:
        assert "FOREIGN KEY constraint failed" in str(error)
