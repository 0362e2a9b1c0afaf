"""Organisation page, Import tab: a roster file checked, previewed and applied (A1, TRUST 21)."""

from __future__ import annotations

from model.viewer import Viewer


def render(viewer: Viewer) -> None:
    pass
