"""Texts of the workshop pages: the facilitator's list and control panel, the room's screen and
the participant's phone (merged into ``model.i18n.TEXTS``)."""

from __future__ import annotations

_PHASES = {
    "planned": ("Suunniteltu", "Planned"),
    "present": ("Tulokset", "Results"),
    "write": ("Kirjoittaminen", "Writing"),
    "reveal": ("Paljastus", "Reveal"),
    "group": ("Ryhmittely", "Grouping"),
    "vote": ("Äänestys", "Voting"),
    "decide": ("Päätökset", "Deciding"),
    "harvest": ("Sato", "Harvest"),
    "closed": ("Päättynyt", "Closed"),
}

# What the room (screen and phones) is asked to do in each phase.
_INSTRUCTIONS = {
    "planned": (
        "Työpaja ei ole vielä alkanut. Odota, että vetäjä käynnistää sen.",
        "The workshop has not started yet. Wait for the facilitator to start it.",
    ),
    "present": (
        "Katsotaan yhdessä tiimin omia tuloksia. Mikä yllättää, mikä tuntuu tutulta?",
        "Let's look at the team's own results together. What surprises you, what feels familiar?",
    ),
    "write": (
        "Kirjoita ajatuksesi kysymyksiin: yksi ajatus yhteen lappuun. Muut näkevät laput vasta, "
        "kun ne paljastetaan, eikä kukaan näe, kuka minkäkin kirjoitti.",
        "Write your thoughts under the questions: one thought per note. Others see the notes "
        "only when they are revealed, and nobody sees who wrote which.",
    ),
    "reveal": (
        "Kaikkien laput ovat nyt näkyvissä ilman kirjoittajia. Lue ne rauhassa.",
        "Everyone's notes are now shown, without their writers. Read them through.",
    ),
    "group": (
        "Vetäjä kokoaa laput teemoiksi. Seuraa, mitä syntyy, ja kerro, jos jokin kuuluu muualle.",
        "The facilitator gathers the notes into themes. Follow along and say if something "
        "belongs elsewhere.",
    ),
    "vote": (
        "Jaa pisteesi teemoille, joita haluat edistää ensin. Voit antaa samalle teemalle "
        "useamman pisteen. Tulokset näkyvät, kun äänestys päättyy.",
        "Spend your dots on the themes you want to move first. You may give one theme several "
        "dots. The results are shown when voting ends.",
    ),
    "decide": (
        "Eniten pisteitä saaneista teemoista sovitaan toimenpiteet: mitä tehdään, kuka vastaa "
        "ja mistä huomaamme onnistumisen.",
        "The themes with the most dots become actions: what we do, who owns it and how we will "
        "know it worked.",
    ),
    "harvest": (
        "Tässä on, mitä sovimme. Kiitos osallistumisesta!",
        "Here is what we agreed. Thank you for taking part!",
    ),
    "closed": (
        "Työpaja on päättynyt. Sovitut toimenpiteet näkyvät tiimin sivulla.",
        "The workshop has ended. The actions agreed are shown on the team's page.",
    ),
}

# What the facilitator does in each phase (the control panel).
_FACILITATE = {
    "planned": (
        "Voit vielä muuttaa suunnitelmaa. Kun huone on valmis, aloita työpaja ja avaa "
        "esitysnäkymä näytölle.",
        "You can still change the plan. When the room is ready, start the workshop and open "
        "the presentation view on the screen.",
    ),
    "present": (
        "Näytöllä on tiimin julkaistu tulosnäkymä. Osallistujat liittyvät koodilla tai "
        "QR-koodilla.",
        "The screen shows the team's released results. Participants join with the code or the "
        "QR code.",
    ),
    "write": (
        "Osallistujat kirjoittavat. Näet vain lappujen määrät: tekstit näkyvät paljastuksen "
        "jälkeen.",
        "Participants are writing. You see only how many notes there are: the texts are shown "
        "after the reveal.",
    ),
    "reveal": (
        "Laput näkyvät kaikille. Seuraavaksi kokoa ne teemoiksi.",
        "The notes are shown to everyone. Next, gather them into themes.",
    ),
    "group": (
        "Valitse lappuja ja tee niistä teema, siirrä lappuja teemasta toiseen, yhdistä ja "
        "nimeä teemoja.",
        "Pick notes and make a theme of them, move notes between themes, merge and rename themes.",
    ),
    "vote": (
        "Osallistujat jakavat pisteitään. Pistemäärät näkyvät vasta, kun äänestys päättyy.",
        "Participants spend their dots. The counts are shown only when voting ends.",
    ),
    "decide": (
        "Teemat ovat pistejärjestyksessä. Kirjaa sovitut toimenpiteet teemoittain.",
        "The themes are in order of dots. Record the actions agreed, theme by theme.",
    ),
    "harvest": (
        "Kokoa sato: teemat, pisteet ja toimenpiteet. Lopuksi päätä työpaja.",
        "Gather the harvest: themes, dots and actions. Finally, close the workshop.",
    ),
    "closed": (
        "Työpaja on päättynyt. Koodi ei enää toimi, ja osallistujien tunnisteet on poistettu.",
        "The workshop is closed. The code no longer works and the participants' tokens are "
        "deleted.",
    ),
}

