"""Texts of roster (fi, en); merged into i18n."""

TEXTS: dict[str, dict[str, str]] = {}
