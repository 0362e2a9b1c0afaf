"""Texts of the rounds pages (fi, en); merged into model.i18n.TEXTS."""

TEXTS: dict[str, dict[str, str]] = {
    "nav.rounds": {"fi": "Kierrokset", "en": "Rounds"},
}
