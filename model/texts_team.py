"""Texts of the team view pages (fi, en); merged into model.i18n.TEXTS."""

TEXTS: dict[str, dict[str, str]] = {
    "nav.team": {"fi": "Tiiminäkymä", "en": "Team view"},
    "team.title": {"fi": "Tiiminäkymä", "en": "Team view"},
    "team.intro": {
        "fi": "Nimettömät koosteet: luvut näkyvät vain, kun ryhmässä on vähintään {n} vastaajaa. "
        "Yksittäisen ihmisen vastauksia ei näytetä tässä näkymässä koskaan.",
        "en": "Anonymous summaries: figures appear only when a group has at least {n} "
        "respondents. Nobody's individual answers are ever shown in this view.",
    },
    "team.no_units": {
        "fi": "Sinulle ei ole määritetty yksiköitä tai tiimejä.",
        "en": "No units or teams have been assigned to you.",
    },
    "team.no_rounds": {
        "fi": "Tällä yksiköllä ei ole vielä arviointikierroksia.",
        "en": "This unit has no assessment rounds yet.",
    },
    "team.unit": {"fi": "Yksikkö tai tiimi", "en": "Unit or team"},
    "team.round": {"fi": "Kierros", "en": "Round"},
    "team.respondents": {"fi": "Vastaajia", "en": "Respondents"},
    "team.invited": {"fi": "Kutsuttuja", "en": "Invited"},
    "team.participation": {"fi": "Osallistuminen", "en": "Participation"},
    "team.hidden_short": {"fi": "piilossa", "en": "hidden"},
    "team.hidden": {"fi": "piilossa", "en": "hidden"},
    "team.invited_count": {"fi": "{n} kutsuttu", "en": "{n} invited"},
    "team.reason.too_few": {
        "fi": "piilossa: alle {n} vastausta",
        "en": "hidden: fewer than {n} responses",
    },
    "team.reason.protects": {
        "fi": "piilossa: muuten jonkin pienemmän ryhmän vastaukset voisi päätellä muista luvuista",
        "en": "hidden: otherwise a smaller group's answers could be worked out from other figures",
    },
    "team.reason.known": {
        "fi": "piilossa sinulta: tunnet osan ryhmän vastauksista (omasi tai sinulle jaetut), "
        "joten loput olisivat liian harvojen",
        "en": "hidden from you: you know some of its answers (your own or shared with you), so "
        "the rest would belong to too few people",
    },
    "team.open_round": {
        "fi": "Kierros on auki {date} asti. Tulokset julkaistaan kerralla, kun kierros päättyy; "
        "siihen asti näet vain osallistumisen.",
        "en": "The round is open until {date}. Its results are released all at once when it "
        "closes; until then you see participation only.",
    },
    "team.released_note": {
        "fi": "Tulokset julkaistiin kierroksen päätyttyä, eivätkä ne enää muutu.",
        "en": "The results were released when the round closed and no longer change.",
    },
    "team.hidden_group": {
        "fi": "Ryhmän tulokset on piilotettu, koska vastauksia on alle {n} tai koska ne "
        "paljastaisivat pienemmän ryhmän tulokset.",
        "en": "This group's results are hidden: it has fewer than {n} responses, or showing "
        "them would reveal a smaller group's results.",
    },
    "team.unit_hidden": {
        "fi": "Tästä valinnasta ei voi näyttää tuloksia ({reason}).",
        "en": "No results can be shown for this choice ({reason}).",
    },
    "team.tab.distribution": {"fi": "Jakaumat", "en": "Distributions"},
    "team.tab.trend": {"fi": "Kehitys", "en": "Trend"},
    "team.tab.grid": {"fi": "Tiimit", "en": "Teams"},
    "team.tab.comparison": {"fi": "Vertailu", "en": "Comparison"},
    "team.tab.segments": {"fi": "Profiilit", "en": "Profiles"},
    "team.tab.notes": {"fi": "Muistiinpanot", "en": "Notes"},
    "team.tab.obstacles": {"fi": "Esteet", "en": "Obstacles"},
    "team.distribution_caption": {
        "fi": "Kunkin kokemuksen liikennevalojen jakauma. Keskiarvoa ei lasketa: "
        "monimuotoista ryhmää ei voi johtaa keskiarvoilla.",
        "en": "The spread of lights for each experience. No averages: a diverse group cannot be "
        "led by averages.",
    },
    "team.trend_caption": {
        "fi": "Kierrokset, joilta tuloksia voi näyttää.",
        "en": "Rounds whose results may be shown.",
    },
    "team.trend_empty": {
        "fi": "Aiemmilta kierroksilta ei ole näytettäviä tuloksia.",
        "en": "There are no results from earlier rounds to show.",
    },
    "team.grid_caption": {
        "fi": "Jokainen ruutu näyttää tiimin yleisimmän valon ja vihreiden osuuden.",
        "en": "Each square shows the team's most common light and the share of green.",
    },
    "team.no_teams": {
        "fi": "Valinnassa ei ole alatiimejä.",
        "en": "This choice has no teams below it.",
    },
    "team.comparison_caption": {
        "fi": "Ero koko organisaatioon prosenttiyksikköinä. Yli {pp} yksikön erot on merkitty.",
        "en": "Difference from the whole organisation in percentage points. Differences over "
        "{pp} points are marked.",
    },
    "team.comparison_empty": {
        "fi": "Vertailua ei voi näyttää.",
        "en": "The comparison cannot be shown.",
    },
    "team.over": {
        "fi": "{light}: {pp:+.0f} %-yks. yli organisaation",
        "en": "{light}: {pp:+.0f} points above the organisation",
    },
    "team.under": {
        "fi": "{light}: {pp:+.0f} %-yks. alle organisaation",
        "en": "{light}: {pp:+.0f} points below the organisation",
    },
    "team.segments_method": {
        "fi": "Profiilit: samanlaisin valoin vastanneet ryhmitellään yhteen. Ensin yhdistetään "
        "täsmälleen samat vastausyhdistelmät, sitten pienin ryhmä liitetään lähimpään, kunnes "
        "jokaisessa on vähintään {n} henkeä (enintään 8 ryhmää).",
        "en": "Profiles: people who answered with similar lights are grouped. Identical patterns "
        "come together first, then the smallest group joins the most similar one until each has "
        "at least {n} people (at most 8 groups).",
    },
    "team.segments_where": {
        "fi": "Profiilit muodostetaan vain ryhmälle, jonka tiimejä tai alayksiköitä ei näytetä "
        "erikseen, jotta niitä ei voi yhdistää tiimien lukuihin. Ne kuvaavat neljää "
        "perustekijää.",
        "en": "Profiles are formed only for a group whose teams or sub-units are not shown "
        "separately, so that they cannot be combined with team figures. They describe the four "
        "basic experiences.",
    },
    "team.segments_empty": {
        "fi": "Profiileja ei voi näyttää: ryhmät olisivat liian pieniä tai paljastaisivat tiimien "
        "tuloksia.",
        "en": "Profiles cannot be shown: the groups would be too small or would reveal team "
        "results.",
    },
    "team.segment_label": {
        "fi": "Profiili {label} · {size} henkeä",
        "en": "Profile {label} · {size} people",
    },
    "team.segment_vs_unit": {
        "fi": "Ero koko valintaan: {items}",
        "en": "Difference from the whole selection: {items}",
    },
    "team.segment_no_diff": {
        "fi": "Ei selviä eroja koko valintaan.",
        "en": "No clear differences from the whole selection.",
    },
    "team.notes_caption": {
        "fi": "Muistiinpanot niiltä, jotka sallivat sen. Ne näytetään sekoitettuina, ilman nimeä "
        "ja aikaa.",
        "en": "Notes from people who allowed it, shuffled, without names or times.",
    },
    "team.notes_hidden": {
        "fi": "Muistiinpanoja näytetään vain, kun vähintään {n} eri ihmistä on kirjoittanut "
        "yhteiskäyttöön sallittuja muistiinpanoja, eikä niitä voi erottaa toisen ryhmän "
        "muistiinpanoista.",
        "en": "Notes are shown only when at least {n} different people wrote notes they allowed "
        "to be pooled, and only where they cannot be told apart from another group's notes.",
    },
    "team.notes_empty": {"fi": "Ei muistiinpanoja.", "en": "No notes."},
    "team.obstacles_empty": {
        "fi": "Tällä kierroksella ei kysytty esteitä, tai vastauksia ei voi näyttää.",
        "en": "This round did not ask about obstacles, or the answers cannot be shown.",
    },
    "team.obstacle_line": {
        "fi": "{rank}. {label} — {points} pistettä, {picks} valintaa",
        "en": "{rank}. {label} — {points} points, {picks} picks",
    },
    "team.download": {
        "fi": "Lataa työpajan työkirja (Excel)",
        "en": "Download workshop workbook (Excel)",
    },
    "team.participation_table": {"fi": "Osallistuminen tiimeittäin", "en": "Participation by team"},
    "chart.share": {"fi": "Osuus", "en": "Share"},
    "chart.count": {"fi": "Määrä", "en": "Count"},
    "chart.team": {"fi": "Tiimi", "en": "Team"},
    "chart.diff": {"fi": "Ero (%-yks.)", "en": "Difference (points)"},
    "chart.group": {"fi": "Ryhmä", "en": "Group"},
    "chart.reference": {"fi": "Vertailu", "en": "Reference"},
    "chart.hidden": {"fi": "Piilotettu", "en": "Hidden"},
    "wb.summary": {"fi": "Yhteenveto", "en": "Summary"},
    "wb.distribution": {"fi": "Jakaumat", "en": "Distributions"},
    "wb.trend": {"fi": "Kehitys", "en": "Trend"},
    "wb.grid": {"fi": "Tiimit", "en": "Teams"},
    "wb.comparison": {"fi": "Vertailu", "en": "Comparison"},
    "wb.segments": {"fi": "Profiilit", "en": "Profiles"},
    "wb.notes": {"fi": "Muistiinpanot", "en": "Notes"},
    "wb.obstacles": {"fi": "Esteet", "en": "Obstacles"},
    "wb.participation": {"fi": "Osallistuminen", "en": "Participation"},
    "wb.charts": {"fi": "Kaaviot", "en": "Charts"},
    "wb.title": {"fi": "Työpajan aineisto: {unit}", "en": "Workshop material: {unit}"},
    "wb.round": {"fi": "Kierros", "en": "Round"},
    "wb.threshold": {
        "fi": "Ryhmät, joissa on alle {n} vastaajaa, on piilotettu. Muistiinpanot näytetään, kun "
        "vastaajia on vähintään {n_text}.",
        "en": "Groups with fewer than {n} respondents are hidden. Notes are shown when there are "
        "at least {n_text} respondents.",
    },
    "wb.made": {"fi": "Tiedosto tehty {when}", "en": "File made {when}"},
    "wb.purpose": {
        "fi": "Aineisto on tarkoitettu työyhteisön yhteiseen kehittämiseen, ei yksilöiden "
        "arviointiin.",
        "en": "This material is for the work community's joint development, never for rating "
        "individuals.",
    },
    "wb.col.group": {"fi": "Ryhmä", "en": "Group"},
    "wb.col.kind": {"fi": "Taso", "en": "Level"},
    "wb.col.field": {"fi": "Kokemus", "en": "Experience"},
    "wb.col.round": {"fi": "Kierros", "en": "Round"},
    "wb.col.light": {"fi": "Valo", "en": "Light"},
    "wb.col.count": {"fi": "Määrä", "en": "Count"},
    "wb.col.share": {"fi": "Osuus", "en": "Share"},
    "wb.col.reference": {"fi": "Organisaatio", "en": "Organisation"},
    "wb.col.diff": {"fi": "Ero (%-yks.)", "en": "Difference (points)"},
    "wb.col.flag": {"fi": "Huomio", "en": "Note"},
    "wb.col.size": {"fi": "Henkeä", "en": "People"},
    "wb.col.category": {"fi": "Mitä tehdään", "en": "What to do"},
    "wb.col.level": {"fi": "Kenen asia", "en": "Whose matter"},
    "wb.col.text": {"fi": "Muistiinpano", "en": "Note"},
    "wb.col.obstacle": {"fi": "Este", "en": "Obstacle"},
    "wb.col.points": {"fi": "Pisteet", "en": "Points"},
    "wb.col.picks": {"fi": "Valintoja", "en": "Picks"},
    "wb.col.reasons": {"fi": "Perustelut", "en": "Reasons"},
    "wb.col.invited": {"fi": "Kutsuttuja", "en": "Invited"},
    "wb.col.respondents": {"fi": "Vastaajia", "en": "Respondents"},
    "wb.col.rate": {"fi": "Osallistuminen", "en": "Participation"},
    "wb.kind.unit": {"fi": "Yksikkö", "en": "Unit"},
    "wb.kind.team": {"fi": "Tiimi", "en": "Team"},
    "wb.kind.segment": {"fi": "Profiili", "en": "Profile"},
    "wb.kind.org": {"fi": "Koko organisaatio", "en": "Whole organisation"},
    "wb.flag.over": {"fi": "yliedustettu", "en": "over-represented"},
    "wb.flag.under": {"fi": "aliedustettu", "en": "under-represented"},
    "wb.no_data": {"fi": "Ei näytettäviä tietoja.", "en": "Nothing to show."},
}
