"""The text catalogue (Finnish first, English complete) and helpers that compose translated text.

Every user-facing string of the app comes from ``TEXTS``; ``tests/test_i18n.py`` fails when a key
lacks a language or a page uses a key that does not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from model import (
    texts_accounts,
    texts_deck,
    texts_discussion,
    texts_discussion_export,
    texts_followup,
    texts_org,
    texts_people,
    texts_roster,
    texts_rounds,
    texts_settings,
    texts_signin,
    texts_team,
    texts_workshop,
    timesource,
)
from model.framework import Framework

LANGUAGES = ("fi", "en")
_LANGUAGE_NAMES = {"fi": "Suomi", "en": "English"}

TEXTS: dict[str, dict[str, str]] = {
    # --- frame -------------------------------------------------------------------------------
    "app.language": {"fi": "Kieli", "en": "Language"},
    "app.signed_in_as": {"fi": "Kirjautuneena · {roles}", "en": "Signed in · {roles}"},
    "app.logout": {"fi": "Kirjaudu ulos", "en": "Sign out"},
    "nav.signin": {"fi": "Kirjaudu", "en": "Sign in"},
    "nav.assess": {"fi": "Itsearviointi", "en": "Self-assessment"},
    "nav.history": {"fi": "Oma historia", "en": "My history"},
    "nav.organisation": {"fi": "Organisaatio", "en": "Organisation"},
    "nav.about": {"fi": "Tietoa palvelusta", "en": "About"},
    "common.signed_out": {
        "fi": "Istuntosi on päättynyt. Kirjaudu uudelleen.",
        "en": "Your session has ended. Please sign in again.",
    },
    "common.stale_ended": {
        "fi": "Kirjautumisesi on päättynyt, joten viimeistä painallusta ei tehty. Kirjaudu "
        "uudelleen ja tee se tarvittaessa uudestaan.",
        "en": "Your sign-in has ended, so your last click was not carried out. Sign in again and "
        "do it again if you still want to.",
    },
    "common.stale_click": {
        "fi": "Kirjautumisesi tai käyttöoikeutesi muuttuivat sivun avaamisen jälkeen, joten "
        "viimeistä painallusta ei tehty. Tarkista sivu ja tee se tarvittaessa uudelleen.",
        "en": "Your sign-in or your rights changed after this page was opened, so your last "
        "click was not carried out. Check the page and do it again if you still want to.",
    },
    "common.export_failed": {
        "fi": "Tiedostoa ei saatu tehtyä. Mitään ei kadonnut; yritä hetken päästä uudelleen, ja "
        "jos virhe toistuu, kerro siitä ylläpidolle.",
        "en": "The file could not be made. Nothing was lost; try again in a moment, and if it "
        "keeps failing, tell the administrators.",
    },
    "common.export_prepare": {"fi": "Tee tiedosto: {label}", "en": "Make the file: {label}"},
    "common.export_ready": {
        "fi": "Tiedosto on valmis ladattavaksi.",
        "en": "The file is ready to download.",
    },
    "common.access_denied": {
        "fi": "Sinulla ei ole oikeutta tähän näkymään.",
        "en": "You do not have access to this view.",
    },
    "role.employee": {"fi": "työntekijä", "en": "employee"},
    "role.supervisor": {"fi": "esihenkilö", "en": "supervisor"},
    "role.facilitator": {"fi": "kehittäjä", "en": "facilitator"},
    "role.admin": {"fi": "pääkäyttäjä", "en": "admin"},
    # --- sign-in -----------------------------------------------------------------------------
    "signin.title": {"fi": "Merkitys", "en": "Merkitys"},
    "signin.intro": {
        "fi": "Pysähdy hetkeksi miettimään, mikä tekee työstäsi merkityksellistä. "
        "Kirjaudu sisään työsähköpostillasi.",
        "en": "Take a moment to reflect on what makes your work meaningful. "
        "Sign in with your work e-mail.",
    },
    "signin.email": {"fi": "Sähköposti", "en": "E-mail"},
    "signin.password": {"fi": "Salasana", "en": "Password"},
    "signin.submit": {"fi": "Kirjaudu sisään", "en": "Sign in"},
    "signin.failed": {
        "fi": "Sähköposti tai salasana ei kelpaa. Toistuvien yritysten jälkeen kirjautuminen "
        "on hetken tauolla.",
        "en": "The e-mail or password is not valid. After repeated attempts, signing in is "
        "paused for a while.",
    },
    # --- privacy and purpose -----------------------------------------------------------------
    "privacy.title": {"fi": "Ennen kuin aloitat", "en": "Before you start"},
    "privacy.purpose": {
        "fi": "Merkitys on työn merkityksellisyyden ja hyvinvoinnin kehittämiseen tarkoitettu "
        "väline. Vastauksiasi ei käytetä suoritusten arviointiin, palkkaukseen eikä "
        "henkilöstöpäätöksiin.",
        "en": "Merkitys is a tool for developing meaningful work and well-being. Your answers are "
        "never used to rate your performance, to set pay or to make personnel decisions.",
    },
    "privacy.notice": {
        "fi": "Vastauksesi ovat henkilötietoja. Näet ne itse aina. Tiimien koosteissa ne näkyvät "
        "vain nimettöminä ja vasta, kun vastaajia on riittävän monta. Esihenkilösi näkee "
        "vastauksesi vain, jos jaat ne hänelle, ja voit perua jaon. Voit ladata kaikki "
        "tietosi tai poistaa ne Oma historia -sivulla. Älä kirjoita perusteluihin tai "
        "muistiinpanoihin terveystietoja äläkä muiden ihmisten tietoja. Kun kierros päättyy, "
        "sen nimettömät lukumäärät julkaistaan kerran eivätkä ne enää muutu: jos myöhemmin "
        "poistat tietosi, vastauksesi ja tekstisi poistuvat, mutta nimettömät lukumäärät "
        "säilyvät.",
        "en": "Your answers are personal data. You can always see them yourself. Team summaries "
        "show them only anonymously and only when enough people have answered. Your supervisor "
        "sees your answers only if you share them, and you can withdraw the share. You can "
        "download or erase all your data on the My history page. Please do not write health "
        "details or other people's information in your reasons or notes. When a round closes, its "
        "anonymous counts are released once and never change: if you later erase your data, "
        "your answers and texts are deleted, but those anonymous counts stay.",
    },
    "privacy.checkbox": {
        "fi": "Olen lukenut, mihin vastauksiani käytetään ja miten niitä suojataan.",
        "en": "I have read what my answers are used for and how they are protected.",
    },
    "privacy.continue": {"fi": "Jatka arviointiin", "en": "Continue to the assessment"},
    # --- about -------------------------------------------------------------------------------
    "about.title": {"fi": "Tietoa palvelusta", "en": "About Merkitys"},
    "about.purpose_title": {"fi": "Mihin Merkitys on tarkoitettu", "en": "What Merkitys is for"},
    "about.method_title": {"fi": "Menetelmä", "en": "The method"},
    "about.method": {
        "fi": "Arvioit neljää työn merkityksellisyyden peruskokemusta liikennevaloilla ja kirjaat, "
        "miksi valitsit juuri sen värin. Sen jälkeen mietit, mitä kannattaisi vähentää, luoda, "
        "lisätä tai poistaa – itsesi ja työyhteisösi kannalta. Samaa arviota voi käyttää oman "
        "pohdinnan, kehityskeskustelun ja työyhteisön yhteiskehittämisen pohjana.",
        "en": "You rate four basic experiences of meaningful work with traffic lights and write "
        "down why you chose each colour. Then you consider what to reduce, create, raise or "
        "eliminate, for yourself and for your work community. The same assessment serves your "
        "own reflection, the development discussion and co-development in the work community.",
    },
    "about.privacy_title": {"fi": "Tietosuoja", "en": "Privacy"},
    # --- organisation (admin) ----------------------------------------------------------------
    "org.title": {"fi": "Organisaatio", "en": "Organisation"},
    "org.units": {"fi": "Yksiköt", "en": "Units"},
    "org.teams": {"fi": "Tiimit", "en": "Teams"},
    "org.people": {"fi": "Henkilöt", "en": "People"},
    "org.rounds": {"fi": "Arviointikierrokset", "en": "Rounds"},
    "org.col.unit": {"fi": "Yksikkö", "en": "Unit"},
    "org.col.team": {"fi": "Tiimi", "en": "Team"},
    "org.col.people": {"fi": "Henkilöitä", "en": "People"},
    # --- self-assessment ---------------------------------------------------------------------
    "assess.title": {"fi": "Itsearviointi", "en": "Self-assessment"},
    "assess.no_rounds": {
        "fi": "Sinulle ei ole tällä hetkellä avoimia arviointikierroksia.",
        "en": "There are no assessment rounds open for you at the moment.",
    },
    "assess.round": {"fi": "Arviointikierros", "en": "Assessment round"},
    "assess.round_open": {"fi": "avoinna {date} asti", "en": "open until {date}"},
    "assess.round_closed": {"fi": "päättynyt {date}", "en": "closed on {date}"},
    "assess.status.none": {"fi": "ei vastausta", "en": "not answered"},
    "assess.status.draft": {"fi": "luonnos", "en": "draft"},
    "assess.status.submitted": {"fi": "lähetetty", "en": "submitted"},
    "assess.closed": {
        "fi": "Kierros päättyi {date}. Voit katsoa vastauksiasi, mutta et enää muuttaa niitä.",
        "en": "This round closed on {date}. You can read your answers but no longer change them.",
    },
    "assess.submitted_editable": {
        "fi": "Arviosi on lähetetty. Voit muokata sitä {date} asti.",
        "en": "Your assessment has been submitted. You can edit it until {date}.",
    },
    "assess.draft_saved": {
        "fi": "Sinulla on tallennettu luonnos. Jatka siitä, mihin jäit.",
        "en": "You have a saved draft. Carry on where you left off.",
    },
    "assess.reason": {"fi": "Miksi valitsit tämän värin?", "en": "Why did you choose this colour?"},
    "assess.reason_placeholder": {
        "fi": "Kirjoita omin sanoin. Älä kirjaa terveystietoja tai muiden ihmisten tietoja.",
        "en": "In your own words. Please leave out health details and other people's information.",
    },
    "assess.notes_title": {
        "fi": "Vähennä, luo, lisää, poista",
        "en": "Reduce, create, raise, eliminate",
    },
    "assess.notes_intro": {
        "fi": "Mitä voisi muuttaa, jotta työ tuntuisi merkityksellisemmältä? Kirjaa ajatuksia "
        "itsestäsi ja työyhteisöstäsi, ja kerro, voitko itse vaikuttaa asiaan.",
        "en": "What could change to make the work feel more meaningful? Note ideas about yourself "
        "and your work community, and say whether you can influence them yourself.",
    },
    "assess.note_remove": {"fi": "Poista muistiinpano", "en": "Remove note"},
    "assess.note_add_title": {"fi": "Lisää muistiinpano", "en": "Add a note"},
    "assess.note_category": {"fi": "Mitä tehdään?", "en": "What should happen?"},
    "assess.note_level": {"fi": "Kenen asia?", "en": "Whose matter?"},
    "assess.note_field": {"fi": "Liittyy kokemukseen", "en": "Relates to"},
    "assess.note_no_field": {"fi": "Ei mihinkään yksittäiseen", "en": "Nothing in particular"},
    "assess.note_influence": {
        "fi": "Voinko itse vaikuttaa tähän?",
        "en": "Can I influence this myself?",
    },
    "assess.influence.yes": {"fi": "Kyllä", "en": "Yes"},
    "assess.influence.no": {"fi": "En", "en": "No"},
    "assess.influence.unsure": {"fi": "En osaa sanoa", "en": "Not sure"},
    "assess.note_text": {"fi": "Muistiinpano", "en": "Note"},
    "assess.note_placeholder": {
        "fi": "Esimerkiksi: päällekkäisiä palavereja voisi karsia.",
        "en": "For example: we could cut overlapping meetings.",
    },
    "assess.note_add": {"fi": "Lisää", "en": "Add"},
    "assess.sharing_title": {"fi": "Kuka näkee vastaukseni?", "en": "Who sees my answers?"},
    "assess.sharing_label": {"fi": "Valitse jakaminen", "en": "Choose how to share"},
    "sharing.anonymous": {
        "fi": "Nimettömänä tiimin koosteessa",
        "en": "Anonymously in my team's summary",
    },
    "sharing.anonymous.explain": {
        "fi": "Valoistasi lasketaan tiimin yhteenveto ilman nimeäsi, kun vastaajia on riittävästi. "
        "Kukaan ei näe juuri sinun vastaustasi.",
        "en": "Your lights count towards your team's summary without your name, once enough "
        "people have answered. Nobody sees your own answer.",
    },
    "sharing.supervisor": {
        "fi": "Jaan esihenkilölleni kehityskeskustelua varten",
        "en": "Shared with my supervisor for our development discussion",
    },
    "sharing.supervisor.explain": {
        "fi": "Esihenkilösi näkee tämän arvion perusteluineen ja muistiinpanoineen. Voit perua "
        "jaon milloin tahansa. Arvio lasketaan myös tiimin nimettömään koosteeseen.",
        "en": "Your supervisor sees this assessment with its reasons and notes. You can withdraw "
        "at any time. It also counts towards the anonymous team summary.",
    },
    "sharing.private": {"fi": "Vain minulle", "en": "Only for me"},
    "sharing.private.explain": {
        "fi": "Arvio on vain omaa pohdintaasi varten. Sitä ei käytetä missään koosteessa.",
        "en": "The assessment is for your own reflection only and is left out of every summary.",
    },
    "assess.pool": {
        "fi": "Muistiinpanoni saavat näkyä nimettöminä tiimin yhteisissä muistiinpanoissa",
        "en": "My notes may appear without my name among my team's pooled notes",
    },
    "assess.pool_help": {
        "fi": "Muistiinpanot näytetään sekoitettuina, ilman nimeä ja aikaa, ja vain riittävän "
        "suurelle ryhmälle.",
        "en": "Notes are shown shuffled, without name or time, and only for a large enough group.",
    },
    "assess.save_draft": {"fi": "Tallenna luonnos", "en": "Save draft"},
    "assess.submit": {"fi": "Lähetä arvio", "en": "Submit assessment"},
    "assess.resubmit": {"fi": "Tallenna muutokset", "en": "Save changes"},
    "assess.saved_draft": {
        "fi": "Luonnos tallennettu. Voit jatkaa myöhemmin.",
        "en": "Draft saved. You can continue later.",
    },
    "assess.saved_submitted": {
        "fi": "Kiitos! Arviosi on tallennettu. Löydät sen Oma historia -sivulta.",
        "en": "Thank you! Your assessment is saved. You will find it on the My history page.",
    },
    # --- errors ------------------------------------------------------------------------------
    "error.no_rating": {
        "fi": "Valitse liikennevalo vähintään yhdelle kokemukselle ennen lähettämistä.",
        "en": "Choose a traffic light for at least one experience before submitting.",
    },
    "error.missing_ratings": {
        "fi": "Valitse vielä liikennevalo näille: {fields}. Voit myös tallentaa luonnoksen.",
        "en": "Please still choose a traffic light for: {fields}. You can also save a draft.",
    },
    "error.note_empty": {
        "fi": "Muistiinpano on tyhjä. Kirjoita jotain ennen lisäämistä.",
        "en": "The note is empty. Write something before adding it.",
    },
    "error.note_too_long": {
        "fi": "Muistiinpano on liian pitkä ({length}/{limit} merkkiä). Lyhennä tai jaa se kahteen.",
        "en": "The note is too long ({length}/{limit} characters). Shorten it or split it in two.",
    },
    "error.reason_too_long": {
        "fi": "Perustelu on liian pitkä (enintään {limit} merkkiä).",
        "en": "A reason is too long (at most {limit} characters).",
    },
    "error.too_many_notes": {
        "fi": "Yhdessä arviossa voi olla enintään {limit} muistiinpanoa.",
        "en": "One assessment can hold at most {limit} notes.",
    },
    "error.round_closed": {
        "fi": "Kierros on jo päättynyt, joten muutoksia ei voi tallentaa. "
        "Tekstisi on yhä näkyvissä.",
        "en": "The round has closed, so changes cannot be saved. Your text is still on screen.",
    },
    "error.round_missing": {"fi": "Kierrosta ei löydy.", "en": "The round cannot be found."},
    "error.reason_without_light": {
        "fi": "Valitse liikennevalo kohtaan {fields}, jotta perustelusi tallentuu sen kanssa. "
        "Tekstisi on yhä näkyvissä.",
        "en": "Choose a traffic light for {fields} so that your reason is saved with it. Your "
        "text is still on screen.",
    },
    "error.changed_elsewhere": {
        "fi": "Arviota on muutettu toisessa välilehdessä tai ikkunassa sen jälkeen, kun avasit "
        "sen, joten tätä versiota ei tallennettu. Tekstisi on yhä näkyvissä: kopioi tarvitsemasi "
        "ja lataa sitten tallennettu versio.",
        "en": "This assessment was changed in another tab or window after you opened it, so this "
        "version was not saved. Your text is still on screen: copy what you need, then load the "
        "saved version.",
    },
    "assess.load_saved": {"fi": "Lataa tallennettu versio", "en": "Load the saved version"},
    "error.privacy_not_acknowledged": {
        "fi": "Lue ja kuittaa tietosuojailmoitus ennen ensimmäistä vastausta.",
        "en": "Please read and acknowledge the privacy notice before your first answer.",
    },
    "error.unknown_field": {
        "fi": "Muistiinpano viittaa kokemukseen, jota tällä kierroksella ei arvioida.",
        "en": "The note refers to an experience this round does not assess.",
    },
    "error.unknown_category": {
        "fi": "Valitse, mitä muistiinpanossa tehdään.",
        "en": "Choose what the note proposes.",
    },
    "error.unknown_level": {
        "fi": "Valitse, koskeeko muistiinpano sinua vai työyhteisöä.",
        "en": "Choose whether the note is about you or the work community.",
    },
    # --- history -----------------------------------------------------------------------------
    "history.title": {"fi": "Oma historia", "en": "My history"},
    "history.empty": {
        "fi": "Sinulla ei ole vielä lähetettyjä arvioita.",
        "en": "You have no submitted assessments yet.",
    },
    "history.changes_title": {
        "fi": "Muutos edelliseen arvioon",
        "en": "Change since my previous assessment",
    },
    "history.changes_none": {
        "fi": "Vertailu näkyy, kun olet vastannut kahdella kierroksella.",
        "en": "The comparison appears once you have answered two rounds.",
    },
    "history.rounds_title": {"fi": "Arviot ja muistiinpanot", "en": "Assessments and notes"},
    "history.log_title": {
        "fi": "Mitä tiedoilleni on tehty",
        "en": "What has been done with my data",
    },
    "history.log_empty": {"fi": "Ei tapahtumia.", "en": "No events."},
    "history.data_title": {"fi": "Omat tietoni", "en": "My data"},
    "history.download_json": {"fi": "Lataa tiedot (JSON)", "en": "Download my data (JSON)"},
    "history.download_xlsx": {"fi": "Lataa tiedot (Excel)", "en": "Download my data (Excel)"},
    "history.erase_title": {"fi": "Poista tietoni", "en": "Erase my data"},
    "history.erase_explain": {
        "fi": "Kaikki arviosi, perustelusi ja muistiinpanosi poistetaan pysyvästi, myös "
        "julkaistuista tiimien muistiinpanoista. Jo päättyneiden kierrosten nimettömät lukumäärät "
        "säilyvät ennallaan, jotta muut eivät paljastu muutoksesta. Käyttäjätilisi säilyy.",
        "en": "All your assessments, reasons and notes are deleted for good, also from released "
        "team notes. The anonymous counts of rounds that have already closed stay as they are, "
        "so that the change cannot reveal anyone. Your account stays.",
    },
    "history.erase_confirm": {
        "fi": "Ymmärrän, ettei poistoa voi perua.",
        "en": "I understand that erasure cannot be undone.",
    },
    "history.erase_button": {"fi": "Poista kaikki vastaukseni", "en": "Erase all my answers"},
    "history.erased": {
        "fi": "Tietosi on poistettu ({count} arviota).",
        "en": "Your data has been erased ({count} assessments).",
    },
    "change.up": {"fi": "parani", "en": "improved"},
    "change.down": {"fi": "heikkeni", "en": "weakened"},
    "change.same": {"fi": "ennallaan", "en": "unchanged"},
    "change.new": {"fi": "uusi", "en": "new"},
    "chart.date": {"fi": "Kierros", "en": "Round"},
    "chart.round": {"fi": "Kierros", "en": "Round"},
    "chart.field": {"fi": "Kokemus", "en": "Experience"},
    "chart.light": {"fi": "Liikennevalo", "en": "Traffic light"},
    "note.influence_yes": {"fi": "voin vaikuttaa", "en": "I can influence"},
    "note.influence_no": {"fi": "en voi vaikuttaa", "en": "I cannot influence"},
    "event.share_granted": {
        "fi": "Jaoit arvion esihenkilöllesi",
        "en": "You shared an assessment with your supervisor",
    },
    "event.share_revoked": {"fi": "Jako peruttiin", "en": "A share was withdrawn"},
    "event.data_erased": {"fi": "Poistit tietosi", "en": "You erased your data"},
    "event.assessment_viewed": {
        "fi": "Esihenkilösi avasi jakamasi arvion",
        "en": "Your supervisor opened an assessment you shared",
    },
    "event.other": {"fi": "Tapahtuma: {event}", "en": "Event: {event}"},
}


def _merge(*catalogues: dict[str, dict[str, str]]) -> None:
    # Texts of larger page groups live in their own modules; a key may be defined only once.
    for catalogue in catalogues:
        clash = set(catalogue) & set(TEXTS)
        if clash:
            raise ValueError(f"text keys defined twice: {sorted(clash)}")
        TEXTS.update(catalogue)


_merge(
    texts_rounds.TEXTS,
    texts_team.TEXTS,
    texts_discussion.TEXTS,
    texts_discussion_export.TEXTS,
    texts_org.TEXTS,
    texts_signin.TEXTS,
    texts_people.TEXTS,
    texts_roster.TEXTS,
    texts_accounts.TEXTS,
    texts_settings.TEXTS,
    texts_followup.TEXTS,
    texts_workshop.TEXTS,
    texts_deck.TEXTS,
)


def t(key: str, lang: str, **params: Any) -> str:
    """The text for ``key`` in ``lang`` (Finnish when the language is unknown)."""
    entry = TEXTS[key]
    text = entry.get(lang) or entry["fi"]
    return text.format(**params) if params else text


def language_name(code: str) -> str:
    return _LANGUAGE_NAMES[code]


def roles_text(roles: Iterable[str], lang: str) -> str:
    order = ["employee", "supervisor", "facilitator", "admin"]
    return ", ".join(t(f"role.{r}", lang) for r in order if r in set(roles))


def date_text(day: dt.date, lang: str) -> str:
    return f"{day.day}.{day.month}.{day.year}" if lang == "fi" else day.isoformat()


def moment_text(moment: dt.datetime, lang: str, zone_name: str | None = None) -> str:
    """A stored moment in the organisation's time: '24.11.2026 klo 9.30' / '2026-11-24 09:30'."""
    local = timesource.local(moment, zone_name)
    if lang == "fi":
        return f"{date_text(local.date(), lang)} klo {local.hour}.{local.minute:02d}"
    return f"{date_text(local.date(), lang)} {local:%H:%M}"


