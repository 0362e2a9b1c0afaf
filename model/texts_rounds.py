"""Texts of the rounds pages, the annual clock and role assignment (fi, en); merged into i18n."""

TEXTS: dict[str, dict[str, str]] = {
    "nav.rounds": {"fi": "Kierrokset", "en": "Rounds"},
    # --- rounds page -------------------------------------------------------------------------
    "rounds.title": {"fi": "Arviointikierrokset", "en": "Assessment rounds"},
    "rounds.intro": {
        "fi": "Suunnittele vuoden kierrokset yksiköillesi. Vuosikello näyttää kierrokset ja "
        "suunnitellut työpajat kuukausittain.",
        "en": "Plan the year's rounds for your units. The annual clock shows the rounds and "
        "planned workshops month by month.",
    },
    "rounds.year": {"fi": "Vuosi", "en": "Year"},
    "rounds.clock_title": {"fi": "Vuosikello {year}", "en": "Annual clock {year}"},
    "rounds.clock_caption": {
        "fi": "Kuukaudet kulkevat myötäpäivään tammikuusta alkaen. Kierrokset näkyvät "
        "ulkokehällä, suunnitellut työpajat vinoneliöinä sisäkehällä.",
        "en": "Months run clockwise from January. Rounds are drawn in the outer ring, planned "
        "workshops as diamonds in the inner ring.",
    },
    "rounds.clock_alt": {
        "fi": "Vuosikello {year}: {rounds} kierrosta ja {workshops} suunniteltua työpajaa. "
        "Samat kierrokset ovat viereisessä taulukossa.",
        "en": "Annual clock {year}: {rounds} rounds and {workshops} planned workshops. "
        "The same rounds are listed in the table beside it.",
    },
    "rounds.list_title": {"fi": "Vuoden {year} kierrokset", "en": "Rounds in {year}"},
    "rounds.none": {
        "fi": "Yksiköillesi ei ole tälle vuodelle kierroksia.",
        "en": "There are no rounds for your units in this year.",
    },
    "rounds.col.name": {"fi": "Nimi", "en": "Name"},
    "rounds.col.kind": {"fi": "Tyyppi", "en": "Kind"},
    "rounds.col.opens_on": {"fi": "Alkaa", "en": "Opens"},
    "rounds.col.closes_on": {"fi": "Päättyy", "en": "Closes"},
    "rounds.col.scope": {"fi": "Kohderyhmä", "en": "Scope"},
    "rounds.col.invited": {"fi": "Kutsuttuja", "en": "Invited"},
    "rounds.col.modules": {"fi": "Lisäosiot", "en": "Modules"},
    "rounds.new_title": {"fi": "Uusi kierros", "en": "New round"},
    "rounds.edit_title": {"fi": "Muokkaa kierrosta", "en": "Edit a round"},
    "rounds.edit_pick": {"fi": "Muokattava kierros", "en": "Round to edit"},
    "rounds.edit_none": {
        "fi": "Sinulla ei ole muokattavia kierroksia. Voit muokata kierroksia, joiden "
        "kohderyhmä on kokonaan omissa yksiköissäsi.",
        "en": "There are no rounds you can edit. You can edit rounds whose scope lies entirely "
        "within your units.",
    },
    "rounds.edit_option": {
        "fi": "{name} · {opens}–{closes}",
        "en": "{name} · {opens} to {closes}",
    },
    "rounds.edit_note": {
        "fi": "Kierroksen arviointimallia ei voi vaihtaa. Päättymispäivän voi siirtää myös "
        "menneisyyteen, jolloin kierros sulkeutuu heti.",
        "en": "The framework of a round cannot be changed. The closing date may also be moved "
        "into the past, which closes the round at once.",
    },
    "rounds.name": {"fi": "Nimi", "en": "Name"},
    "rounds.name_placeholder": {
        "fi": "esim. Kevään oma pohdinta 2027",
        "en": "e.g. Spring reflection 2027",
    },
    "rounds.kind": {"fi": "Kierroksen tyyppi", "en": "Kind of round"},
    "rounds.scope": {"fi": "Kohderyhmä (yksiköt ja tiimit)", "en": "Scope (units and teams)"},
    "rounds.scope_help": {
        "fi": "Yksikön valinta kutsuu kaikki sen alla olevat tiimit.",
        "en": "Choosing a unit invites every team below it.",
    },
    "rounds.scope_placeholder": {"fi": "Valitse yksiköt tai tiimit", "en": "Choose units or teams"},
    "rounds.opens_on": {"fi": "Alkaa", "en": "Opens on"},
    "rounds.closes_on": {"fi": "Päättyy", "en": "Closes on"},
    "rounds.modules": {"fi": "Lisäosiot", "en": "Optional modules"},
    "rounds.module.customer_value": {
        "fi": "Asiakasarvon nelikenttä",
        "en": "Customer-value quadrant",
    },
    "rounds.module.obstacles": {
        "fi": "Viisi suurinta estettä",
        "en": "Top five obstacles",
    },
    "rounds.module.community_capability": {
        "fi": "Työyhteisön kyvykkyys",
        "en": "Community capability",
    },
    "rounds.create": {"fi": "Luo kierros", "en": "Create round"},
    "rounds.save": {"fi": "Tallenna muutokset", "en": "Save changes"},
    "rounds.created": {"fi": "Kierros luotiin.", "en": "The round was created."},
    "rounds.updated": {"fi": "Muutokset tallennettiin.", "en": "The changes were saved."},
    "rounds.unit_option": {"fi": "{name} ({parent})", "en": "{name} ({parent})"},
    "rounds.kind.reflection": {"fi": "Oma pohdinta", "en": "Own reflection"},
    "rounds.kind.discussion": {"fi": "Kehityskeskustelut", "en": "Development discussions"},
    "rounds.kind.workshop_baseline": {
        "fi": "Työpajan lähtötaso",
        "en": "Workshop baseline",
    },
    "rounds.kind.pulse": {"fi": "Pulssikysely", "en": "Pulse"},
    # --- annual clock ------------------------------------------------------------------------
    "clock.round": {"fi": "Kierros", "en": "Round"},
    "clock.kind": {"fi": "Tyyppi", "en": "Kind"},
    "clock.opens_on": {"fi": "Alkaa", "en": "Opens"},
    "clock.closes_on": {"fi": "Päättyy", "en": "Closes"},
    "clock.workshop": {"fi": "Työpaja", "en": "Workshop"},
    "clock.planned_on": {"fi": "Suunniteltu päivä", "en": "Planned for"},
    "clock.today": {"fi": "Tänään", "en": "Today"},
    "clock.month.1": {"fi": "tammi", "en": "Jan"},
    "clock.month.2": {"fi": "helmi", "en": "Feb"},
    "clock.month.3": {"fi": "maalis", "en": "Mar"},
    "clock.month.4": {"fi": "huhti", "en": "Apr"},
    "clock.month.5": {"fi": "touko", "en": "May"},
    "clock.month.6": {"fi": "kesä", "en": "Jun"},
    "clock.month.7": {"fi": "heinä", "en": "Jul"},
    "clock.month.8": {"fi": "elo", "en": "Aug"},
    "clock.month.9": {"fi": "syys", "en": "Sep"},
    "clock.month.10": {"fi": "loka", "en": "Oct"},
    "clock.month.11": {"fi": "marras", "en": "Nov"},
    "clock.month.12": {"fi": "joulu", "en": "Dec"},
    # --- role assignment (organisation page) -------------------------------------------------
    "org.roles.title": {"fi": "Roolit", "en": "Roles"},
    "org.roles.intro": {
        "fi": "Anna kehittäjälle yksiköt, joiden kierroksia ja työpajoja hän hoitaa, ja "
        "esihenkilölle tiimit, joita hän johtaa. Muutos tulee voimaan heti.",
        "en": "Give a facilitator the units whose rounds and workshops they run, and a "
        "supervisor the teams they lead. The change applies at once.",
    },
    "org.roles.person": {"fi": "Henkilö", "en": "Person"},
    "org.roles.person_option": {"fi": "{name} · {email}", "en": "{name} · {email}"},
    "org.roles.person_placeholder": {
        "fi": "Hae nimellä tai sähköpostilla",
        "en": "Search by name or e-mail",
    },
    "org.roles.unit_placeholder": {
        "fi": "Valitse yksikkö tai tiimi",
        "en": "Choose a unit or team",
    },
    "org.roles.role": {"fi": "Rooli", "en": "Role"},
    "org.roles.unit": {"fi": "Yksikkö tai tiimi", "en": "Unit or team"},
    "org.roles.unit_help": {
        "fi": "Kehittäjälle valitaan yksikkö tai koko organisaatio, esihenkilölle tiimi.",
        "en": "A facilitator gets a unit or the whole organisation, a supervisor a team.",
    },
    "org.roles.assign": {"fi": "Anna rooli", "en": "Assign role"},
    "org.roles.remove": {"fi": "Poista rooli", "en": "Remove role"},
    "org.roles.assigned": {"fi": "Rooli annettiin.", "en": "The role was assigned."},
    "org.roles.removed": {"fi": "Rooli poistettiin.", "en": "The role was removed."},
    "org.roles.current": {"fi": "Nykyiset roolit", "en": "Current roles"},
    "org.roles.none": {"fi": "Rooleja ei ole vielä annettu.", "en": "No roles assigned yet."},
    "org.roles.col.name": {"fi": "Nimi", "en": "Name"},
    "org.roles.col.email": {"fi": "Sähköposti", "en": "E-mail"},
    "org.roles.col.role": {"fi": "Rooli", "en": "Role"},
    "org.roles.col.unit": {"fi": "Yksikkö tai tiimi", "en": "Unit or team"},
    # --- audit events about me (shown on My history) ----------------------------------------
    "event.role_granted": {"fi": "Sinulle annettiin rooli", "en": "You were given a role"},
    "event.role_removed": {"fi": "Sinulta poistettiin rooli", "en": "A role of yours was removed"},
    # --- errors (RoundError codes) -----------------------------------------------------------
    "error.round_name_empty": {
        "fi": "Anna kierrokselle nimi.",
        "en": "Give the round a name.",
    },
    "error.round_changed_elsewhere": {
        "fi": "Kierrosta on muutettu muualla sen jälkeen, kun avasit sen, joten muutoksiasi ei "
        "tallennettu. Valitse kierros uudelleen nähdäksesi tallennetun version.",
        "en": "The round was changed elsewhere after you opened it, so your changes were not "
        "saved. Pick the round again to see the saved version.",
    },
    "error.round_name_too_long": {
        "fi": "Nimi on liian pitkä (enintään {limit} merkkiä).",
        "en": "The name is too long (at most {limit} characters).",
    },
    "error.round_kind_unknown": {
        "fi": "Valitse kierroksen tyyppi.",
        "en": "Choose the kind of round.",
    },
    "error.round_dates_missing": {
        "fi": "Anna kierroksen alkamis- ja päättymispäivä.",
        "en": "Give the round an opening and a closing date.",
    },
    "error.round_dates_reversed": {
        "fi": "Päättymispäivä ei voi olla ennen alkamispäivää.",
        "en": "The closing date cannot be before the opening date.",
    },
    "error.round_released": {
        "fi": "Kierroksen tulokset on jo julkaistu, joten sitä ei voi avata uudelleen. "
        "Tee tarvittaessa uusi kierros.",
        "en": "This round's results have been released, so it cannot be reopened. "
        "Create a new round if you need one.",
    },
    "error.round_scope_empty": {
        "fi": "Valitse vähintään yksi yksikkö tai tiimi.",
        "en": "Choose at least one unit or team.",
    },
    "error.round_module_unknown": {
        "fi": "Kierroksella on tuntematon lisäosio.",
        "en": "The round has an unknown module.",
    },
    "error.role_unknown": {
        "fi": "Tätä roolia ei voi antaa täällä.",
        "en": "This role cannot be assigned here.",
    },
    "error.role_person_missing": {"fi": "Valitse henkilö.", "en": "Choose a person."},
    "error.role_needs_unit": {
        "fi": "Kehittäjälle valitaan yksikkö tai koko organisaatio, ei tiimiä.",
        "en": "A facilitator is assigned a unit or the whole organisation, not a team.",
    },
    "error.role_needs_team": {
        "fi": "Esihenkilölle valitaan tiimi.",
        "en": "A supervisor is assigned a team.",
    },
    "error.role_exists": {
        "fi": "Henkilöllä on jo tämä rooli tässä yksikössä.",
        "en": "The person already holds this role for this unit.",
    },
    "error.role_unit_retired": {
        "fi": "Yksikkö on poistettu käytöstä. Palauta se ensin käyttöön.",
        "en": "The unit has been retired. Restore it first.",
    },
    "error.role_missing": {
        "fi": "Henkilöllä ei ole tätä roolia tässä yksikössä.",
        "en": "The person does not hold this role for this unit.",
    },
}