_ERRORS = {
    "already_started": (
        "Työpaja on jo alkanut, joten suunnitelmaa ei voi enää muuttaa tai perua.",
        "The workshop has already started, so the plan can no longer be changed or cancelled.",
    ),
    "budget_range": (
        "Pisteitä voi olla {low}–{high} henkeä kohden.",
        "Each person may have {low}–{high} dots.",
    ),
    "budget_spent": (
        "Olet jo käyttänyt kaikki {budget} pistettäsi. Ota piste pois jostain teemasta, jos "
        "haluat siirtää sen.",
        "You have spent all your {budget} dots. Take one back from a theme if you want to move it.",
    ),
    "changed_meanwhile": (
        "Joku muutti tätä sillä välin. Tarkista tilanne ja tee muutos uudelleen.",
        "Someone changed this meanwhile. Check it and make your change again.",
    ),
    "closed": ("Työpaja on päättynyt.", "The workshop has ended."),
    "name_empty": ("Anna työpajalle nimi.", "Give the workshop a name."),
    "not_joined": (
        "Tämä osallistumislinkki ei enää toimi: työpaja on päättynyt tai linkki on vajaa. "
        "Liity uudelleen koodilla.",
        "This participant link no longer works: the workshop has ended or the link is "
        "incomplete. Join again with the code.",
    ),
    "note_empty": ("Lappu on tyhjä.", "The note is empty."),
    "questions_empty": (
        "Kirjoita ainakin yksi kysymys, yksi kullekin riville.",
        "Write at least one question, one per line.",
    ),
    "sign_in_first": (
        "Tähän työpajaan liitytään kirjautuneena. Kirjaudu ensin sisään ja liity sitten koodilla.",
        "This workshop is for signed-in participants. Sign in first, then join with the code.",
    ),
    "theme_empty": ("Anna teemalle nimi.", "Give the theme a name."),
    "timer_range": (
        "Ajastin voi olla 1–{high} minuuttia (0 = ei ajastinta).",
        "The timer may be 1–{high} minutes (0 = no timer).",
    ),
    "too_long": (
        "Teksti on liian pitkä ({length} merkkiä, enintään {limit}).",
        "The text is too long ({length} characters, at most {limit}).",
    ),
    "too_many_notes": (
        "Olet kirjoittanut jo {limit} lappua, enempää ei voi lisätä.",
        "You have written {limit} notes already; no more can be added.",
    ),
    "too_many_questions": (
        "Kysymyksiä voi olla enintään {limit}.",
        "There may be at most {limit} questions.",
    ),
    "unit_empty": (
        "Valitse yksikkö tai tiimi, jolle työpaja pidetään.",
        "Choose the unit or team the workshop is for.",
    ),
    "unknown_code": (
        "Koodilla ei löytynyt käynnissä olevaa työpajaa. Tarkista koodi näytöltä.",
        "No running workshop has this code. Check the code on the screen.",
    ),
    "unknown_note": (
        "Jotain lapuista ei enää löytynyt. Päivitä näkymä ja valitse uudelleen.",
        "Some of the notes were not found any more. Refresh the view and pick again.",
    ),
    "unknown_phase": ("Tuntematon vaihe.", "Unknown phase."),
    "unknown_question": ("Tuntematon kysymys.", "Unknown question."),
    "unknown_status": ("Tuntematon tila.", "Unknown status."),
    "unknown_template": (
        "Pohjaa ei löydy tämän kierroksen kehikosta. Valitse toinen pohja.",
        "The template is not available for this round's framework. Choose another template.",
    ),
    "unknown_theme": (
        "Teemaa ei enää ole. Päivitä näkymä.",
        "The theme no longer exists. Refresh the view.",
    ),
    "wrong_phase": (
        "Työpaja on siirtynyt toiseen vaiheeseen, joten tätä ei voi nyt tehdä.",
        "The workshop has moved to another phase, so this cannot be done now.",
    ),
}

