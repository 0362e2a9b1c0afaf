"""Organisation settings (A3) — built in issue 11."""

from pages import _shared as ui

viewer = ui.require_viewer()
