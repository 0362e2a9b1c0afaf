"""Texts of people (fi, en); merged into i18n."""

TEXTS: dict[str, dict[str, str]] = {
    # --- errors (model.people.PersonError) ------------------------------------------------------
    # Structure
    "people.error.unit_missing": {
        "fi": "Yksikköä tai tiimiä ei löytynyt. Päivitä sivu ja valitse uudelleen.",
        "en": "The unit or team was not found. Reload the page and choose again.",
    },
    "people.error.unit_kind_unknown": {
        "fi": "Valitse, lisätäänkö yksikkö vai tiimi.",
        "en": "Choose whether to add a unit or a team.",
    },
    "people.error.unit_name_empty": {
        "fi": "Anna yksikölle tai tiimille nimi.",
        "en": "Give the unit or team a name.",
    },
    "people.error.unit_name_long": {
        "fi": "Nimi on liian pitkä (enintään {max} merkkiä).",
        "en": "The name is too long (at most {max} characters).",
    },
    "people.error.unit_name_slash": {
        "fi": "Nimessä ei voi olla vinoviivaa (/), koska henkilöstölistassa sillä erotetaan "
        "yksikkötasot toisistaan.",
        "en": "A name cannot contain a slash (/): in a roster file it separates the levels of "
        "units.",
    },
    "people.error.unit_exists": {
        "fi": "Samassa kohdassa on jo ”{name}”. Valitse toinen nimi.",
        "en": "There is already “{name}” in the same place. Choose another name.",
    },
    "people.error.parent_is_team": {
        "fi": "Tiimin alle ei voi sijoittaa yksiköitä eikä tiimejä. Valitse yksikkö.",
        "en": "Nothing can be placed under a team. Choose a unit.",
    },
    "people.error.parent_retired": {
        "fi": "Yläpuolinen yksikkö on poistettu käytöstä. Palauta se ensin käyttöön.",
        "en": "The unit above has been retired. Restore it first.",
    },
    "people.error.too_deep": {
        "fi": "Yksiköitä voi olla sisäkkäin enintään {max} tasoa.",
        "en": "Units can be nested at most {max} levels deep.",
    },
    "people.error.root_fixed": {
        "fi": "Organisaation ylintä tasoa ei voi siirtää eikä poistaa käytöstä.",
        "en": "The top level of the organisation cannot be moved or retired.",
    },
    "people.error.move_into_itself": {
        "fi": "Yksikköä ei voi siirtää itsensä eikä omien alayksiköidensä alle.",
        "en": "A unit cannot be moved under itself or under a unit below it.",
    },
    "people.error.unit_has_people": {
        "fi": "Tähän on yhä sijoitettu henkilöitä ({count}). Siirrä heidät muualle tai poista "
        "heidät käytöstä ensin.",
        "en": "People are still placed here ({count}). Move or retire them first.",
    },
    "people.error.unit_has_units": {
        "fi": "Tämän alla on yhä käytössä olevia yksiköitä tai tiimejä ({count}). Siirrä ne "
        "muualle tai poista ne käytöstä ensin.",
        "en": "Units or teams below this one are still in use ({count}). Move or retire them "
        "first.",
    },
    # People
    "people.error.person_missing": {
        "fi": "Henkilöä ei löytynyt. Päivitä sivu ja valitse hänet uudelleen.",
        "en": "The person was not found. Reload the page and choose them again.",
    },
    "people.error.person_retired": {
        "fi": "Henkilö on poistettu käytöstä. Palauta hänet käyttöön ennen muutoksia.",
        "en": "This person has been retired. Bring them back before making changes.",
    },
    "people.error.email_empty": {
        "fi": "Anna sähköpostiosoite.",
        "en": "Enter an e-mail address.",
    },
    "people.error.email_invalid": {
        "fi": "Sähköpostiosoite ei näytä oikealta. Tarkista se (esimerkiksi "
        "etunimi.sukunimi@kunta.fi).",
        "en": "The e-mail address does not look right. Check it (for example "
        "firstname.lastname@town.fi).",
    },
    "people.error.email_taken": {
        "fi": "Sähköpostiosoite on jo toisen henkilön käytössä. Jos hänet on poistettu käytöstä, "
        "palauta hänet käyttöön uuden lisäämisen sijaan.",
        "en": "This e-mail address already belongs to someone else. If they have been retired, "
        "bring them back instead of adding a new person.",
    },
    "people.error.name_empty": {
        "fi": "Anna henkilön nimi.",
        "en": "Enter the person's name.",
    },
    "people.error.name_long": {
        "fi": "Nimi on liian pitkä (enintään {max} merkkiä).",
        "en": "The name is too long (at most {max} characters).",
    },
    "people.error.language_unknown": {
        "fi": "Valitse jokin organisaation tarjoamista kielistä.",
        "en": "Choose one of the languages the organisation offers.",
    },
    "people.error.unit_retired": {
        "fi": "Valittu yksikkö tai tiimi on poistettu käytöstä. Valitse toinen tai palauta se "
        "ensin käyttöön.",
        "en": "The chosen unit or team has been retired. Choose another one or restore it first.",
    },
    "people.error.role_unknown": {
        "fi": "Tuntematon rooli: {role}.",
        "en": "Unknown role: {role}.",
    },
    "people.error.supervisor_missing": {
        "fi": "Valittua esihenkilöä ei löytynyt, tai hänet on poistettu käytöstä.",
        "en": "The chosen supervisor was not found or has been retired.",
    },
    "people.error.supervisor_self": {
        "fi": "Henkilö ei voi olla oma esihenkilönsä.",
        "en": "A person cannot be their own supervisor.",
    },
    "people.error.supervisor_cycle": {
        "fi": "Valittu esihenkilö on jo suoraan tai välillisesti tämän henkilön alainen, joten "
        "esihenkilöketju kiertäisi kehää.",
        "en": "The chosen supervisor already reports to this person, directly or through "
        "others, so the chain of supervisors would go round in a circle.",
    },
    "people.error.own_admin_role": {
        "fi": "Et voi poistaa pääkäyttäjän roolia itseltäsi. Pyydä toista pääkäyttäjää tekemään "
        "se.",
        "en": "You cannot take the admin role away from yourself. Ask another admin to do it.",
    },
    "people.error.has_reports": {
        "fi": "Esihenkilön roolia ei voi poistaa, koska hänelle raportoi yhä henkilöitä "
        "({count}). Valitse heille ensin toinen esihenkilö.",
        "en": "The supervisor role cannot be removed while people still report to this person "
        "({count}). Give them another supervisor first.",
    },
    "people.error.retire_self": {
        "fi": "Et voi poistaa itseäsi käytöstä. Pyydä toista pääkäyttäjää tekemään se.",
        "en": "You cannot retire yourself. Ask another admin to do it.",
    },
}
