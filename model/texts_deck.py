"""Texts of the decks (PowerPoint) and of the workbook's workshop and actions sheets (fi, en);
merged into model.i18n.TEXTS."""

TEXTS: dict[str, dict[str, str]] = {
    # --- downloads ------------------------------------------------------------------------------
    "deck.download_briefing": {
        "fi": "Johdon katsaus (PowerPoint)",
        "en": "Management briefing (PowerPoint)",
    },
    "deck.download_workshop": {
        "fi": "Työpajan diat (PowerPoint)",
        "en": "Workshop slides (PowerPoint)",
    },
    "deck.download_workbook": {
        "fi": "Työpajan työkirja (Excel)",
        "en": "Workshop workbook (Excel)",
    },
    "deck.exports_title": {"fi": "Tiedostot", "en": "Files"},
    "deck.exports_no_round": {
        "fi": "Työpajaan ei ole liitetty julkaistua kierrosta, joten tiedostoissa ovat vain "
        "työpajan kysymykset, muistiinpanot, teemat ja toimenpiteet.",
        "en": "No released round is attached to this workshop, so the files hold only its "
        "questions, notes, themes and actions.",
    },
    # --- title slides ---------------------------------------------------------------------------
    "deck.briefing_title": {"fi": "Johdon katsaus: {unit}", "en": "Management briefing: {unit}"},
    "deck.briefing_notes": {
        "fi": "Tämä katsaus kokoaa kierroksen nimettömät tulokset. Ryhmät, joissa on alle {n} "
        "vastaajaa, on piilotettu, eikä niistä ole diassa yhtään lukua. Muistiinpanot näytetään "
        "vain, kun kirjoittajia on vähintään {n_text}. Tulokset kuvaavat työyhteisöä, eivät "
        "yksittäisiä ihmisiä: niitä ei käytetä kenenkään arviointiin.",
        "en": "This briefing gathers the round's anonymous results. Groups with fewer than {n} "
        "respondents are hidden and no figure of theirs is on any slide. Notes are shown only "
        "when at least {n_text} people wrote them. The results describe the work community, not "
        "individuals: they are never used to rate anyone.",
    },
    "deck.workshop_notes_title": {
        "fi": "Työpajan aineisto: kysymykset, muistiinpanot, teemat äänineen ja sovitut "
        "toimenpiteet. Muistiinpanoilla ei ole kirjoittajaa.",
        "en": "The workshop's material: questions, notes, themes with their votes and the "
        "actions agreed. Notes carry no author.",
    },
    # --- participation ------------------------------------------------------------------------
    "deck.participation": {"fi": "Osallistuminen", "en": "Participation"},
    "deck.participation_sub": {
        "fi": "Ryhmät, joissa on alle {n} vastaajaa, on piilotettu.",
        "en": "Groups with fewer than {n} respondents are hidden.",
    },
    "deck.participation_alt": {
        "fi": "Taulukko: kutsutut, vastaajat ja osallistumisaste ryhmittäin; piilotetuista "
        "ryhmistä vain syy.",
        "en": "Table: invited, respondents and participation per group; for hidden groups only "
        "the reason.",
    },
    "deck.participation_notes": {
        "fi": "Kutsutuista {invited} vastasi {respondents} eli {rate}. Luvut näkyvät vain "
        "ryhmistä, joissa vastaajia on vähintään {n}.",
        "en": "{respondents} of the {invited} invited answered, {rate}. Figures are shown only "
        "for groups with at least {n} respondents.",
    },
    "deck.participation_notes_hidden": {
        "fi": "Kutsuttuja oli {invited}. Yksikön vastaajamäärä on piilotettu, koska se "
        "paljastaisi liian pienen ryhmän vastaukset (raja {n}).",
        "en": "{invited} were invited. The unit's number of respondents is hidden because it "
        "would reveal too small a group's answers (threshold {n}).",
    },
    "deck.hidden_groups": {
        "fi": "Piilotetut ryhmät: {groups}. Niiden lukuja ei näytetä missään, jotta kenenkään "
        "vastauksia ei voi päätellä.",
        "en": "Hidden groups: {groups}. Their figures are shown nowhere, so that nobody's answers "
        "can be worked out.",
    },
    "deck.results": {"fi": "Tulokset", "en": "Results"},
    "deck.unit_hidden_notes": {
        "fi": "Yksikön jakaumaa ei voi näyttää ({reason}).",
        "en": "The unit's distribution cannot be shown ({reason}).",
    },
    # --- distribution -------------------------------------------------------------------------
    "deck.distribution": {"fi": "Liikennevalot kokemuksittain", "en": "The lights per experience"},
    "deck.distribution_notes": {
        "fi": "Jokainen palkki näyttää, kuinka suuri osa vastaajista antoi kokemukselle "
        "punaisen, keltaisen tai vihreän valon. Keskiarvoa ei lasketa, koska se kätkisi "
        "erilaiset kokemukset. Katsokaa ensin, missä punaista on eniten.",
        "en": "Each bar shows what share of the respondents gave the experience a red, yellow or "
        "green light. There is no average, because it would hide different experiences. Look "
        "first where there is most red.",
    },
    "deck.distribution_alt": {
        "fi": "Pinottu palkkikaavio: punaisen, keltaisen ja vihreän valon osuudet kokemuksittain, "
        "{unit}.",
        "en": "Stacked bar chart: shares of red, yellow and green lights per experience, {unit}.",
    },
    # --- trend --------------------------------------------------------------------------------
    "deck.trend": {"fi": "Kehitys kierroksittain", "en": "Trend over the rounds"},
    "deck.trend_sub": {
        "fi": "Valojen osuudet niillä kierroksilla, joilta tuloksia voi näyttää.",
        "en": "Shares of the lights in the rounds whose results may be shown.",
    },
    "deck.trend_notes": {
        "fi": "Kierrokset: {rounds}. Jokainen pylväs on yksi kierros; vihreä ylimpänä.",
        "en": "Rounds: {rounds}. Each column is one round; green on top.",
    },
    "deck.trend_line": {
        "fi": "{field}: {light} {first} → {last}.",
        "en": "{field}: {light} {first} → {last}.",
    },
    "deck.trend_alt": {
        "fi": "Pinottu pylväskaavio kierroksittain: {field}.",
        "en": "Stacked column chart per round: {field}.",
    },
    # --- teams --------------------------------------------------------------------------------
    "deck.board": {"fi": "Tiimit ja kokemukset", "en": "Teams and experiences"},
    "deck.board_sub": {
        "fi": "Yleisin valo ja {green} -osuus tiimeittäin; harmaa on piilotettu.",
        "en": "The most common light and the share of {green} per team; grey is hidden.",
    },
    "deck.board_notes": {
        "fi": "Taulukon solun väri ja merkki kertovat tiimin yleisimmän valon, luku {green} "
        "-vastausten osuuden. Tasatilanteessa näytetään heikompi valo.",
        "en": "A cell's colour and symbol give the team's most common light, the figure the "
        "share of {green} answers. A tie shows the weaker light.",
    },
    "deck.board_alt": {
        "fi": "Taulukko: tiimit riveinä, kokemukset sarakkeina; solussa yleisin valo ja vihreän "
        "osuus, piilotetuissa sana piilossa.",
        "en": "Table: teams as rows, experiences as columns; each cell has the most common light "
        "and the green share, hidden ones the word hidden.",
    },
    "deck.teams": {"fi": "Tiimien jakaumat", "en": "The teams' distributions"},
    "deck.teams_sub": {
        "fi": "Kunkin kokemuksen valot tiimeittäin; piilotetulla tiimillä ei ole palkkia.",
        "en": "Each experience's lights per team; a hidden team has no bar.",
    },
    "deck.teams_notes": {
        "fi": "Samat valot tiimeittäin. Vertailkaa tiimejä kokemus kerrallaan, ei tiimien "
        "paremmuutta: tiimit tekevät erilaista työtä.",
        "en": "The same lights per team. Compare the teams one experience at a time, not which "
        "team is better: the teams do different work.",
    },
    "deck.teams_alt": {
        "fi": "Pinottu palkkikaavio tiimeittäin: {field}. Piilotetuilla tiimeillä ei ole arvoja.",
        "en": "Stacked bar chart per team: {field}. Hidden teams have no values.",
    },
    # --- comparison ---------------------------------------------------------------------------
    "deck.comparison": {"fi": "Vertailu organisaatioon", "en": "Compared with the organisation"},
    "deck.comparison_notes": {
        "fi": "Palkki näyttää, kuinka monta prosenttiyksikköä yksikön valon osuus poikkeaa koko "
        "organisaatiosta. Selvä ero on vähintään {pp} yksikköä.",
        "en": "A bar shows by how many percentage points the unit's share of a light differs "
        "from the whole organisation. A clear difference is at least {pp} points.",
    },
    "deck.comparison_alt": {
        "fi": "Palkkikaavio: valojen osuuksien ero organisaatioon prosenttiyksikköinä "
        "kokemuksittain.",
        "en": "Bar chart: the difference from the organisation in each light's share, in "
        "percentage points, per experience.",
    },
    "deck.clear_differences": {
        "fi": "Selvät erot (vähintään {pp} %-yks.)",
        "en": "Clear differences (at least {pp} points)",
    },
    "deck.no_clear_differences": {
        "fi": "Ei selviä eroja (alle {pp} %-yks.).",
        "en": "No clear differences (under {pp} points).",
    },
    # --- notes --------------------------------------------------------------------------------
    "deck.notes": {"fi": "Muistiinpanot", "en": "Notes"},
    "deck.notes_notes": {
        "fi": "{category}: {question} Muistiinpanoja {count}, sekoitetussa järjestyksessä ja "
        "ilman kirjoittajaa; ne näytetään vain, kun kirjoittajia on vähintään {n_text}.",
        "en": "{category}: {question} {count} notes, shuffled and without authors; they are "
        "shown only when at least {n_text} people wrote notes.",
    },
    # --- obstacles ----------------------------------------------------------------------------
    "deck.obstacles": {"fi": "Esteet", "en": "Obstacles"},
    "deck.obstacles_notes": {
        "fi": "Esteiden järjestys pisteiden mukaan (ensimmäinen valinta saa eniten pisteitä).",
        "en": "The obstacles ranked by points (a first choice earns the most).",
    },
    "deck.obstacles_alt": {
        "fi": "Palkkikaavio: esteet pisteiden mukaan.",
        "en": "Bar chart: obstacles by points.",
    },
    # --- the workshop -------------------------------------------------------------------------
    "deck.questions": {"fi": "Työpajan kysymykset", "en": "The workshop's questions"},
    "deck.questions_notes": {
        "fi": "Työpajassa vastattiin {count} kysymykseen. Muistiinpanot kirjoitettiin "
        "nimettöminä, ja ne näkyivät muille vasta, kun ne paljastettiin.",
        "en": "The workshop answered {count} questions. Notes were written anonymously and "
        "others saw them only once they were revealed.",
    },
    "deck.workshop_notes": {"fi": "Muistiinpanot", "en": "Notes"},
    "deck.notes_not_revealed": {
        "fi": "Muistiinpanoja ei ole vielä paljastettu (kirjoitettu {count}).",
        "en": "The notes have not been revealed yet ({count} written).",
    },
    "deck.question_notes": {"fi": "Kysymys {number}", "en": "Question {number}"},
    "deck.question_notes_notes": {
        "fi": "{question} Muistiinpanoja {count}; pieni otsikko kertoo teeman, johon ne "
        "ryhmiteltiin.",
        "en": "{question} {count} notes; the small heading gives the theme they were grouped into.",
    },
    "deck.no_notes": {
        "fi": "Tähän kysymykseen ei kirjoitettu muistiinpanoja.",
        "en": "No notes were written for this question.",
    },
    "deck.themes": {"fi": "Teemat ja äänet", "en": "Themes and votes"},
    "deck.themes_sub": {
        "fi": "Pisteäänet teemoittain, eniten ääniä saanut ylimpänä.",
        "en": "Dot votes per theme, the most votes on top.",
    },
    "deck.themes_sub_no_votes": {
        "fi": "Äänimäärät näytetään vasta, kun äänestys on päättynyt.",
        "en": "Vote counts are shown only once voting has ended.",
    },
    "deck.themes_notes": {
        "fi": "Teemat, joihin muistiinpanot ryhmiteltiin, ja niiden saamat pisteäänet:",
        "en": "The themes the notes were grouped into, and the dot votes they received:",
    },
    "deck.themes_notes_no_votes": {
        "fi": "Teemat, joihin muistiinpanot ryhmiteltiin (äänimäärät näkyvät äänestyksen jälkeen):",
        "en": "The themes the notes were grouped into (vote counts appear after voting):",
    },
    "deck.theme_line": {"fi": "{title} ({notes} muistiinpanoa)", "en": "{title} ({notes} notes)"},
    "deck.theme_line_votes": {
        "fi": "{title}: {votes} ääntä, {notes} muistiinpanoa",
        "en": "{title}: {votes} votes, {notes} notes",
    },
    "deck.themes_alt": {
        "fi": "Palkkikaavio: pisteäänet teemoittain.",
        "en": "Bar chart: dot votes per theme.",
    },
    "deck.theme_alt_line": {"fi": "{title}: {votes}.", "en": "{title}: {votes}."},
    "deck.no_themes": {"fi": "Teemoja ei muodostettu.", "en": "No themes were formed."},
    "deck.votes": {"fi": "Ääniä", "en": "Votes"},
    "deck.theme": {"fi": "Teema", "en": "Theme"},
    "deck.actions": {"fi": "Sovitut toimenpiteet", "en": "Actions agreed"},
    "deck.actions_sub": {
        "fi": "Keinot, vastuu, mittari, aikajänne ja suunta kullekin toimenpiteelle.",
        "en": "Means, owner, measure, time span and direction for each action.",
    },
    "deck.actions_notes": {
        "fi": "Sovitut toimenpiteet. Sopikaa, milloin niiden etenemistä katsotaan seuraavan "
        "kerran; seuraava kierros näyttää, liikkuivatko valot.",
        "en": "The actions agreed. Agree when to look at their progress next; the next round "
        "shows whether the lights moved.",
    },
    "deck.no_actions": {
        "fi": "Toimenpiteitä ei ole vielä sovittu.",
        "en": "No actions agreed yet.",
    },
    # --- the workbook's new sheets ------------------------------------------------------------
    "wb.actions": {"fi": "Toimenpiteet", "en": "Actions"},
    "wb.workshop": {"fi": "Työpaja", "en": "Workshop"},
    "wb.col.workshop": {"fi": "Työpaja", "en": "Workshop"},
    "wb.col.theme": {"fi": "Teema", "en": "Theme"},
    "wb.col.votes": {"fi": "Ääniä", "en": "Votes"},
    "wb.col.notes_count": {"fi": "Muistiinpanoja", "en": "Notes"},
    "wb.col.question": {"fi": "Kysymys", "en": "Question"},
    "wb.votes_hidden": {
        "fi": "näkyy äänestyksen jälkeen",
        "en": "shown after voting",
    },
    "wb.no_actions": {"fi": "Toimenpiteitä ei ole.", "en": "No actions."},
    "wb.no_themes": {"fi": "Teemoja ei ole.", "en": "No themes."},
    "wb.notes_not_revealed": {
        "fi": "Muistiinpanoja ei ole vielä paljastettu.",
        "en": "The notes have not been revealed yet.",
    },
    "wb.workshop_themes": {"fi": "Teemat", "en": "Themes"},
    "wb.workshop_notes": {"fi": "Muistiinpanot kysymyksittäin", "en": "Notes by question"},
}