def local_date_text(moment: dt.datetime, lang: str, zone_name: str | None = None) -> str:
    """The day a stored moment fell on in the organisation's time zone."""
    return date_text(timesource.local(moment, zone_name).date(), lang)


def round_label(info: Any, lang: str) -> str:
    """'Round name — open until 30.11.2026 · draft' for the round picker."""
    when = t(
        "assess.round_open" if info.is_open else "assess.round_closed",
        lang,
        date=date_text(info.closes_on, lang),
    )
    status = t(f"assess.status.{info.status or 'none'}", lang)
    return f"{info.name} — {when} · {status}"


def light_option(framework: Framework, key: str, lang: str) -> str:
    """Symbol, colour word and meaning: never colour alone (N6)."""
    light = framework.light(key)
    return f"{light.symbol} {light.label.get(lang)} – {light.meaning.get(lang)}"


def category_option(framework: Framework, key: str, lang: str) -> str:
    category = framework.category(key)
    return f"{category.label.get(lang)}: {category.question.get(lang)}"


def note_heading(framework: Framework, note: dict[str, Any], lang: str) -> str:
    """'Reduce · Work community · Sense of autonomy · I can influence' for one note."""
    parts = [
        framework.category(note["category"]).label.get(lang),
        framework.level_label(note["level"], lang),
    ]
    field_key = note.get("field_key")
    if isinstance(field_key, str) and field_key:  # a DataFrame turns a missing key into NaN
        parts.append(framework.field_label(field_key, lang))
    influence = note.get("can_influence")
    if influence is True or influence is False:
        parts.append(t("note.influence_yes" if influence else "note.influence_no", lang))
    return " · ".join(parts)


