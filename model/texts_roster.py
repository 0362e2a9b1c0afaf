"""Texts of the roster import (fi, en): problems by row and column, the plan, the command line;
merged into i18n."""

_ROLES_FI = "työntekijä, esihenkilö, kehittäjä, pääkäyttäjä"
_ROLES_EN = "employee, supervisor, facilitator, admin"
_HEADERS_FI = "sähköposti, nimi, yksikkö, tiimi, esihenkilön sähköposti, roolit, kieli"
_HEADERS_EN = "email, name, unit, team, supervisor_email, roles, language"

TEXTS: dict[str, dict[str, str]] = {
    # --- where a problem is ----------------------------------------------------------------------
    "roster.at_cell": {
        "fi": "Rivi {row}, sarake ”{column}”: {message}",
        "en": "Row {row}, column “{column}”: {message}",
    },
    "roster.at_row": {"fi": "Rivi {row}: {message}", "en": "Row {row}: {message}"},
    "roster.header.email": {"fi": "sähköposti", "en": "email"},
    "roster.header.name": {"fi": "nimi", "en": "name"},
    "roster.header.unit": {"fi": "yksikkö", "en": "unit"},
    "roster.header.team": {"fi": "tiimi", "en": "team"},
    "roster.header.supervisor_email": {
        "fi": "esihenkilön sähköposti",
        "en": "supervisor_email",
    },
    "roster.header.roles": {"fi": "roolit", "en": "roles"},
    "roster.header.language": {"fi": "kieli", "en": "language"},
    # --- the file as a whole ---------------------------------------------------------------------
    "roster.error.file_empty": {
        "fi": "Tiedosto on tyhjä: siinä ei ole otsikkoriviä eikä henkilöitä.",
        "en": "The file is empty: it has no header row and no people.",
    },
    "roster.error.file_too_large": {
        "fi": "Tiedosto on liian suuri (enintään {max_mb} Mt).",
        "en": "The file is too large (at most {max_mb} MB).",
    },
    "roster.error.file_type": {
        "fi": "Tiedostomuotoa ei tunnisteta. Tallenna henkilöstölista Excel-työkirjana (.xlsx) "
        "tai CSV-tiedostona (.csv).",
        "en": "The file type is not recognised. Save the roster as an Excel workbook (.xlsx) or "
        "as a CSV file (.csv).",
    },
    "roster.error.file_old_excel": {
        "fi": "Tiedosto on Excelin vanhaa .xls-muotoa. Tallenna se Excelissä muodossa .xlsx tai "
        "CSV (luetteloerotin) ja tuo se uudelleen.",
        "en": "The file is in Excel's old .xls format. Save it in Excel as .xlsx or as CSV and "
        "import it again.",
    },
    "roster.error.file_unreadable": {
        "fi": "Tiedostoa ei voitu lukea: se ei ole kelvollinen Excel-työkirja tai CSV-tiedosto, "
        "tai se on vioittunut.",
        "en": "The file could not be read: it is not a valid Excel workbook or CSV file, or it "
        "is damaged.",
    },
    "roster.error.file_encoding": {
        "fi": "Tiedoston merkistöä ei tunnistettu. Tallenna se UTF-8-muodossa tai Excelin "
        "CSV-muodossa.",
        "en": "The file's character encoding was not recognised. Save it as UTF-8 or in Excel's "
        "CSV format.",
    },
    "roster.error.file_zip_bomb": {
        "fi": "Työkirja hylättiin, koska se purkautuisi epätavallisen suureksi (mahdollinen "
        "zip-pommi). Tallenna henkilöstölista uudelleen tavallisena työkirjana tai CSV-tiedostona.",
        "en": "The workbook was refused because it would unpack to an unusually large size "
        "(a possible zip bomb). Save the roster again as an ordinary workbook or as a CSV file.",
    },
    "roster.error.file_xml_entities": {
        "fi": "Työkirja hylättiin, koska sen sisällä on XML-entiteettien määrityksiä, joita "
        "Excel ei koskaan kirjoita (mahdollinen XML-pommi). Tallenna henkilöstölista uudelleen "
        "Excelissä tai CSV-tiedostona.",
        "en": "The workbook was refused because it declares XML entities, which Excel never "
        "writes (a possible XML bomb). Save the roster again in Excel or as a CSV file.",
    },
    "roster.error.too_many_rows": {
        "fi": "Tiedostossa on liikaa rivejä: enintään {max} henkilöä kerralla.",
        "en": "The file has too many rows: at most {max} people at a time.",
    },
    "roster.error.too_many_columns": {
        "fi": "Tiedostossa on liikaa sarakkeita (enintään {max}).",
        "en": "The file has too many columns (at most {max}).",
    },
    "roster.error.header_missing": {
        "fi": "Pakollisia sarakkeita puuttuu: {columns}. Ensimmäisellä rivillä pitää olla "
        "sarakkeiden otsikot.",
        "en": "Required columns are missing: {columns}. The first row must hold the column "
        "headers.",
    },
    "roster.error.header_unknown": {
        "fi": "Tuntematon sarakeotsikko. Sallitut otsikot: "
        + _HEADERS_FI
        + " (tai englanniksi "
        + _HEADERS_EN
        + ").",
        "en": "Unknown column header. Accepted headers: "
        + _HEADERS_EN
        + " (or in Finnish "
        + _HEADERS_FI
        + ").",
    },
    "roster.error.header_duplicate": {
        "fi": "Sama sarake on tiedostossa kahdesti (myös ”{other}”).",
        "en": "The same column is in the file twice (also “{other}”).",
    },
    "roster.error.no_people": {
        "fi": "Tiedostossa ei ole yhtään henkilöä otsikkorivin jälkeen.",
        "en": "The file holds no people after the header row.",
    },
    # --- one row or cell -------------------------------------------------------------------------
    "roster.error.column_without_header": {
        "fi": "Sarakkeessa {position} on tietoja, mutta sillä ei ole otsikkoa.",
        "en": "Column {position} holds data but has no header.",
    },
    "roster.error.required_empty": {
        "fi": "Pakollinen tieto puuttuu.",
        "en": "A required value is missing.",
    },
    "roster.error.cell_too_long": {
        "fi": "Solussa on liikaa merkkejä (enintään {max}).",
        "en": "The cell holds too many characters (at most {max}).",
    },
    "roster.error.formula": {
        "fi": "Solussa on kaava tai kaavaksi tulkittava arvo (alkaa merkillä =, +, - tai @). "
        "Kirjoita arvo tavallisena tekstinä.",
        "en": "The cell holds a formula or a value a spreadsheet takes for one (starting with "
        "=, +, - or @). Write the value as plain text.",
    },
    "roster.error.email_invalid": {
        "fi": "Sähköpostiosoite ”{value}” ei kelpaa.",
        "en": "The e-mail address “{value}” is not valid.",
    },
    "roster.error.email_duplicate": {
        "fi": "Sähköpostiosoite {value} on tiedostossa useammin kuin kerran (myös rivillä {rows}).",
        "en": "The e-mail address {value} is in the file more than once (also on row {rows}).",
    },
    "roster.error.email_other_organisation": {
        "fi": "Sähköpostiosoite {value} kuuluu jo toisen organisaation henkilölle.",
        "en": "The e-mail address {value} already belongs to a person of another organisation.",
    },
    "roster.error.name_too_long": {
        "fi": "Nimi on liian pitkä (enintään {max} merkkiä).",
        "en": "The name is too long (at most {max} characters).",
    },
    "roster.error.unit_segment_empty": {
        "fi": "Yksikköpolussa ”{value}” on tyhjä taso. Erota tasot kauttaviivalla, esimerkiksi "
        "Kasvatus ja opetus / Rantakylän koulu.",
        "en": "The unit path “{value}” has an empty level. Separate the levels with a slash, "
        "for example Kasvatus ja opetus / Rantakylän koulu.",
    },
    "roster.error.unit_name_too_long": {
        "fi": "Yksikön nimi on liian pitkä (enintään {max} merkkiä tasoa kohden).",
        "en": "A unit name is too long (at most {max} characters per level).",
    },
    "roster.error.unit_too_deep": {
        "fi": "Yksikköpolussa on liian monta tasoa (enintään {max}).",
        "en": "The unit path has too many levels (at most {max}).",
    },
    "roster.error.team_without_unit": {
        "fi": "Tiimi on annettu, mutta yksikkö puuttuu: tiimi kuuluu aina johonkin yksikköön.",
        "en": "A team is given but the unit is missing: a team always belongs to a unit.",
    },
    "roster.error.team_name_too_long": {
        "fi": "Tiimin nimi on liian pitkä (enintään {max} merkkiä).",
        "en": "The team name is too long (at most {max} characters).",
    },
    "roster.error.team_name_slash": {
        "fi": "Tiimin nimessä ”{value}” ei voi olla kauttaviivaa, koska se erottaa yksiköiden "
        "tasot. Kirjoita yksiköt yksikkö-sarakkeeseen ja tähän vain tiimin nimi.",
        "en": "The team name “{value}” cannot hold a slash, which separates unit levels. Write "
        "the units in the unit column and only the team's name here.",
    },
    "roster.error.supervisor_self": {
        "fi": "Henkilö ei voi olla oma esihenkilönsä.",
        "en": "A person cannot be their own supervisor.",
    },
    "roster.error.supervisor_unknown": {
        "fi": "Esihenkilöä {value} ei ole tiedostossa. Tiedosto on koko henkilöstölista, joten "
        "jokaisen esihenkilön on oltava siinä omalla rivillään.",
        "en": "The supervisor {value} is not in the file. The file is the whole roster, so "
        "every supervisor must have a row of their own in it.",
    },
    "roster.error.supervisor_not_in_file": {
        "fi": "Esihenkilö {value} on jo palvelussa, mutta ei tässä tiedostossa. Tiedosto on koko "
        "henkilöstölista ja siitä puuttuvat poistetaan käytöstä, joten lisää esihenkilö "
        "tiedostoon omalle rivilleen.",
        "en": "The supervisor {value} is in the service but not in this file. The file is the "
        "whole roster and people missing from it are retired, so add the supervisor to the "
        "file on a row of their own.",
    },
    "roster.error.supervisor_cycle": {
        "fi": "Esihenkilösuhteet kiertävät kehää (rivit {rows}): kukaan ei voi olla oman "
        "esihenkilönsä esihenkilö.",
        "en": "The supervisor relations go round in a circle (rows {rows}): nobody can be their "
        "own supervisor's supervisor.",
    },
    "roster.error.role_unknown": {
        "fi": "Tuntematon rooli ”{value}”. Sallitut roolit pilkuilla erotettuina: "
        + _ROLES_FI
        + " (tai "
        + _ROLES_EN
        + ").",
        "en": "Unknown role “{value}”. Accepted roles, separated by commas: "
        + _ROLES_EN
        + " (or in Finnish "
        + _ROLES_FI
        + ").",
    },
    "roster.error.language_unknown": {
        "fi": "Tuntematon kieli ”{value}”. Käytettävissä olevat kielet: {offered}.",
        "en": "Unknown language “{value}”. Languages offered: {offered}.",
    },
    "roster.error.roster_invalid": {
        "fi": "Tiedostossa on virheitä, joten mitään ei tallennettu.",
        "en": "The file has problems, so nothing was saved.",
    },
    # --- the plan --------------------------------------------------------------------------------
    "roster.plan.added": {"fi": "Lisättävät henkilöt: {n}", "en": "People to add: {n}"},
    "roster.plan.changed": {"fi": "Muuttuvat henkilöt: {n}", "en": "People to change: {n}"},
    "roster.plan.reactivated": {
        "fi": "Takaisin käyttöön palaavat henkilöt: {n}",
        "en": "People to reactivate: {n}",
    },
    "roster.plan.retired": {
        "fi": "Käytöstä poistettavat henkilöt (eivät ole tiedostossa): {n}",
        "en": "People to retire (not in the file): {n}",
    },
    "roster.plan.kept": {
        "fi": "Tiedostosta puuttuvat pääkäyttäjät, jotka pysyvät käytössä: {n}",
        "en": "Admins missing from the file who stay active: {n}",
    },
    "roster.plan.unchanged": {
        "fi": "Ennallaan pysyvät henkilöt: {n}",
        "en": "People unchanged: {n}",
    },
    "roster.plan.units": {"fi": "Uudet yksiköt: {n}", "en": "New units: {n}"},
    "roster.plan.teams": {"fi": "Uudet tiimit: {n}", "en": "New teams: {n}"},
    "roster.plan.empty": {
        "fi": "Tiedosto vastaa nykyistä tilannetta: mikään ei muutu.",
        "en": "The file matches the current state: nothing changes.",
    },
    "roster.plan.rule": {
        "fi": "Tiedosto on koko henkilöstölista: siitä puuttuvat henkilöt poistetaan käytöstä "
        "(pääkäyttäjiä ja tuojaa lukuun ottamatta). Poistettujen historia säilyy.",
        "en": "The file is the whole roster: people missing from it are retired (except admins "
        "and whoever imports). Their history is kept.",
    },
    "roster.plan.col.row": {"fi": "Rivi", "en": "Row"},
    "roster.plan.col.email": {"fi": "Sähköposti", "en": "E-mail"},
    "roster.plan.col.name": {"fi": "Nimi", "en": "Name"},
    "roster.plan.col.changes": {"fi": "Muutokset", "en": "Changes"},
    "roster.field.name": {"fi": "Nimi", "en": "Name"},
    "roster.field.placement": {"fi": "Yksikkö ja tiimi", "en": "Unit and team"},
    "roster.field.supervisor": {"fi": "Esihenkilö", "en": "Supervisor"},
    "roster.field.roles": {"fi": "Roolit", "en": "Roles"},
    "roster.field.language": {"fi": "Kieli", "en": "Language"},
    "roster.change": {"fi": "{field}: {before} → {after}", "en": "{field}: {before} → {after}"},
    "roster.value": {"fi": "{field}: {after}", "en": "{field}: {after}"},
    "roster.nothing": {"fi": "–", "en": "–"},
    # --- command line ----------------------------------------------------------------------------
    "roster.cli.valid": {
        "fi": "Tiedosto {file} on kunnossa: {rows} henkilöä.",
        "en": "The file {file} is valid: {rows} people.",
    },
    "roster.cli.invalid": {
        "fi": "Tiedostossa {file} on virheitä ({n}), joten mitään ei tallennettu:",
        "en": "The file {file} has problems ({n}), so nothing was saved:",
    },
    "roster.cli.dry_run": {
        "fi": "Kokeiluajo: mitään ei tallennettu.",
        "en": "Dry run: nothing was saved.",
    },
    "roster.cli.applied": {
        "fi": "Tallennettu: lisätty {added}, muutettu {changed}, palautettu {reactivated}, "
        "poistettu käytöstä {retired}; uusia yksiköitä {units} ja tiimejä {teams}.",
        "en": "Saved: {added} added, {changed} changed, {reactivated} reactivated, {retired} "
        "retired; {units} new units and {teams} new teams.",
    },
    "roster.cli.links": {
        "fi": "Uusilla henkilöillä ei ole vielä salasanaa: anna heille kertakäyttöinen linkki "
        "Organisaatio-sivun Henkilöt-välilehdeltä.",
        "en": "New people have no password yet: give them a one-time link from the People tab "
        "of the Organisation page.",
    },
    "roster.cli.file_missing": {
        "fi": "Tiedostoa ei voitu avata: {path}",
        "en": "The file could not be opened: {path}",
    },
    "roster.cli.no_organisation": {
        "fi": "Tietokannassa ei ole organisaatiota. Luo ensin pääkäyttäjä: python -m model.cli "
        "create-admin --email OSOITE --name NIMI --organisation ORGANISAATIO",
        "en": "The database holds no organisation. Create an admin first: python -m model.cli "
        "create-admin --email ADDRESS --name NAME --organisation ORGANISATION",
    },
    "roster.cli.many_organisations": {
        "fi": "Tietokannassa on useita organisaatioita; tuo henkilöstölista sovelluksen "
        "Organisaatio-sivulta.",
        "en": "The database holds several organisations; import the roster from the app's "
        "Organisation page.",
    },
}
