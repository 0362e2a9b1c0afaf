"""Texts of the one-page discussion exports (PDF, Excel) in fi and en; merged into i18n.TEXTS."""

TEXTS: dict[str, dict[str, str]] = {}
