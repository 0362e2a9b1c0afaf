"""Texts of workshop follow-up (fi, en): the actions a workshop agreed and how lights moved
since; merged into model.i18n.TEXTS."""

TEXTS: dict[str, dict[str, str]] = {
    "team.tab.followup": {"fi": "Seuranta", "en": "Follow-up"},
    "followup.title": {
        "fi": "Työpajoissa sovitut toimenpiteet",
        "en": "Actions agreed in workshops",
    },
    "followup.caption": {
        "fi": "Tämän yksikön ja sen yläpuolisten yksiköiden työpajoissa yhdessä sovitut "
        "toimenpiteet ja niiden tilanne.",
        "en": "What workshops of this unit and the units above it agreed together, and where "
        "each action stands.",
    },
    "followup.my_title": {
        "fi": "Tiimimme työpajoissa sovitut toimenpiteet",
        "en": "Actions our team agreed in workshops",
    },
    "followup.empty": {
        "fi": "Työpajoissa ei ole vielä sovittu toimenpiteitä.",
        "en": "No actions have been agreed in workshops yet.",
    },
    "followup.action_heading": {
        "fi": "{title} · {status} · työpaja: {workshop}",
        "en": "{title} · {status} · workshop: {workshop}",
    },
    "followup.theme": {"fi": "Teema", "en": "Theme"},
    "followup.status": {"fi": "Tila", "en": "Status"},
    "followup.comment": {"fi": "Kommentti (vapaaehtoinen)", "en": "Comment (optional)"},
    "followup.save": {"fi": "Tallenna tila", "en": "Save status"},
    "followup.saved": {
        "fi": "Toimenpiteen tila tallennettu.",
        "en": "The action's status was saved.",
    },
    "followup.since_title": {
        "fi": "Mitä on tapahtunut työpajan «{workshop}» jälkeen",
        "en": "What has moved since the workshop “{workshop}”",
    },
    "followup.since_caption": {
        "fi": "Valojen osuudet kentittäin työpajan lähtökierroksella ({before}) ja tällä "
        "kierroksella. Vain julkaistuista, riittävän suurista ryhmistä.",
        "en": "The share of each light per field in the workshop's round ({before}) and in this "
        "round. From released, large enough groups only.",
    },
    "followup.since_hidden": {
        "fi": "Muutosta ei voi näyttää: yksikön luvut ovat piilossa jommallakummalla kierroksella.",
        "en": "The change cannot be shown: the unit's figures are hidden in one of the rounds.",
    },
    "followup.move_line": {
        "fi": "{field}: vihreä {g_before} → {g_after} ({g_diff} %-yks.), punainen {r_before} → "
        "{r_after} ({r_diff} %-yks.)",
        "en": "{field}: green {g_before} → {g_after} ({g_diff} pp), red {r_before} → {r_after} "
        "({r_diff} pp)",
    },
}
