"""Texts of the development-discussion pages (fi, en); merged into model.i18n.TEXTS."""

TEXTS: dict[str, dict[str, str]] = {
    "nav.discussion": {"fi": "Kehityskeskustelu", "en": "Development discussion"},
    "nav.discussions": {"fi": "Kehityskeskustelut", "en": "Development discussions"},
    # --- Shared by pages and exports ---
    "action.status.planned": {"fi": "Suunniteltu", "en": "Planned"},
    "action.status.in_progress": {"fi": "Käynnissä", "en": "In progress"},
    "action.status.done": {"fi": "Valmis", "en": "Done"},
    "action.status.dropped": {"fi": "Luovuttu", "en": "Dropped"},
    "action.owner.employee": {"fi": "Työntekijä", "en": "Employee"},
    "action.owner.supervisor": {"fi": "Esihenkilö", "en": "Supervisor"},
    "action.owner.team": {"fi": "Tiimi", "en": "Team"},
    "action.title": {"fi": "Toimenpide", "en": "Action"},
    "action.means": {"fi": "Konkreettiset keinot", "en": "Concrete means"},
    "action.owner": {"fi": "Vastuu", "en": "Owner"},
    "action.measure": {"fi": "Mittari: mistä huomaamme onnistumisen", "en": "Measure of success"},
    "action.measure_short": {"fi": "Mittari", "en": "Measure"},
    "action.time_span": {"fi": "Aikajänne", "en": "Time span"},
    "action.due_on": {"fi": "Määräpäivä", "en": "Due date"},
    "action.status": {"fi": "Tila", "en": "Status"},
    "action.field": {"fi": "Kokemus", "en": "Experience"},
    "action.category": {"fi": "Kehittämisen suunta", "en": "Direction"},
    "action.area": {"fi": "Kehittämisalue", "en": "Development area"},
    "action.none": {"fi": "—", "en": "—"},
    "action.overdue": {"fi": "⚠ Myöhässä", "en": "⚠ Overdue"},
    "action.due_text": {"fi": "määräpäivä {date}", "en": "due {date}"},
    "discussion.held": {"fi": "Pidetty {date}", "en": "Held on {date}"},
    "discussion.open": {"fi": "Valmisteilla", "en": "Being prepared"},
    "discussion.employee": {"fi": "Työntekijä", "en": "Employee"},
    "discussion.supervisor": {"fi": "Esihenkilö", "en": "Supervisor"},
    # --- Lines of the audit log on "My history" ---
    "event.discussion_exported": {
        "fi": "Keskustelun yhteenveto ladattiin",
        "en": "A discussion summary was downloaded",
    },
    "event.action_created": {"fi": "Toimenpide kirjattiin", "en": "An action was recorded"},
    "event.action_updated": {"fi": "Toimenpidettä päivitettiin", "en": "An action was updated"},
    "event.discussion_recorded": {
        "fi": "Keskustelu merkittiin pidetyksi",
        "en": "A discussion was marked as held",
    },
    "event.agenda_added": {
        "fi": "Esihenkilö lisäsi asialistalle kohdan",
        "en": "Your supervisor added an agenda point",
    },
    # --- Employee page ---
    "mydisc.title": {"fi": "Kehityskeskustelu", "en": "Development discussion"},
    "mydisc.intro": {
        "fi": "Sinä päätät, mitä esihenkilösi näkee. Voit jakaa arvion kehityskeskustelua varten "
        "ja perua jaon milloin tahansa. Jokainen katselukerta kirjautuu, ja näet lokin tällä "
        "sivulla.",
        "en": "You decide what your supervisor sees. You can share an assessment for your "
        "development discussion and withdraw it at any time. Every look is logged, and you see "
        "the log on this page.",
    },
    "mydisc.no_supervisor": {
        "fi": "Sinulle ei ole merkitty esihenkilöä, joten jakaminen ei ole vielä mahdollista. "
        "Ota yhteys järjestelmän ylläpitäjään.",
        "en": "No supervisor is recorded for you, so sharing is not possible yet. Contact the "
        "administrator.",
    },
    "mydisc.sharing_title": {"fi": "Arvioiden jakaminen", "en": "Sharing my assessments"},
    "mydisc.no_assessments": {
        "fi": "Sinulla ei ole vielä lähetettyjä arvioita. Jakaa voi lähetetyn arvion.",
        "en": "You have no submitted assessments yet. Only a submitted one can be shared.",
    },
    "mydisc.pick": {"fi": "Arvio", "en": "Assessment"},
    "mydisc.state.live": {
        "fi": "Jaettu esihenkilölle {name} {date} alkaen.",
        "en": "Shared with {name} since {date}.",
    },
    "mydisc.state.until": {
        "fi": "Jako päättyy {date} jälkeen.",
        "en": "The share ends after {date}.",
    },
    "mydisc.state.ended": {
        "fi": "Jako päättyi {date}. Esihenkilösi ei enää näe arviota.",
        "en": "The share ended on {date}. Your supervisor no longer sees the assessment.",
    },
    "mydisc.state.anonymous": {
        "fi": "Ei jaettu. Arvio lasketaan nimettömänä tiimin koosteeseen.",
        "en": "Not shared. The assessment counts anonymously in your team's summary.",
    },
    "mydisc.state.private": {
        "fi": "Ei jaettu. Arvio on vain sinulle.",
        "en": "Not shared. The assessment is for you only.",
    },
    "mydisc.set_end": {"fi": "Aseta jaolle päättymispäivä", "en": "Set an end date"},
    "mydisc.end_date": {"fi": "Viimeinen näkymispäivä", "en": "Last day visible"},
    "mydisc.share": {"fi": "Jaa esihenkilölle", "en": "Share with my supervisor"},
    "mydisc.share_again": {"fi": "Päivitä jako", "en": "Update the share"},
    "mydisc.shared": {"fi": "Arvio on jaettu esihenkilöllesi.", "en": "The assessment is shared."},
    "mydisc.after_withdraw": {"fi": "Perumisen jälkeen arvio on", "en": "After withdrawing"},
    "mydisc.withdraw": {"fi": "Peru jako", "en": "Withdraw the share"},
    "mydisc.withdrawn": {
        "fi": "Jako on peruttu. Esihenkilösi ei enää näe arviota.",
        "en": "The share is withdrawn. Your supervisor no longer sees the assessment.",
    },
    "mydisc.log_title": {"fi": "Kuka on katsonut tietojani", "en": "Who has seen my data"},
    "mydisc.log_empty": {
        "fi": "Kukaan muu ei ole avannut jakamiasi tietoja.",
        "en": "Nobody else has opened what you shared.",
    },
    "mydisc.log_line": {"fi": "{when} — {name}: {what}", "en": "{when} — {name}: {what}"},
    "mydisc.log_round": {"fi": "{what} ({round})", "en": "{what} ({round})"},
    "log.assessment_viewed": {"fi": "avasi arviosi", "en": "opened your assessment"},
    "log.discussion_exported": {
        "fi": "latasi keskustelun yhteenvedon",
        "en": "downloaded the discussion summary",
    },
    "log.action_created": {"fi": "kirjasi toimenpiteen", "en": "recorded an action"},
    "log.action_updated": {"fi": "päivitti toimenpidettä", "en": "updated an action"},
    "log.discussion_recorded": {
        "fi": "merkitsi keskustelun pidetyksi",
        "en": "marked the discussion as held",
    },
    "log.agenda_added": {"fi": "lisäsi asialistalle kohdan", "en": "added an agenda point"},
    "mydisc.agenda_title": {
        "fi": "Asialista seuraavaan keskusteluun",
        "en": "Agenda for the next discussion",
    },
    "mydisc.agenda_help": {
        "fi": "Kirjaa asiat, joista haluat puhua. Esihenkilösi näkee ne valmistautuessaan, kun "
        "olet jakanut hänelle arvion. Älä kirjaa terveystietoja tai muiden ihmisten asioita.",
        "en": "Write down what you want to talk about. Your supervisor sees it while preparing, "
        "once you have shared an assessment. Leave out health details and other people's "
        "matters.",
    },
    "mydisc.agenda_empty": {
        "fi": "Asialistalla ei ole vielä mitään.",
        "en": "The agenda is empty.",
    },
    "mydisc.agenda_new": {"fi": "Uusi asia", "en": "New point"},
    "mydisc.agenda_add": {"fi": "Lisää asialistalle", "en": "Add to the agenda"},
    "mydisc.agenda_added": {"fi": "Lisätty asialistalle.", "en": "Added to the agenda."},
    "mydisc.agenda_remove": {"fi": "Poista", "en": "Remove"},
    "mydisc.agenda_removed": {"fi": "Kohta poistettu.", "en": "Point removed."},
    "mydisc.by_supervisor": {"fi": "esihenkilön lisäämä", "en": "added by the supervisor"},
    "mydisc.by_employee": {"fi": "työntekijän lisäämä", "en": "added by the employee"},
    "mydisc.actions_title": {"fi": "Sovitut toimenpiteet", "en": "Agreed actions"},
    "mydisc.actions_empty": {
        "fi": "Toimenpiteitä ei ole vielä sovittu.",
        "en": "No actions have been agreed yet.",
    },
    "mydisc.new_status": {"fi": "Uusi tila", "en": "New status"},
    "mydisc.comment": {"fi": "Kommentti", "en": "Comment"},
    "mydisc.save_update": {"fi": "Tallenna", "en": "Save"},
    "mydisc.updated": {"fi": "Toimenpide päivitetty.", "en": "Action updated."},
    "mydisc.history": {"fi": "Muutoshistoria", "en": "History"},
    "mydisc.history_line": {
        "fi": "{when} · {name}: {what}",
        "en": "{when} · {name}: {what}",
    },
    "mydisc.history_status": {"fi": "tila → {status}", "en": "status → {status}"},
    "mydisc.discussions_title": {"fi": "Keskustelujen yhteenvedot", "en": "Discussion summaries"},
    "mydisc.discussions_empty": {
        "fi": "Keskusteluja ei ole vielä kirjattu.",
        "en": "No discussions have been recorded yet.",
    },
    "mydisc.discussion_label": {
        "fi": "{state} · {count} toimenpidettä",
        "en": "{state} · {count} actions",
    },
    "mydisc.download_pdf": {"fi": "Lataa PDF", "en": "Download PDF"},
    "mydisc.download_xlsx": {"fi": "Lataa Excel", "en": "Download Excel"},
    "history.actions_for_round": {
        "fi": "Tämän arvion pohjalta sovitut toimenpiteet",
        "en": "Actions agreed from this assessment",
    },
    # --- Supervisor page ---
    "disc.title": {"fi": "Kehityskeskustelut", "en": "Development discussions"},
    "disc.intro": {
        "fi": "Näet tiimisi jäsenten arviot vain, jos he ovat itse jakaneet ne sinulle, ja vain "
        "niin kauan kuin jako on voimassa. Jokainen avaus kirjautuu työntekijän nähtäväksi. "
        "Keskustelun tarkoitus on kehittyminen ja hyvinvointi, ei suoritusarviointi.",
        "en": "You see a team member's assessments only if they shared them with you, and only "
        "while the share lasts. Every look is logged for the employee to see. The discussion is "
        "about development and well-being, never performance rating.",
    },
    "disc.no_people": {
        "fi": "Sinulle ei ole merkitty tiimin jäseniä.",
        "en": "No team members are recorded for you.",
    },
    "disc.col.name": {"fi": "Nimi", "en": "Name"},
    "disc.col.shared": {"fi": "Jakanut", "en": "Shared"},
    "disc.col.round": {"fi": "Uusin jaettu arvio", "en": "Latest shared assessment"},
    "disc.col.last": {"fi": "Edellinen keskustelu", "en": "Last discussion"},
    "disc.col.open": {"fi": "Avoimia toimenpiteitä", "en": "Open actions"},
    "disc.col.overdue": {"fi": "Myöhässä", "en": "Overdue"},
    "disc.yes": {"fi": "Kyllä", "en": "Yes"},
    "disc.not_shared": {"fi": "Ei jakoa", "en": "Not shared"},
    "disc.nobody_shared": {
        "fi": "Kukaan ei ole vielä jakanut arviotaan sinulle.",
        "en": "Nobody has shared an assessment with you yet.",
    },
    "disc.pick": {"fi": "Valmistaudu keskusteluun", "en": "Prepare a discussion with"},
    "disc.no_access": {
        "fi": "Tämä henkilö ei jaa sinulle arviota juuri nyt.",
        "en": "This person does not share an assessment with you right now.",
    },
    "disc.last_held": {"fi": "Edellinen keskustelu: {date}", "en": "Last discussion: {date}"},
    "disc.never_held": {"fi": "Ei aiempia keskusteluja.", "en": "No earlier discussions."},
    "disc.latest": {"fi": "Uusin: {round}", "en": "Latest: {round}"},
    "disc.previous": {"fi": "Edellinen: {round}", "en": "Previous: {round}"},
    "disc.no_previous": {
        "fi": "Aiempaa jaettua arviota ei ole.",
        "en": "No earlier shared assessment.",
    },
    "disc.changes": {"fi": "Mikä muuttui", "en": "What changed"},
    "disc.notes": {"fi": "Muistiinpanot", "en": "Notes"},
    "disc.no_notes": {"fi": "Ei muistiinpanoja.", "en": "No notes."},
    "disc.agenda": {"fi": "Asialista", "en": "Agenda"},
    "disc.actions": {"fi": "Toimenpiteet", "en": "Actions"},
    "disc.open_actions": {
        "fi": "Avoimet toimenpiteet — aloita näistä",
        "en": "Open actions — start from these",
    },
    "disc.closed_actions": {"fi": "Päättyneet toimenpiteet", "en": "Finished actions"},
    "disc.new_action": {"fi": "Kirjaa uusi toimenpide", "en": "Record a new action"},
    "disc.from_note": {"fi": "Muistiinpanon pohjalta", "en": "Based on a note"},
    "disc.from_scratch": {"fi": "Ei muistiinpanoa (tyhjästä)", "en": "No note (from scratch)"},
    "disc.add_action": {"fi": "Tallenna toimenpide", "en": "Save the action"},
    "disc.action_added": {"fi": "Toimenpide kirjattu.", "en": "Action recorded."},
    "disc.record_title": {"fi": "Keskustelun kirjaaminen", "en": "Recording the discussion"},
    "disc.held_on": {"fi": "Keskustelupäivä", "en": "Date of the discussion"},
    "disc.record": {"fi": "Merkitse keskustelu pidetyksi", "en": "Mark the discussion as held"},
    "disc.recorded": {
        "fi": "Keskustelu kirjattu. Seuraava keskustelu alkaa avoimista toimenpiteistä.",
        "en": "Discussion recorded. The next one starts from the open actions.",
    },
    "disc.export_title": {"fi": "Yhteenveto molemmille", "en": "Summary for both of you"},
    "disc.no_discussion": {
        "fi": "Yhteenveto syntyy, kun kirjaat ensimmäisen toimenpiteen tai asialistan kohdan.",
        "en": "A summary appears once you record the first action or agenda point.",
    },
    "disc.agenda_new": {"fi": "Oma asialistan kohta", "en": "Your own agenda point"},
    # --- Errors ---
    "discerror.no_supervisor": {
        "fi": "Sinulle ei ole merkitty esihenkilöä.",
        "en": "No supervisor is recorded for you.",
    },
    "discerror.not_submitted": {
        "fi": "Vain lähetetyn arvion voi jakaa.",
        "en": "Only a submitted assessment can be shared.",
    },
    "discerror.end_in_past": {
        "fi": "Päättymispäivä ei voi olla menneisyydessä.",
        "en": "The end date cannot be in the past.",
    },
    "discerror.bad_sharing": {
        "fi": "Valitse nimetön tai vain minulle.",
        "en": "Choose anonymous or only me.",
    },
    "discerror.agenda_empty": {"fi": "Kirjoita ensin jotain.", "en": "Write something first."},
    "discerror.changed_elsewhere": {
        "fi": "Tätä on muutettu toisessa välilehdessä tai toisen henkilön toimesta sen jälkeen, "
        "kun sivu avattiin, joten muutostasi ei tallennettu. Tekstisi on yhä näkyvissä; "
        "tarkista ajantasainen tilanne ja yritä uudelleen.",
        "en": "This was changed in another tab or by someone else after the page was opened, so "
        "your change was not saved. Your text is still on screen; check the current state and "
        "try again.",
    },
    "discerror.too_long": {
        "fi": "Teksti on liian pitkä ({length}/{limit} merkkiä).",
        "en": "The text is too long ({length}/{limit} characters).",
    },
    "discerror.discussion_held": {
        "fi": "Keskustelu on jo pidetty, eikä sen asialistaa voi muuttaa.",
        "en": "The discussion has been held; its agenda can no longer change.",
    },
    "discerror.held_in_future": {
        "fi": "Keskustelupäivä ei voi olla tulevaisuudessa.",
        "en": "The discussion date cannot be in the future.",
    },
    "discerror.action_title_empty": {
        "fi": "Anna toimenpiteelle nimi.",
        "en": "Give the action a name.",
    },
    "discerror.unknown_field": {"fi": "Tuntematon kokemus.", "en": "Unknown experience."},
    "discerror.unknown_category": {"fi": "Tuntematon suunta.", "en": "Unknown direction."},
    "discerror.unknown_area": {"fi": "Tuntematon kehittämisalue.", "en": "Unknown area."},
    "discerror.due_in_past": {
        "fi": "Määräpäivä ei voi olla menneisyydessä.",
        "en": "The due date cannot be in the past.",
    },
    "discerror.unknown_status": {"fi": "Tuntematon tila.", "en": "Unknown status."},
    "discerror.nothing_to_update": {
        "fi": "Valitse uusi tila tai kirjoita kommentti.",
        "en": "Choose a new status or write a comment.",
    },
}
