"""Texts of the one-page discussion exports (PDF, Excel) in fi and en; merged into i18n.TEXTS."""

TEXTS: dict[str, dict[str, str]] = {
    "dexp.title": {"fi": "Kehityskeskustelun yhteenveto", "en": "Development discussion summary"},
    "dexp.sheet": {"fi": "Keskustelu", "en": "Discussion"},
    "dexp.date": {"fi": "Päivämäärä", "en": "Date"},
    "dexp.state": {"fi": "Keskustelu", "en": "Discussion"},
    "dexp.made": {"fi": "Tehty", "en": "Made"},
    "dexp.page": {"fi": "Sivu {page}/{pages}", "en": "Page {page} of {pages}"},
    "dexp.lights": {"fi": "Liikennevalot", "en": "Traffic lights"},
    "dexp.round": {"fi": "Arvio: {round} ({date})", "en": "Assessment: {round} ({date})"},
    "dexp.previous_round": {
        "fi": "Verrattuna edelliseen arvioon: {round} ({date})",
        "en": "Compared with the previous assessment: {round} ({date})",
    },
    "dexp.no_previous": {
        "fi": "Aiempaa jaettua arviota ei ole, joten muutosta ei näytetä.",
        "en": "There is no earlier shared assessment, so no change is shown.",
    },
    "dexp.no_assessment": {
        "fi": "Ei jaettua arviota: liikennevaloja ei näytetä.",
        "en": "No shared assessment: no traffic lights are shown.",
    },
    "dexp.col.now": {"fi": "Nyt", "en": "Now"},
    "dexp.col.previous": {"fi": "Edellinen", "en": "Previous"},
    "dexp.col.change": {"fi": "Muutos", "en": "Change"},
    "dexp.change.up": {"fi": "↑ Parantunut", "en": "↑ Improved"},
    "dexp.change.down": {"fi": "↓ Heikentynyt", "en": "↓ Declined"},
    "dexp.change.same": {"fi": "→ Ennallaan", "en": "→ Unchanged"},
    "dexp.actions": {"fi": "Sovitut toimenpiteet", "en": "Agreed actions"},
    "dexp.actions_empty": {
        "fi": "Toimenpiteitä ei ole sovittu.",
        "en": "No actions have been agreed.",
    },
    "dexp.col.action": {"fi": "Toimenpide ja keinot", "en": "Action and means"},
    "dexp.col.schedule": {"fi": "Aikataulu", "en": "Schedule"},
    "dexp.col.focus": {"fi": "Kohdistuu", "en": "Focus"},
    "dexp.focus_line": {"fi": "{label}: {value}", "en": "{label}: {value}"},
    "dexp.follow_ups": {"fi": "Seuranta: aiemmin sovitut", "en": "Follow-up of earlier actions"},
    "dexp.follow_ups_empty": {
        "fi": "Aiemmin sovittuja avoimia toimenpiteitä ei ollut.",
        "en": "There were no open earlier actions to follow up.",
    },
    "dexp.col.status_change": {
        "fi": "Tila edellisessä keskustelussa → nyt",
        "en": "Status at the last discussion → now",
    },
    "dexp.agenda": {"fi": "Asialista", "en": "Agenda"},
    "dexp.agenda_empty": {
        "fi": "Asialistalla ei ollut kohtia.",
        "en": "The agenda had no points.",
    },
    "dexp.footer": {
        "fi": "Yhteenveto on tarkoitettu työn merkityksellisyyden, kehittymisen ja hyvinvoinnin "
        "tukemiseen. Sitä ei käytetä suoritusten arviointiin eikä palkkaukseen. Luottamuksellinen: "
        "vain työntekijän ja esihenkilön välinen asiakirja.",
        "en": "This summary supports meaningful work, development and well-being. It is never "
        "used to rate performance or to set pay. Confidential: a document between the employee "
        "and the supervisor only.",
    },
}