_COLUMNS = {
    "name": ("Nimi", "Name"),
    "unit": ("Yksikkö tai tiimi", "Unit or team"),
    "planned_on": ("Päivä", "Date"),
    "status": ("Vaihe", "Phase"),
    "code": ("Koodi", "Code"),
}


def _pairs(prefix: str, pairs: dict[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    return {f"{prefix}.{k}": {"fi": fi, "en": en} for k, (fi, en) in pairs.items()}


TEXTS: dict[str, dict[str, str]] = {
    "nav.workshops": {"fi": "Työpajat", "en": "Workshops"},
    "nav.screen": {"fi": "Työpajan näyttö", "en": "Workshop screen"},
    "nav.join": {"fi": "Osallistu työpajaan", "en": "Join a workshop"},
    **_pairs("workshop.phase", _PHASES),
    **_pairs("workshop.instruction", _INSTRUCTIONS),
    **_pairs("workshop.facilitate", _FACILITATE),
    **_pairs("workshop.error", _ERRORS),
    **_pairs("workshop.col", _COLUMNS),
    "workshop.phase_step": {
        "fi": "{phase} · vaihe {at}/{total}",
        "en": "{phase} · step {at}/{total}",
    },
    # --- facilitator: list and planning --------------------------------------------------
    "workshop.title": {"fi": "Työpajat", "en": "Workshops"},
    "workshop.none": {"fi": "Ei vielä työpajoja.", "en": "No workshops yet."},
    "workshop.open": {"fi": "Avaa työpaja", "en": "Open a workshop"},
    "workshop.open_none": {"fi": "— valitse työpaja —", "en": "— choose a workshop —"},
    "workshop.option": {"fi": "{name} · {unit} · {phase}", "en": "{name} · {unit} · {phase}"},
    "workshop.all": {"fi": "Kaikki työpajat", "en": "All workshops"},
    "workshop.plan_title": {"fi": "Suunnittele uusi työpaja", "en": "Plan a new workshop"},
    "workshop.name": {"fi": "Työpajan nimi", "en": "Name of the workshop"},
    "workshop.unit": {"fi": "Yksikkö tai tiimi", "en": "Unit or team"},
    "workshop.unit_placeholder": {"fi": "Valitse yksikkö", "en": "Choose a unit"},
    "workshop.round": {"fi": "Esitettävä kierros", "en": "Round to present"},
    "workshop.round_none": {"fi": "Ei kierrosta", "en": "No round"},
    "workshop.round_help": {
        "fi": "Päättyneen kierroksen julkaistu tiiminäkymä näytetään työpajan alussa.",
        "en": "The released team view of a closed round is shown at the start of the workshop.",
    },
    "workshop.template": {"fi": "Pohja", "en": "Template"},
    "workshop.questions": {"fi": "Kysymykset", "en": "Questions"},
    "workshop.questions_help": {
        "fi": "Yksi kysymys riville, enintään {n}.",
        "en": "One question per line, at most {n}.",
    },
    "workshop.planned_on": {"fi": "Päivä", "en": "Date"},
    "workshop.budget": {"fi": "Pisteitä osallistujalle", "en": "Dots per participant"},
    "workshop.budget_help": {
        "fi": "Montako pistettä kukin saa jakaa teemoille äänestyksessä.",
        "en": "How many dots each person may spend on themes when voting.",
    },
    "workshop.guests": {
        "fi": "Salli osallistuminen ilman tunnusta",
        "en": "Allow guests without an account",
    },
    "workshop.guests_help": {
        "fi": "Vieras liittyy pelkällä koodilla. Kirjoittajaa ei tallenneta kummassakaan "
        "tapauksessa.",
        "en": "A guest joins with the code alone. The writer is not stored either way.",
    },
    "workshop.plan_submit": {"fi": "Suunnittele työpaja", "en": "Plan the workshop"},
    "workshop.plan_save": {"fi": "Tallenna muutokset", "en": "Save the changes"},
    "workshop.planned": {
        "fi": "Työpaja on suunniteltu. Liittymiskoodi on valmiina.",
        "en": "The workshop is planned. Its join code is ready.",
    },
    "workshop.plan_saved": {"fi": "Muutokset tallennettu.", "en": "Changes saved."},
    "workshop.edit_title": {"fi": "Muuta suunnitelmaa tai peru", "en": "Change or cancel the plan"},
    "workshop.cancel_sure": {
        "fi": "Haluan perua tämän työpajan",
        "en": "I want to cancel this workshop",
    },
    "workshop.cancel": {"fi": "Peru työpaja", "en": "Cancel the workshop"},
    "workshop.cancelled": {"fi": "Työpaja peruttiin.", "en": "The workshop was cancelled."},
    # --- facilitator: control panel --------------------------------------------------------
    "workshop.code": {"fi": "Liittymiskoodi", "en": "Join code"},
    "workshop.open_screen": {"fi": "Avaa esitysnäkymä", "en": "Open the presentation view"},
    "workshop.start": {"fi": "Aloita työpaja", "en": "Start the workshop"},
    "workshop.timer": {
        "fi": "Seuraavan vaiheen ajastin (min)",
        "en": "Timer for the next phase (min)",
    },
    "workshop.timer_help": {
        "fi": "Seuraavan vaiheen ajastin minuutteina; 0 = ei ajastinta. Ajastin vain kertoo "
        "ajan, vaihetta se ei vaihda.",
        "en": "A timer for the next phase in minutes; 0 = none. It only tells the time; it "
        "does not change the phase.",
    },
    "workshop.next_to": {"fi": "Seuraavaksi: {phase}", "en": "Next: {phase}"},
    "workshop.back_to": {"fi": "Takaisin: {phase}", "en": "Back: {phase}"},
    "workshop.moved": {"fi": "Vaihe nyt: {phase}.", "en": "Phase now: {phase}."},
    "workshop.joined": {"fi": "Liittyneitä", "en": "Joined"},
    "workshop.notes_total": {"fi": "Lappuja", "en": "Notes"},
    "workshop.voters": {"fi": "Äänestäneitä", "en": "Have voted"},
    "workshop.time_left": {"fi": "Aikaa jäljellä", "en": "Time left"},
    "workshop.time_up": {"fi": "Aika on loppu", "en": "Time's up"},
    "workshop.small_room": {
        "fi": "Liittyneitä on alle {n}: lapuista voi arvata, kuka ne kirjoitti.",
        "en": "Fewer than {n} have joined: a note may be recognisable as someone's.",
    },
    "workshop.themes_title": {"fi": "Teemat", "en": "Themes"},
    "workshop.themes_by_votes": {"fi": "Teemat pistejärjestyksessä", "en": "Themes by dots"},
    "workshop.no_themes": {"fi": "Ei vielä teemoja.", "en": "No themes yet."},
    "workshop.ungrouped": {"fi": "Ei teemaa", "en": "No theme"},
    "workshop.ungrouped_title": {"fi": "Ryhmittelemättä ({n})", "en": "Not grouped ({n})"},
    "workshop.dots": {"fi": "{n} pistettä", "en": "{n} dots"},
    "workshop.dot": {"fi": "{n} piste", "en": "{n} dot"},
    "workshop.group.notes": {"fi": "Valitut laput", "en": "Notes chosen"},
    "workshop.group.notes_placeholder": {
        "fi": "Valitse yksi tai useampi lappu",
        "en": "Choose one or more notes",
    },
    "workshop.group.title": {"fi": "Uuden teeman nimi", "en": "Name of the new theme"},
    "workshop.group.create": {"fi": "Tee teema valituista", "en": "Make a theme of them"},
    "workshop.group.target": {"fi": "Siirrä teemaan", "en": "Move into theme"},
    "workshop.group.move": {"fi": "Siirrä valitut", "en": "Move the notes chosen"},
    "workshop.group.merge_title": {"fi": "Yhdistä teemoja", "en": "Merge themes"},
    "workshop.group.into": {"fi": "Yhdistä teemaan", "en": "Merge into"},
    "workshop.group.merged": {"fi": "Yhdistettävät teemat", "en": "Themes to merge"},
    "workshop.group.merge": {"fi": "Yhdistä", "en": "Merge"},
    "workshop.group.rename_label": {"fi": "Teeman nimi", "en": "Theme name"},
    "workshop.group.rename": {"fi": "Nimeä uudelleen", "en": "Rename"},
    "workshop.group.delete": {"fi": "Poista teema", "en": "Delete the theme"},
    "workshop.action_for": {"fi": "Teema", "en": "Theme"},
    "workshop.action_no_theme": {"fi": "Ei teemaa", "en": "No theme"},
    "workshop.action_theme": {"fi": "Teema: {theme}", "en": "Theme: {theme}"},
    "workshop.actions_title": {"fi": "Sovitut toimenpiteet", "en": "Actions agreed"},
    "workshop.no_actions": {"fi": "Ei vielä toimenpiteitä.", "en": "No actions yet."},
    "workshop.close_sure": {
        "fi": "Sato on koottu: päätä työpaja (koodi lakkaa toimimasta)",
        "en": "The harvest is in: close the workshop (the code stops working)",
    },
    "workshop.close": {"fi": "Päätä työpaja", "en": "Close the workshop"},
    "workshop.closed_done": {"fi": "Työpaja päätettiin.", "en": "The workshop was closed."},
    # --- the room's screen -----------------------------------------------------------------
    "workshop.scan": {"fi": "Liity puhelimella", "en": "Join on your phone"},
    "workshop.present_no_round": {
        "fi": "Työpajalle ei ole valittu kierrosta, joten tuloksia ei näytetä.",
        "en": "No round was chosen for this workshop, so no results are shown.",
    },
    "workshop.present_not_released": {
        "fi": "Kierroksen tuloksia ei ole vielä julkaistu: se näkyy, kun kierros on päättynyt.",
        "en": "The round's results are not released yet: they are shown once the round has closed.",
    },
    "workshop.present_of": {"fi": "{unit} · {round}", "en": "{unit} · {round}"},
    # --- the participant's phone ------------------------------------------------------------
    "workshop.join": {"fi": "Liity", "en": "Join"},
    "workshop.guest_note": {
        "fi": "Voit liittyä ilman tunnusta, jos vetäjä on sen sallinut. Muuten kirjaudu ensin.",
        "en": "You may join without an account if the facilitator allows it. Otherwise sign in "
        "first.",
    },
    "workshop.sign_in_link": {"fi": "Kirjaudu sisään", "en": "Sign in"},
    "workshop.send": {"fi": "Lähetä lappu", "en": "Send the note"},
    "workshop.note_sent": {"fi": "Lappu lähetetty.", "en": "Note sent."},
    "workshop.my_notes": {"fi": "Omat lappuni ({n})", "en": "My notes ({n})"},
    "workshop.edit_note": {"fi": "Muokkaa lappua", "en": "Edit the note"},
    "workshop.save_note": {"fi": "Tallenna", "en": "Save"},
    "workshop.delete_note": {"fi": "Poista", "en": "Delete"},
    "workshop.note_saved": {"fi": "Lappu tallennettu.", "en": "Note saved."},
    "workshop.note_deleted": {"fi": "Lappu poistettu.", "en": "Note deleted."},
    "workshop.dots_left": {"fi": "Pisteitä jäljellä", "en": "Dots left"},
    "workshop.my_dots": {"fi": "Omat pisteet: {n}", "en": "My dots: {n}"},
    "workshop.plus": {"fi": "+", "en": "+"},
    "workshop.minus": {"fi": "−", "en": "−"},
    "workshop.vote_add": {"fi": "Anna piste", "en": "Give a dot"},
    "workshop.vote_remove": {"fi": "Ota piste pois", "en": "Take a dot back"},
}
