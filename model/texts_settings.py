"""Texts of the settings page, retention and production mode (fi, en); merged into i18n."""

TEXTS: dict[str, dict[str, str]] = {
    "nav.settings": {"fi": "Asetukset", "en": "Settings"},
    # --- production mode (app.py) ------------------------------------------------------------
    "production.refused": {
        "fi": "Palvelua ei ole määritetty tuotantokäyttöön, joten se ei käynnisty: {reason}. "
        "Ylläpito näkee saman syyn palvelimen lokista.",
        "en": "The service is not configured for production, so it does not start: {reason}. "
        "The operators see the same reason on the server's console.",
    },
    # --- settings form -----------------------------------------------------------------------
    "settings.title": {"fi": "Asetukset", "en": "Settings"},
    "settings.intro": {
        "fi": "Organisaation nimi, aikavyöhyke, tulosten yksityisyyden rajat, vastausten "
        "säilytysaika ja tarjottavat kielet. Jokainen muutos kirjataan lokiin.",
        "en": "The organisation's name, time zone, the privacy limits of results, how long "
        "answers are kept and the languages offered. Every change is logged.",
    },
    "settings.name": {"fi": "Organisaation nimi", "en": "Organisation name"},
    "settings.time_zone": {"fi": "Aikavyöhyke", "en": "Time zone"},
    "settings.time_zone_help": {
        "fi": "Ajat näytetään tässä vyöhykkeessä, ja kierros päättyy sen päättymispäivän "
        "keskiyönä tämän vyöhykkeen aikaa.",
        "en": "Times are shown in this zone, and a round closes at midnight at the end of its "
        "last day, in this zone.",
    },
    "settings.anonymity_threshold": {
        "fi": "Pienin ryhmä, jonka tulokset näytetään (vastaajia)",
        "en": "Smallest group whose results are shown (respondents)",
    },
    "settings.anonymity_threshold_help": {
        "fi": "Vähintään {floor}. Pienemmän ryhmän tuloksia ei näytetä missään: ei sivuilla, "
        "kaavioissa eikä tiedostoissa.",
        "en": "At least {floor}. Results of a smaller group are shown nowhere: not on pages, in "
        "charts or in files.",
    },
    "settings.notes_threshold": {
        "fi": "Pienin kirjoittajajoukko, jonka muistiinpanot näytetään",
        "en": "Smallest group of writers whose notes are shown",
    },
    "settings.notes_threshold_help": {
        "fi": "Vähintään yhtä suuri kuin vastaajien raja. Muistiinpanot näytetään ilman "
        "kirjoittajaa ja sekoitetussa järjestyksessä.",
        "en": "At least as large as the respondents' limit. Notes are shown without their "
        "writers and in shuffled order.",
    },
    "settings.threshold_rule": {
        "fi": "Rajan nostaminen piilottaa heti myös jo julkaistuista tuloksista ryhmät, jotka "
        "jäävät uuden rajan alle; rajan laskeminen koskee vain muutoksen jälkeen julkaistavia "
        "kierroksia, joten jo julkaistut tulokset eivät koskaan näytä aiempaa enempää.",
        "en": "Raising a limit at once hides, in results already released too, the groups that "
        "fall below it; lowering one applies only to rounds released after the change, so "
        "results already released never show more than before.",
    },
    "settings.retention_months": {
        "fi": "Vastausten säilytysaika (kuukautta kierroksen päättymisestä)",
        "en": "How long answers are kept (months after a round closes)",
    },
    "settings.retention_help": {
        "fi": "{low}–{high} kuukautta. Sen jälkeen yksittäiset vastaukset poistetaan; "
        "julkaistut nimettömät tulokset säilyvät.",
        "en": "{low} to {high} months. After that the individual answers are removed; the "
        "anonymous results released stay.",
    },
    "settings.languages": {"fi": "Tarjottavat kielet", "en": "Languages offered"},
    "settings.languages_help": {
        "fi": "Ihmiset, joiden kieltä ei enää tarjota, näkevät palvelun ensimmäisellä "
        "tarjotulla kielellä.",
        "en": "People whose language is no longer offered see the service in the first "
        "language offered.",
    },
    "settings.languages_placeholder": {"fi": "Valitse kielet", "en": "Choose languages"},
    "settings.save": {"fi": "Tallenna asetukset", "en": "Save the settings"},
    "settings.saved": {
        "fi": "Asetukset tallennettiin (muuttuneita: {count}).",
        "en": "The settings were saved (changed: {count}).",
    },
    "settings.unchanged": {
        "fi": "Mitään ei muuttunut: asetukset olivat jo nämä.",
        "en": "Nothing changed: these were the settings already.",
    },
    # --- errors (SettingsError codes) --------------------------------------------------------
    "settings.error.name_empty": {
        "fi": "Kirjoita organisaation nimi.",
        "en": "Type the organisation's name.",
    },
    "settings.error.name_too_long": {
        "fi": "Nimessä voi olla enintään {limit} merkkiä.",
        "en": "The name can have at most {limit} characters.",
    },
    "settings.error.unknown_zone": {
        "fi": "Valitse aikavyöhyke luettelosta (esimerkiksi Europe/Helsinki).",
        "en": "Choose a time zone from the list (for example Europe/Helsinki).",
    },
    "settings.error.threshold_not_number": {
        "fi": "Rajan pitää olla kokonaisluku.",
        "en": "A limit must be a whole number.",
    },
    "settings.error.threshold_below_floor": {
        "fi": "Raja ei voi olla pienempi kuin {floor}: niin pienestä ryhmästä vastaajat "
        "voisi tunnistaa.",
        "en": "A limit cannot be below {floor}: in a group that small people could be recognised.",
    },
    "settings.error.threshold_too_high": {
        "fi": "Raja voi olla enintään {limit}.",
        "en": "A limit can be at most {limit}.",
    },
    "settings.error.notes_below_threshold": {
        "fi": "Muistiinpanojen rajan pitää olla vähintään vastaajien raja ({threshold}).",
        "en": "The notes' limit must be at least the respondents' limit ({threshold}).",
    },
    "settings.error.retention_not_number": {
        "fi": "Säilytysajan pitää olla kokonainen määrä kuukausia.",
        "en": "The retention period must be a whole number of months.",
    },
    "settings.error.retention_out_of_range": {
        "fi": "Säilytysajan pitää olla {low}–{high} kuukautta.",
        "en": "The retention period must be {low} to {high} months.",
    },
    "settings.error.no_language": {
        "fi": "Valitse vähintään yksi kieli.",
        "en": "Choose at least one language.",
    },
    "settings.error.unknown_language": {
        "fi": "Palvelu ei tue valittua kieltä.",
        "en": "The service does not support the language chosen.",
    },
    "settings.error.changed_elsewhere": {
        "fi": "Joku muu muutti asetuksia sillä välin. Lomakkeella näkyvät nyt tallennetut "
        "arvot: tee muutoksesi uudelleen.",
        "en": "Someone else changed the settings in the meantime. The form now shows the saved "
        "values: make your change again.",
    },
    # --- retention ---------------------------------------------------------------------------
    "settings.retention.title": {"fi": "Vanhojen vastausten poisto", "en": "Removing old answers"},
    "settings.retention.intro": {
        "fi": "Yksittäisten vastausten säilytysaika kierroksen päättymisestä: {months} kk. "
        "Poisto vie vastaukset, liikennevalot, muistiinpanot, estevalinnat ja jaot niiltä "
        "kierroksilta, joiden säilytysaika on päättynyt. Julkaistut nimettömät tulokset "
        "säilyvät ennallaan; julkaisematon kierros julkaistaan ensin.",
        "en": "Retention period of individual answers, in months after a round closes: {months}. "
        "Removing takes the answers, lights, notes, obstacle choices and shares of the rounds "
        "whose retention period has ended. The anonymous results released stay as they are; a "
        "round not yet released is released first.",
    },
    "settings.retention.count": {
        "fi": "Laske, mitä poistettaisiin",
        "en": "Count what would be removed",
    },
    "settings.retention.nothing": {
        "fi": "Mitään ei ole poistettavana: yhdenkään kierroksen säilytysaika ei ole päättynyt.",
        "en": "Nothing to remove: no round's retention period has ended.",
    },
    "settings.retention.would_remove": {
        "fi": "Poistettaisiin vastauksia {assessments} kierroksilta, joita on {rounds} (vanhin "
        "päättyi {oldest}); liikennevaloja {ratings}, muistiinpanoja {notes}, estevalintoja "
        "{obstacle_picks}, jakoja esihenkilölle {share_grants} ja julkaistuja tekstejä "
        "{pooled_texts}.",
        "en": "This would remove answers: {assessments}, from rounds: {rounds} (the oldest closed "
        "{oldest}); lights: {ratings}, notes: {notes}, obstacle choices: {obstacle_picks}, "
        "shares with supervisors: {share_grants}, released texts: {pooled_texts}.",
    },
    "settings.retention.confirm": {
        "fi": "Ymmärrän, että poistettuja vastauksia ei saa takaisin.",
        "en": "I understand that removed answers cannot be brought back.",
    },
    "settings.retention.remove": {"fi": "Poista nyt", "en": "Remove now"},
    "settings.retention.not_confirmed": {
        "fi": "Vahvista ensin, että poistetut vastaukset eivät palaa.",
        "en": "First confirm that removed answers do not come back.",
    },
    "settings.retention.removed": {
        "fi": "Poistettiin vastauksia {assessments} kierroksilta, joita oli {rounds}; "
        "liikennevaloja {ratings}, muistiinpanoja {notes}, estevalintoja {obstacle_picks}, "
        "jakoja {share_grants} ja julkaistuja tekstejä {pooled_texts}. Julkaistut tulokset "
        "säilyivät.",
        "en": "Removed answers: {assessments}, from rounds: {rounds}; lights: {ratings}, notes: "
        "{notes}, obstacle choices: {obstacle_picks}, shares: {share_grants}, released texts: "
        "{pooled_texts}. The released results stay.",
    },
}
