"""Texts of the Organisation page's Structure, People and Roles tabs (fi, en); merged into i18n."""

TEXTS: dict[str, dict[str, str]] = {
    "org.tab.structure": {"fi": "Rakenne", "en": "Structure"},
    "org.tab.people": {"fi": "Henkilöt", "en": "People"},
    "org.tab.import": {"fi": "Henkilöstölistan tuonti", "en": "Roster import"},
    "org.tab.roles": {"fi": "Roolit", "en": "Roles"},
    "org.kind.organisation": {"fi": "organisaatio", "en": "organisation"},
    "org.kind.unit": {"fi": "yksikkö", "en": "unit"},
    "org.kind.team": {"fi": "tiimi", "en": "team"},
    "org.active": {"fi": "käytössä", "en": "active"},
    "org.retired": {"fi": "poistettu käytöstä", "en": "retired"},
    # --- structure ---------------------------------------------------------------------------
    "org.structure.show_retired": {
        "fi": "Näytä myös käytöstä poistetut",
        "en": "Show retired ones too",
    },
    "org.structure.col.name": {"fi": "Nimi", "en": "Name"},
    "org.structure.col.kind": {"fi": "Tyyppi", "en": "Kind"},
    "org.structure.col.people": {"fi": "Henkilöitä", "en": "People"},
    "org.structure.col.active": {"fi": "Tila", "en": "Status"},
    "org.structure.add_title": {
        "fi": "Lisää yksikkö tai tiimi",
        "en": "Add a unit or a team",
    },
    "org.structure.name": {"fi": "Nimi", "en": "Name"},
    "org.structure.kind": {"fi": "Tyyppi", "en": "Kind"},
    "org.structure.parent": {"fi": "Minkä alle", "en": "Under"},
    "org.structure.add": {"fi": "Lisää", "en": "Add"},
    "org.structure.added": {"fi": "Lisätty.", "en": "Added."},
    "org.structure.change_title": {
        "fi": "Muuta yksikköä tai tiimiä",
        "en": "Change a unit or a team",
    },
    "org.structure.unit": {"fi": "Yksikkö tai tiimi", "en": "Unit or team"},
    "org.structure.unit_placeholder": {
        "fi": "Valitse muutettava yksikkö tai tiimi",
        "en": "Choose the unit or team to change",
    },
    "org.structure.new_name": {"fi": "Uusi nimi", "en": "New name"},
    "org.structure.rename": {"fi": "Nimeä uudelleen", "en": "Rename"},
    "org.structure.renamed": {"fi": "Nimi vaihdettiin.", "en": "Renamed."},
    "org.structure.move_to": {"fi": "Siirrä tämän alle", "en": "Move under"},
    "org.structure.move": {"fi": "Siirrä", "en": "Move"},
    "org.structure.moved": {
        "fi": "Siirretty kaikkineen, mitä sen alla on.",
        "en": "Moved, with everything below it.",
    },
    "org.structure.retire_help": {
        "fi": "Käytöstä poistettu yksikkö säilyttää historiansa ja julkaistut tuloksensa, mutta "
        "siihen ei voi enää sijoittaa ihmisiä. Poistaminen onnistuu, kun yksikössä ei ole ketään "
        "eikä käytössä olevia alayksiköitä (nyt henkilöitä: {people}).",
        "en": "A retired unit keeps its history and released results but takes no new people. "
        "It can be retired once nobody is placed in it and it has no active units below it "
        "(people now: {people}).",
    },
    "org.structure.retire": {"fi": "Poista käytöstä", "en": "Retire"},
    "org.structure.retired_done": {
        "fi": "Poistettu käytöstä. Sen voi palauttaa, kun näytät käytöstä poistetut.",
        "en": "Retired. You can restore it by showing retired ones.",
    },
    "org.structure.is_retired": {
        "fi": "Tämä on poistettu käytöstä. Sen historia on tallessa.",
        "en": "This one has been retired. Its history is kept.",
    },
    "org.structure.restore": {"fi": "Palauta käyttöön", "en": "Restore"},
    "org.structure.restored": {"fi": "Palautettu käyttöön.", "en": "Restored."},
    # --- people ------------------------------------------------------------------------------
    "org.people.search": {"fi": "Hae nimellä tai sähköpostilla", "en": "Search by name or e-mail"},
    "org.people.filter_unit": {"fi": "Yksikkö", "en": "Unit"},
    "org.people.all_units": {"fi": "Kaikki yksiköt", "en": "All units"},
    "org.people.filter_role": {"fi": "Rooli", "en": "Role"},
    "org.people.all_roles": {"fi": "Kaikki roolit", "en": "All roles"},
    "org.people.show_retired": {"fi": "Myös käytöstä poistetut", "en": "Retired too"},
    "org.people.count": {
        "fi": "Näytetään {shown} / {total} henkilöä. Tarkenna hakua, jos etsimäsi ei näy.",
        "en": "Showing {shown} of {total} people. Narrow the search if you do not see them.",
    },
    "org.people.col.name": {"fi": "Nimi", "en": "Name"},
    "org.people.col.email": {"fi": "Sähköposti", "en": "E-mail"},
    "org.people.col.placement": {"fi": "Yksikkö / tiimi", "en": "Unit / team"},
    "org.people.col.supervisor": {"fi": "Esihenkilö", "en": "Supervisor"},
    "org.people.col.roles": {"fi": "Roolit", "en": "Roles"},
    "org.people.col.language": {"fi": "Kieli", "en": "Language"},
    "org.people.col.active": {"fi": "Tila", "en": "Status"},
    "org.people.choose": {"fi": "Henkilö", "en": "Person"},
    "org.people.choose_placeholder": {
        "fi": "Valitse muokattava henkilö tai lisää uusi",
        "en": "Choose a person to edit, or add a new one",
    },
    "org.people.new": {"fi": "Uusi henkilö", "en": "New person"},
    "org.people.edit": {"fi": "Henkilön tiedot", "en": "Person's details"},
    "org.people.email": {"fi": "Sähköposti", "en": "E-mail"},
    "org.people.name": {"fi": "Nimi", "en": "Name"},
    "org.people.placement": {"fi": "Tiimi tai yksikkö", "en": "Team or unit"},
    "org.people.no_placement": {"fi": "Ei sijoitusta", "en": "Not placed"},
    "org.people.placement_help": {
        "fi": "Useimmat kuuluvat tiimiin. Esimerkiksi johtaja tai HR voi kuulua suoraan yksikköön.",
        "en": "Most people belong to a team. A director or HR, for example, may belong directly "
        "to a unit.",
    },
    "org.people.supervisor": {"fi": "Esihenkilö", "en": "Supervisor"},
    "org.people.no_supervisor": {"fi": "Ei esihenkilöä", "en": "No supervisor"},
    "org.people.supervisor_help": {
        "fi": "Kehityskeskustelut käydään tämän henkilön kanssa. Jos esihenkilö vaihtuu, "
        "edellinen menettää heti pääsyn henkilön jakamiin tietoihin.",
        "en": "Development discussions are held with this person. When the supervisor changes, "
        "the former one loses access to what the person shared at once.",
    },
    "org.people.language": {"fi": "Kieli", "en": "Language"},
    "org.people.roles": {"fi": "Roolit", "en": "Roles"},
    "org.people.save": {"fi": "Tallenna", "en": "Save"},
    "org.people.added": {
        "fi": "Henkilö lisättiin. Anna hänelle seuraavaksi salasanalinkki.",
        "en": "The person was added. Next, give them a password link.",
    },
    "org.people.saved": {"fi": "Muutokset tallennettiin.", "en": "The changes were saved."},
    "org.people.account": {"fi": "Tili", "en": "Account"},
    "org.people.link_help": {
        "fi": "Kertakäyttöinen linkki, jolla henkilö asettaa salasanansa. Se lähetetään "
        "sähköpostilla, jos palvelulle on määritetty sähköpostipalvelin; muuten kopioi se ja "
        "toimita henkilölle itse.",
        "en": "A one-time link with which the person sets their password. It is e-mailed when "
        "the service has a mail server; otherwise copy it and pass it on yourself.",
    },
    "org.people.retire_confirm": {
        "fi": "Henkilö on lähtenyt organisaatiosta: poista hänet käytöstä",
        "en": "The person has left the organisation: retire them",
    },
    "org.people.retire": {"fi": "Poista käytöstä", "en": "Retire"},
    "org.people.retired_done": {
        "fi": "Henkilö poistettiin käytöstä. Hänen historiansa säilyy, roolit ja jaot "
        "poistuivat. Voit palauttaa hänet.",
        "en": "The person was retired. Their history stays; roles and shares were removed. "
        "You can bring them back.",
    },
    "org.people.is_retired": {
        "fi": "Henkilö on poistettu käytöstä eikä voi kirjautua.",
        "en": "The person has been retired and cannot sign in.",
    },
    "org.people.reactivate": {"fi": "Palauta käyttöön", "en": "Bring back"},
    "org.people.reactivated": {
        "fi": "Henkilö palautettiin työntekijän roolilla. Aseta esihenkilö ja muut roolit.",
        "en": "The person is back with the employee role. Set their supervisor and other roles.",
    },
    # --- roles -------------------------------------------------------------------------------
    "org.roles.supervisor_note": {
        "fi": "Tiimin esihenkilöksi nimetystä tulee myös tiimin jäsenten esihenkilö "
        "kehityskeskusteluissa.",
        "en": "Whoever is made a team's supervisor also becomes its members' supervisor for "
        "development discussions.",
    },
    "org.roles.members_moved": {
        "fi": "Tiimin jäseniä siirtyi hänelle: {count}.",
        "en": "Team members who now report to them: {count}.",
    },
    # --- roster import -----------------------------------------------------------------------
    "org.import.intro": {
        "fi": "Tuo koko henkilöstölista Excel- tai CSV-tiedostona. Sarakkeet: sähköposti, nimi, "
        "yksikkö (polku, esim. ”Kasvatus ja opetus / Rantakylän koulu”), tiimi, esihenkilön "
        "sähköposti, roolit ja kieli. Tiedosto tarkistetaan ensin ja näet, mitä muuttuisi; "
        "mitään ei tallenneta ennen kuin vahvistat.",
        "en": "Import the whole roster as an Excel or CSV file. Columns: email, name, unit (a "
        "path such as “Kasvatus ja opetus / Rantakylän koulu”), team, supervisor_email, roles "
        "and language. The file is checked first and you see what would change; nothing is "
        "saved until you confirm.",
    },
    "org.import.sample": {"fi": "Lataa mallitiedosto", "en": "Download a sample file"},
    "org.import.file": {"fi": "Henkilöstölista (.xlsx tai .csv)", "en": "Roster (.xlsx or .csv)"},
    "org.import.checking": {"fi": "Tarkistetaan tiedostoa…", "en": "Checking the file…"},
    "org.import.invalid": {
        "fi": "Tiedostossa on korjattavaa ({count}). Mitään ei tuotu.",
        "en": "The file needs fixing ({count}). Nothing was imported.",
    },
    "org.import.col.row": {"fi": "Rivi", "en": "Row"},
    "org.import.col.column": {"fi": "Sarake", "en": "Column"},
    "org.import.col.problem": {"fi": "Korjattavaa", "en": "What to fix"},
    "org.import.fix_and_retry": {
        "fi": "Korjaa tiedosto ja lataa se uudelleen.",
        "en": "Fix the file and upload it again.",
    },
    "org.import.valid": {
        "fi": "Tiedosto on kunnossa. Tarkista alta, mitä tuonti tekisi.",
        "en": "The file is fine. Check below what the import would do.",
    },
    "org.import.plan_title": {"fi": "Tuonnin vaikutukset", "en": "What the import would do"},
    "org.import.confirm_retire": {
        "fi": "Ymmärrän, että {n} henkilöä, jotka puuttuvat tiedostosta, poistetaan käytöstä",
        "en": "I understand that {n} people missing from the file will be retired",
    },
    "org.import.apply": {"fi": "Tee muutokset", "en": "Apply the changes"},
    "org.import.applied": {
        "fi": "Tuonti tehty: lisätty {added}, muutettu {changed}, palautettu {reactivated}, "
        "poistettu käytöstä {retired}; uusia yksiköitä {units} ja tiimejä {teams}.",
        "en": "Imported: {added} added, {changed} changed, {reactivated} brought back, "
        "{retired} retired; {units} new units and {teams} new teams.",
    },
    "org.import.links_help": {
        "fi": "Uudet henkilöt tarvitsevat kertakäyttöisen linkin salasanan asettamiseen.",
        "en": "The new people need a one-time link to set their password.",
    },
    "org.import.links": {
        "fi": "Luo salasanalinkit ({n} henkilöä)",
        "en": "Create password links ({n} people)",
    },
    "org.import.links_made": {
        "fi": "Linkkejä luotiin {n}, sähköpostilla lähti {emailed}. Kopioi loput alta ja "
        "toimita kukin vain omalle henkilölleen.",
        "en": "{n} links made, {emailed} e-mailed. Copy the rest below and give each only to "
        "its own person.",
    },
}
