"""Texts of the team pages (fi, en); merged into model.i18n.TEXTS."""

TEXTS: dict[str, dict[str, str]] = {}
