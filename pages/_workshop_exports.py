"""Downloads of a workshop in the harvest: the deck and the workbook (filled in by the deck work;
the control panel calls ``render`` where the buttons belong)."""

from __future__ import annotations

from model.viewer import Viewer


def render(workshop_id: int, viewer: Viewer, lang: str) -> None:
    """The workshop's download buttons; nothing yet."""
    return None