def error_text(error: Any, framework: Framework, lang: str) -> str:
    params = dict(error.params)
    if "fields" in params:
        params["fields"] = ", ".join(framework.field_label(k, lang) for k in params["fields"])
    if "field" in params:
        params["field"] = framework.field_label(params["field"], lang)
    return t(f"error.{error.code}", lang, **params)


def chart_titles(lang: str, n: int | None = None) -> dict[str, str]:
    keys = (
        "date",
        "round",
        "field",
        "light",
        "share",
        "count",
        "team",
        "diff",
        "group",
        "reference",
        "hidden",
    )
    titles = {k: t(f"chart.{k}", lang) for k in keys}
    if n is not None:
        titles["hidden_short"] = t("team.hidden_short", lang, n=n)
    return titles


def change_line(framework: Framework, row: Any, lang: str) -> str:
    """'Sense of autonomy: ▲ Yellow → ● Green (improved)'."""
    label = framework.field_label(row.field_key, lang)
    latest = framework.light_text(row.latest, lang)
    if row.previous is None or row.direction is None:
        return f"{label}: {latest} ({t('change.new', lang)})"
    word = {1: "change.up", -1: "change.down", 0: "change.same"}[int(row.direction)]
    return f"{label}: {framework.light_text(row.previous, lang)} → {latest} ({t(word, lang)})"


