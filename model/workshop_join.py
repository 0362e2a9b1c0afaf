"""What a workshop room needs beside the board: the join link and its QR code, the phase clock,
the order of the phases for the facilitator's buttons, and the actions a participant may see."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlencode

import pandas as pd
import segno
from sqlmodel import Session, col, select

from model import workshops as ws
from model.tables import Action, WorkshopPhase, WorkshopTheme
from model.viewer import Viewer

JOIN_PATH = "join"
SCREEN_PATH = "screen"
CODE_PARAM = "code"  # /join?code=ABC123: the link behind the QR code
TOKEN_PARAM = "p"  # /join?p=<token>: a participant's own link, kept in the URL
WORKSHOP_PARAM = "w"  # /workshops?w=<id>, /screen?w=<id>
ACTIONS_SHOWN = frozenset({WorkshopPhase.decide, WorkshopPhase.harvest, WorkshopPhase.closed})
PARTICIPANT_ACTION_COLUMNS = ["theme", "title", "means", "owner", "measure", "time_span", "due_on"]


def join_url(base_url: str, code: str) -> str:
    """The address a phone opens to join with ``code``."""
    return f"{base_url.rstrip('/')}/{JOIN_PATH}?{urlencode({CODE_PARAM: code})}"


def qr_png(url: str, scale: int = 10) -> bytes:
    """A QR code of ``url`` as PNG bytes, dark on white with the quiet zone scanners need."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def clock_text(seconds: int) -> str:
    """``m:ss`` for a timer on the wall."""
    minutes, rest = divmod(max(0, seconds), 60)
    return f"{minutes}:{rest:02d}"


def previous_phase(phase: str) -> str | None:
    """The phase before ``phase`` the facilitator may step back to (never back to planned)."""
    at = ws.PHASES.index(phase)
    if at <= 1 or phase == WorkshopPhase.closed:
        return None
    return ws.PHASES[at - 1]


def step(phase: str) -> tuple[int, int]:
    """Which live phase this is, counted from 1, and how many there are (0 before and after)."""
    if phase not in ws.LIVE_PHASES:
        return 0, len(ws.LIVE_PHASES)
    return ws.LIVE_PHASES.index(phase) + 1, len(ws.LIVE_PHASES)


def released_rounds(rounds: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The rounds (``model.teamview.rounds_for_unit``) that have closed: a workshop presents a
    round's release, and only a closed round has one."""
    return rounds[rounds["closes_on"] < today]


def participant_actions(session: Session, *, token: str, viewer: Viewer | None) -> pd.DataFrame:
    """The actions the workshop agreed, for someone who joined it: from the decide phase on."""
    w = ws.workshop_of(session, token=token, viewer=viewer)
    if w.status not in ACTIONS_SHOWN:
        return pd.DataFrame(columns=PARTICIPANT_ACTION_COLUMNS)
    themes = dict(
        session.exec(
            select(WorkshopTheme.id, WorkshopTheme.title).where(WorkshopTheme.workshop_id == w.id)
        ).all()
    )
    actions = session.exec(
        select(Action).where(Action.workshop_id == w.id).order_by(col(Action.id))
    ).all()
    return pd.DataFrame(
        [
            {
                "theme": themes.get(a.theme_id, ""),
                "title": a.title,
                "means": a.means,
                "owner": a.owner,
                "measure": a.measure,
                "time_span": a.time_span,
                "due_on": a.due_on,
            }
            for a in actions
        ],
        columns=PARTICIPANT_ACTION_COLUMNS,
    )