def event_line(event: Any, lang: str, zone_name: str | None = None) -> str:
    key = f"event.{event.event}"
    text = t(key, lang) if key in TEXTS else t("event.other", lang, event=event.event)
    return f"{moment_text(event.at, lang, zone_name)} — {text}"


def hidden_reason(reason: str | None, n: int, lang: str) -> str:
    """Why a group is hidden (model.privacy reasons), without any count."""
    key = f"team.reason.{reason}"
    return t(key, lang, n=n) if key in TEXTS else t("team.hidden", lang)


def participation_line(row: Any, n: int, lang: str) -> str:
    """'12/15 (80 %)' for a shown group; '15 invited · hidden: …' for a hidden one."""
    if row.shown:
        return f"{row.respondents}/{row.invited} ({row.rate:.0%})"
    invited = t("team.invited_count", lang, n=row.invited)
    return f"{invited} · {hidden_reason(row.reason, n, lang)}"


def difference_line(row: Any, framework: Framework, lang: str) -> str:
    """'Sense of autonomy: ■ Red: +14 points above the organisation'."""
    light = framework.light_text(row.light, lang)
    text = t(f"team.{row.flag}", lang, light=light, pp=row.diff_pp)
    return f"{framework.field_label(row.field_key, lang)}: {text}"


def segment_summary(differences: Any, framework: Framework, lang: str) -> str:
    items = ", ".join(
        f"{framework.field_label(r.field_key, lang)} {framework.light_text(r.light, lang)} "
        f"{r.diff_pp:+.0f}"
        for r in differences.itertuples()
    )
    if not items:
        return t("team.segment_no_diff", lang)
    return t("team.segment_vs_unit", lang, items=items)
