"""The demo organisation: a fictional city with teams, people, six monthly rounds and answers.

Shared by the tests and ``make run``; everything comes from one ``random.Random(seed)``.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field

from sqlmodel import Session, select

from model import release, timesource
from model.auth import hash_password
from model.demo_discussions import add_discussions
from model.demo_workshops import add_workshops
from model.framework import Framework, default_framework
from model.tables import (
    Assessment,
    AssessmentStatus,
    FrameworkVersion,
    Light,
    Note,
    Organisation,
    Person,
    Rating,
    Role,
    RoleGrant,
    Round,
    RoundKind,
    RoundScope,
    ShareGrant,
    Sharing,
    Unit,
    UnitKind,
)

DEMO_PASSWORD = "merkitys-demo"
ORGANISATION_NAME = "Harjulahden kaupunki"  # fictional: no Finnish municipality has this name


@dataclass(frozen=True)
class DemoAccount:
    email: str
    roles: tuple[str, ...]
    language: str
    description_en: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "tyontekija@demo.fi",
        ("employee",),
        "fi",
        "Employee in a day-care team; answered the five past rounds, not yet the open one.",
    ),
    DemoAccount(
        "employee@demo.fi",
        ("employee",),
        "en",
        "English-speaking employee in home care; answered the five past rounds, not the open one.",
    ),
    DemoAccount(
        "esihenkilo@demo.fi",
        ("employee", "supervisor"),
        "fi",
        "Supervisor of the day-care team of tyontekija@demo.fi.",
    ),
    DemoAccount(
        "kehittaja@demo.fi",
        ("employee", "facilitator"),
        "fi",
        "HR developer who facilitates workshops in two of the three units.",
    ),
    DemoAccount("admin@demo.fi", ("admin",), "fi", "Administrator only: no team, no answers."),
)

# The teams whose answers follow a deliberate pattern, so that views and tests can find them.
STRONG_BENEFICENCE_TEAM = "Kotihoito Keskusta"  # strong beneficence, low autonomy
IMPROVING_TEAM = "Päiväkoti Satakieli"
DECLINING_TEAM = "Asiointipiste Tori"
SMALL_TEAM = "Koulupsykologit"  # four people: team views must suppress it

_UNITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Hyvinvointipalvelut",
        (
            STRONG_BENEFICENCE_TEAM,
            "Kotihoito Pohjoinen",
            "Palvelukeskus Koivula",
            "Aikuissosiaalityö",
        ),
    ),
    ("Kasvatus ja opetus", (IMPROVING_TEAM, "Päiväkoti Kielo", "Rantakylän koulu", SMALL_TEAM)),
    ("Kaupunkipalvelut", ("Henkilöstöpalvelut", DECLINING_TEAM, "Pääkirjasto", "Rakennusvalvonta")),
)
_FACILITATED_UNITS = ("Hyvinvointipalvelut", "Kasvatus ja opetus")
_HR_TEAM = "Henkilöstöpalvelut"

# Named people: display name and team; the supervisor flag makes them their team's supervisor.
_NAMED: dict[str, tuple[str, str | None, bool]] = {
    "tyontekija@demo.fi": ("Tiina Tuominen", IMPROVING_TEAM, False),
    "employee@demo.fi": ("Daniel Foster", STRONG_BENEFICENCE_TEAM, False),
    "esihenkilo@demo.fi": ("Eeva Salmi", IMPROVING_TEAM, True),
    "kehittaja@demo.fi": ("Kaisa Rautio", _HR_TEAM, False),
    "admin@demo.fi": ("Ari Koskela", None, False),
}
# These two must show a history without an answer in the open round (the demo's starting point).
_FULL_PAST_NO_CURRENT = ("tyontekija@demo.fi", "employee@demo.fi")

PAST_ROUNDS = 5
NORMAL_TEAM_SIZES = (9, 17)
SMALL_TEAM_SIZE = 4
# 11 normal teams of 142 people + the small team + 3 unit heads + the admin = 150 people.
NORMAL_TEAM_TOTAL = 142

_FI_FEMALE = (
    "Aino", "Anna", "Anne", "Eeva", "Elina", "Emilia", "Hanna", "Heidi", "Helena", "Henna",
    "Jenni", "Johanna", "Kaisa", "Katja", "Kirsi", "Laura", "Leena", "Maarit", "Maria", "Marjo",
    "Minna", "Noora", "Outi", "Paula", "Päivi", "Riikka", "Sanna", "Sari", "Satu", "Suvi",
    "Tanja", "Tiina", "Tuula", "Ulla", "Veera", "Virpi",
)  # fmt: skip
_FI_MALE = (
    "Antti", "Eero", "Heikki", "Jani", "Jari", "Juha", "Jukka", "Jussi", "Kalle", "Lauri",
    "Markku", "Matti", "Mikko", "Olli", "Pekka", "Petri", "Sami", "Teemu", "Timo", "Tuomas",
    "Ville",
)  # fmt: skip
_FI_LAST = (
    "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
    "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi",
    "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen",
    "Karjalainen", "Jokinen", "Mattila", "Savolainen", "Lahtinen", "Ahonen", "Hiltunen",
    "Peltonen", "Kettunen", "Miettinen", "Leinonen", "Väisänen", "Pesonen", "Ojala", "Koivisto",
    "Räsänen",
)  # fmt: skip
_SV_FIRST = (
    "Johan", "Mikael", "Fredrik", "Henrik", "Linnea", "Ebba", "Annika", "Camilla", "Åsa", "Stina",
)  # fmt: skip
_SV_LAST = (
    "Lindholm", "Nyström", "Sjöberg", "Holmström", "Lindqvist", "Grönroos", "Ekholm", "Wikström",
    "Sundqvist", "Forsman",
)  # fmt: skip

# Short reasons behind a light, per field key and light: (Finnish, English).
_REASONS: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    "autonomy": {
        "red": (
            ("Aikataulut tulevat valmiina, enkä voi vaikuttaa niihin.",
             "Schedules come ready-made and I cannot influence them."),
            ("Tehtävälista muuttuu päivittäin ilman, että minulta kysytään.",
             "My task list changes daily without anyone asking me."),
            ("Tiukat ohjeet eivät jätä tilaa omalle harkinnalle.",
             "Strict instructions leave no room for my own judgement."),
        ),
        "yellow": (
            ("Voin vaikuttaa työtapoihin, mutta en työmäärään.",
             "I can influence how I work but not how much."),
            ("Joskus saan päättää itse, joskus en.", "Sometimes I get to decide, sometimes not."),
            ("Ideoita kuunnellaan, mutta niistä tulee harvoin mitään.",
             "Ideas are listened to but seldom acted on."),
        ),
        "green": (
            ("Saan suunnitella päiväni itse.", "I get to plan my own day."),
            ("Esihenkilö luottaa harkintaani.", "My supervisor trusts my judgement."),
            ("Tavoitteet tuntuvat omilta ja tärkeiltä.",
             "The goals feel like my own and worth pursuing."),
        ),
    },
    "competence": {
        "red": (
            ("Kiire vie ajan oppimiselta.", "The rush leaves no time for learning."),
            ("Työtä on liikaa, en ehdi tehdä asioita kunnolla.",
             "There is too much work to do things properly."),
            ("Osaamiseni jää käyttämättä rutiinitehtävissä.",
             "My skills go unused in routine tasks."),
        ),
        "yellow": (
            ("Koulutuksiin pääsisi, mutta sijaisia ei ole.",
             "Training is available but there are no substitutes."),
            ("Opin uutta, mutta kuorma vaihtelee paljon.",
             "I learn new things, but the load varies a lot."),
            ("Uuden järjestelmän opettelu vie vielä aikaa.",
             "Learning the new system still takes time."),
        ),
        "green": (
            ("Pääsen käyttämään koko osaamistani.", "I get to use all my skills."),
            ("Olen oppinut viime aikoina paljon uutta.", "I have learned a lot lately."),
            ("Kollegat kysyvät minulta neuvoa.", "Colleagues come to me for advice."),
        ),
    },
    "relatedness": {
        "red": (
            ("Tunnen olevani tiimissä ulkopuolinen.", "I feel like an outsider in the team."),
            ("Vaihtuvuus on suurta, en ehdi tutustua kehenkään.",
             "Turnover is high; I never get to know anyone."),
            ("Työkaverit eivät juuri kysy kuulumisia.", "Colleagues rarely ask how I am doing."),
        ),
        "yellow": (
            ("Oman tiimin kanssa hyvin, muiden kanssa etäistä.",
             "Fine within my own team, distant with the others."),
            ("Etäpäivinä yhteys jää ohueksi.", "On remote days the connection thins out."),
            ("Palaverit ovat asiapitoisia, yhteistä aikaa on vähän.",
             "Meetings are all business, with little time together."),
        ),
        "green": (
            ("Meillä on hyvä porukka ja huumoria.", "We have a good crowd and plenty of humour."),
            ("Saan apua aina, kun pyydän.", "I always get help when I ask."),
            ("Iloitsemme toistemme onnistumisista.", "We celebrate each other's successes."),
        ),
    },
    "beneficence": {
        "red": (
            ("En näe, mitä työni lopulta saa aikaan.",
             "I cannot see what my work eventually achieves."),
            ("Asiakkaat jäävät ilman apua resurssipulan takia.",
             "Customers go without help because of staff shortages."),
            ("Paperityö vie ajan asiakkailta.", "Paperwork takes time away from customers."),
        ),
        "yellow": (
            ("Hyöty näkyy joskus, mutta palautetta tulee harvoin.",
             "Sometimes I see the benefit, but feedback is rare."),
            ("Autan asiakkaita, mutta aikaa on liian vähän.",
             "I help customers, but there is too little time."),
            ("Työni hyöty näkyy vasta pitkällä aikavälillä.",
             "The benefit of my work only shows in the long run."),
        ),
        "green": (
            ("Asiakkaan kiitos tekee päivästä merkityksellisen.",
             "A customer's thanks makes the day meaningful."),
            ("Näen joka päivä, että työlläni on väliä.", "Every day I see that my work matters."),
            ("Teemme tärkeää työtä kuntalaisten hyväksi.",
             "We do important work for the residents."),
        ),
    },
}  # fmt: skip


@dataclass(frozen=True)
class _NoteIdea:
    category: str
    level: str
    field_key: str | None
    fi: str
    en: str


def _n(category: str, level: str, field_key: str | None, fi: str, en: str) -> _NoteIdea:
    return _NoteIdea(category, level, field_key, fi, en)


_I, _C = "individual", "community"
_NOTES: tuple[_NoteIdea, ...] = (
    # autonomy
    _n("reduce", _C, "autonomy",
       "Vähemmän päällekkäisiä palavereja samalle viikolle – osan asioista voi hoitaa viestillä.",
       "Fewer overlapping meetings in the same week – some items can be settled by message."),
    _n("create", _I, "autonomy",
       "Sovin esihenkilön kanssa kuukausittaisen suunnitteluaamun omien työtapojeni kehittämiseen.",
       "I will agree with my supervisor on a monthly planning morning to rework my own methods."),
    _n("eliminate", _C, "autonomy",
       "Luovutaan siitä, että jokainen käyntimuutos kuitataan kolmeen eri järjestelmään.",
       "Stop confirming every change to a visit in three separate systems."),
    _n("raise", _C, "autonomy",
       "Työvuorotoiveet huomioidaan tasapuolisesti, ja niiden käsittely tehdään näkyväksi.",
       "Take shift requests into account fairly and make it visible how they are handled."),
    _n("create", _C, "autonomy",
       "Tiimi sopii viikon tehtävänjaosta itse maanantain aamupalaverissa.",
       "The team agrees on the week's division of tasks itself in the Monday huddle."),
    _n("reduce", _I, "autonomy",
       "Luen postin kahdesti päivässä enkä avaa jokaista kiireelliseksi merkittyä viestiä heti.",
       "I won't open every 'urgent' message at once; I'll read my mail twice a day."),
    _n("raise", _I, "autonomy",
       "Kerron ääneen, kun keksin sujuvamman tavan tehdä jotain, enkä jää odottamaan lupaa.",
       "I'll speak up when I find a smoother way of doing something, without waiting for leave."),
    _n("eliminate", _C, "autonomy",
       "Poistetaan esihenkilön hyväksyntä alle 50 euron tarvikeostoilta.",
       "Drop the supervisor's approval for supply purchases under 50 euros."),
    _n("create", _C, "autonomy",
       "Kokeillaan yhtä etäpäivää viikossa niissä tehtävissä, joissa se onnistuu.",
       "Try one remote day a week in the tasks where it works."),
    _n("raise", _C, "autonomy",
       "Henkilöstö mukaan jo uusien toimintamallien suunnitteluun, ei vasta käyttöönottoon.",
       "Bring staff in while new procedures are planned, not only when they are rolled out."),
    # competence
    _n("create", _C, "competence",
       "Yhteinen sijaiskalenteri, josta näkee, kuka on tavoitettavissa ja mitä hän osaa.",
       "A shared calendar for substitutes showing who is available and what they can cover."),
    _n("raise", _I, "competence",
       "Haen kirjaamisen koulutukseen ja kerron opitusta tiimille.",
       "I'll apply for the documentation course and pass on what I learn to the team."),
    _n("reduce", _C, "competence",
       "Vähemmän keskeytyksiä: puhelinvuorot listalle, jotta muut voivat keskittyä.",
       "Fewer interruptions: a phone rota so that the others can concentrate."),
    _n("create", _C, "competence",
       "Kuukausittainen vartti, jossa joku esittelee uuden työkalun tai hyvän vinkin.",
       "A monthly quarter-hour where someone shows a new tool or a good tip."),
    _n("eliminate", _C, "competence",
       "Lopetetaan raporttien tulostaminen – samat luvut näkyvät jo raportointinäkymässä.",
       "Stop printing reports – the same figures are already on the reporting dashboard."),
    _n("raise", _C, "competence",
       "Jokaiselle tulokkaalle nimetty perehdyttäjä ja aikaa perehdytykseen vuorolistalla.",
       "A named mentor for every newcomer, with time for induction set aside in the rota."),
    _n("reduce", _I, "competence",
       "En ota enää uusia asiakkaita päivälle, jonka lista on jo täynnä.",
       "I'll stop taking on new clients for a day that is already full."),
    _n("create", _I, "competence",
       "Pyydän päästä seuraamaan kokeneen kollegan työtä yhden päivän ajaksi.",
       "I'll ask to shadow an experienced colleague for a day."),
    _n("raise", _C, "competence",
       "Kirjataan erityisosaaminen (kielet, digitaidot) ja jaetaan tehtäviä sen mukaan.",
       "Record special skills (languages, digital tools) and share tasks according to them."),
    _n("eliminate", _I, "competence",
       "Lopetan rinnakkaisen muistivihon pitämisen, kun tiedot ovat jo asiakastietojärjestelmässä.",
       "I'll stop keeping a parallel notebook when the data is already in the client system."),
    # relatedness
    _n("raise", _C, "relatedness",
       "Kiitetään toisiamme viikkopalaverissa: jokainen mainitsee yhden kollegan onnistumisen.",
       "Thank each other in the weekly meeting: everyone names one thing a colleague did well."),
    _n("create", _C, "relatedness",
       "Yhteinen kahvihetki perjantaisin, myös etänä oleville.",
       "A shared coffee break on Fridays, with remote colleagues joining online."),
    _n("reduce", _C, "relatedness",
       "Vähemmän selän takana puhumista – erimielisyydet otetaan puheeksi suoraan ja ajoissa.",
       "Less talk behind people's backs – disagreements are raised directly and early."),
    _n("create", _C, "relatedness",
       "Uusi työntekijä esitellään koko yksikölle, ja hän saa kummin ensimmäiseksi kuukaudeksi.",
       "Introduce each newcomer to the whole unit and give them a buddy for the first month."),
    _n("raise", _I, "relatedness",
       "Kysyn kollegoilta useammin, miten heillä menee, enkä vain työasioita.",
       "I'll ask colleagues more often how they are doing, not only about work."),
    _n("eliminate", _C, "relatedness",
       "Lopetetaan vuorojen vaihtaminen WhatsApp-ryhmässä, josta osa jää ulkopuolelle.",
       "Stop swapping shifts in the WhatsApp group that leaves some people out."),
    _n("create", _C, "relatedness",
       "Tiimille yhteinen tavoite, jonka edistymistä seurataan kahvihuoneen taululla.",
       "A shared goal for the team, with progress followed on the break-room board."),
    _n("raise", _C, "relatedness",
       "Onnistumiset näkyviin: asiakkaiden kiitokset luetaan ääneen aamupalaverissa.",
       "Make successes visible: read customers' thank-you notes aloud in the morning huddle."),
    _n("reduce", _I, "relatedness",
       "Puurran vähemmän yksin ja pyydän apua ennen kuin tilanne kärjistyy.",
       "Less struggling alone: I'll ask for help before things come to a head."),
    _n("create", _C, "relatedness",
       "Kerran vuodessa kehittämispäivä yhdessä naapuritiimin kanssa.",
       "Once a year a development day together with the neighbouring team."),
    # beneficence
    _n("raise", _C, "beneficence",
       "Kerätään asiakaspalautetta säännöllisesti ja käydään se yhdessä läpi kerran kuussa.",
       "Collect customer feedback regularly and go through it together once a month."),
    _n("create", _I, "beneficence",
       "Kirjaan viikon lopuksi yhden tilanteen, jossa työstäni oli asiakkaalle selvää hyötyä.",
       "At the end of each week I'll write down one moment when my work clearly helped someone."),
    _n("reduce", _C, "beneficence",
       "Vähemmän aikaa kirjaamiseen, enemmän aikaa asiakkaan kohtaamiseen.",
       "Less time on paperwork, more time with the customer."),
    _n("eliminate", _C, "beneficence",
       "Poistetaan 15 minuutin pikakäynnit, joilla asiakasta ei ehdi kuunnella.",
       "Remove the 15-minute rush visits that leave no time to listen to the client."),
    _n("create", _C, "beneficence",
       "Kysytään yhteistyökumppaneilta, miten palvelumme näkyy heidän työssään.",
       "Ask our partner services how our work shows up in theirs."),
    _n("raise", _I, "beneficence",
       "Kerron asiakkaalle selkeämmin, mihin muihin palveluihin hän voi olla oikeutettu.",
       "I'll tell customers more clearly which other services they may be entitled to."),
    _n("raise", _C, "beneficence",
       "Jaetaan tarinoita siitä, miten työmme on helpottanut kuntalaisen arkea.",
       "Share stories of how our work has made a resident's everyday life easier."),
    _n("create", _C, "beneficence",
       "Asiakasraati, joka kommentoi uusia toimintatapoja ennen käyttöönottoa.",
       "A customer panel that comments on new practices before they are introduced."),
    _n("eliminate", _I, "beneficence",
       "En siirrä soittopyyntöä seuraavaan päivään, jos ehdin hoitaa sen heti.",
       "I won't push a callback to the next day when I can handle it right away."),
    _n("reduce", _C, "beneficence",
       "Asiakasta siirrellään vähemmän luukulta toiselle – sama työntekijä vie asian loppuun.",
       "Pass customers from desk to desk less – one employee sees the matter through."),
    # not tied to one field
    _n("reduce", _C, None,
       "Vähemmän viime hetken muutoksia työvuorolistaan.",
       "Fewer last-minute changes to the rota."),
    _n("eliminate", _C, None,
       "Luovutaan palavereista, joilla ei ole asialistaa.", "Drop meetings that have no agenda."),
    _n("create", _C, None,
       "Yhteinen ilmoitustaulu Teamsissa, josta päätökset löytyvät yhdestä paikasta.",
       "A shared noticeboard in Teams where all decisions can be found in one place."),
    _n("raise", _C, None,
       "Esihenkilö on tavoitettavissa joka päivä sovittuun aikaan.",
       "The supervisor is reachable at an agreed time every day."),
    _n("reduce", _I, None,
       "Pidän tauot kokonaan enkä syö lounasta työpisteellä.",
       "I'll take my breaks in full and stop eating lunch at my desk."),
    _n("create", _C, None,
       "Hiljainen huone keskittymistä vaativalle työlle.",
       "A quiet room for work that needs focus."),
    _n("eliminate", _C, None,
       "Lopetetaan paperien kierrättäminen allekirjoitettavana – sähköinen hyväksyntä riittää.",
       "Stop circulating papers for signatures – electronic approval is enough."),
    _n("raise", _C, None,
       "Muutoksista kerrotaan ajoissa ja perustellaan, miksi ne tehdään.",
       "Announce changes early and explain why they are made."),
)  # fmt: skip

# Latent score → light. Scores are in standard-ish units around 0; yellow is the middle band.
_RED_BELOW = -0.45
_GREEN_FROM = 0.45
_NOISE_SD = 0.55


@dataclass
class _Member:
    """A person being planned: the row plus the hidden traits that shape their answers."""

    person: Person
    propensity: float  # chance of answering a past round
    offset: float  # general optimism
    field_offsets: dict[str, float] = field(default_factory=dict)


@dataclass
class _TeamPlan:
    unit: Unit
    parent_name: str
    base: dict[str, float]
    slope: dict[str, float]  # change per round
    members: list[_Member] = field(default_factory=list)


def is_empty(session: Session) -> bool:
    """True when the database holds no organisation yet (the demo may be loaded)."""
    return session.exec(select(Organisation.id)).first() is None


def _ascii(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace(" ", "")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timesource.at_local(day, hour, minute)


def _month_end(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def round_dates(today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Five past calendar months, then the current month, open at least two weeks from today."""
    starts = [today.replace(day=1)]
    for _ in range(PAST_ROUNDS):
        starts.insert(0, (starts[0] - dt.timedelta(days=1)).replace(day=1))
    dates = [(s, _month_end(s)) for s in starts[:-1]]
    current = starts[-1]
    dates.append((current, max(_month_end(current), today + dt.timedelta(days=14))))
    return dates


def _team_sizes(rng: random.Random, count: int) -> list[int]:
    """Random sizes within bounds that add up to a fixed total, so the headcount stays ~150."""
    low, high = NORMAL_TEAM_SIZES
    sizes = [rng.randint(low, high) for _ in range(count)]
    while (total := sum(sizes)) != NORMAL_TEAM_TOTAL:
        i = rng.randrange(count)
        if total < NORMAL_TEAM_TOTAL and sizes[i] < high:
            sizes[i] += 1
        elif total > NORMAL_TEAM_TOTAL and sizes[i] > low:
            sizes[i] -= 1
    return sizes


def _profile(
    rng: random.Random, name: str, fields: list[str]
) -> tuple[dict[str, float], dict[str, float]]:
    """A team's base level per field and its change per round."""
    if name == STRONG_BENEFICENCE_TEAM:
        # Home care: the good done is plain to see, but visit lists are dictated to the minute.
        special = {"autonomy": -0.95, "beneficence": 1.35}
        base = {f: special.get(f, rng.gauss(0.35, 0.2)) for f in fields}
        return base, dict.fromkeys(fields, 0.0)
    if name == IMPROVING_TEAM:
        return {f: rng.gauss(-0.7, 0.15) for f in fields}, dict.fromkeys(fields, 0.34)
    if name == DECLINING_TEAM:
        return {f: rng.gauss(0.85, 0.15) for f in fields}, dict.fromkeys(fields, -0.34)
    return {f: rng.uniform(-0.3, 1.0) for f in fields}, {f: rng.gauss(0.0, 0.03) for f in fields}


def _light(score: float) -> str:
    if score < _RED_BELOW:
        return Light.red
    return Light.yellow if score < _GREEN_FROM else Light.green


def _new_name(rng: random.Random, used: set[str]) -> tuple[str, str]:
    """A unique (display name, e-mail); a few are Swedish-speaking Finns."""
    while True:
        if rng.random() < 0.07:
            first, last = rng.choice(_SV_FIRST), rng.choice(_SV_LAST)
        else:
            first = rng.choice(rng.choice((_FI_FEMALE, _FI_FEMALE, _FI_MALE)))
            last = rng.choice(_FI_LAST)
        email = f"{_ascii(first)}.{_ascii(last)}@demo.fi"
        if email not in used:
            used.add(email)
            return f"{first} {last}", email


def _pick_notes(
    rng: random.Random,
    assessment_id: int,
    lights: dict[str, str],
    ideas: list[_NoteIdea],
    lang: str,
) -> list[Note]:
    """1-3 notes, mostly about the fields the person did not rate green."""
    weak = [f for f, light in lights.items() if light != Light.green]
    chosen: list[_NoteIdea] = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        targeted = [i for i in ideas if i.field_key in weak and i not in chosen]
        pool = (
            targeted if targeted and rng.random() < 0.75 else [i for i in ideas if i not in chosen]
        )
        chosen.append(rng.choice(pool))
    notes = []
    for position, idea in enumerate(chosen):
        field_key = idea.field_key if rng.random() < 0.85 else None
        weights = (0.7, 0.1, 0.2) if idea.level == "individual" else (0.45, 0.3, 0.25)
        can_influence = rng.choices((True, False, None), weights=weights)[0]
        notes.append(
            Note(
                assessment_id=assessment_id,
                category=idea.category,
                level=idea.level,
                field_key=field_key,
                text=idea.en if lang == "en" else idea.fi,
                can_influence=can_influence,
                position=position,
            )
        )
    return notes


def _usable_ideas(framework: Framework, fields: list[str]) -> list[_NoteIdea]:
    """The note bank restricted to what this framework knows (it is data and may change)."""
    categories = {c.key for c in framework.errc.categories}
    levels = [lv.key for lv in framework.errc.levels]
    ideas = []
    for idea in _NOTES:
        if idea.category not in categories:
            continue
        level = idea.level if idea.level in levels else levels[0]
        field_key = idea.field_key if idea.field_key in fields else None
        ideas.append(_NoteIdea(idea.category, level, field_key, idea.fi, idea.en))
    return ideas


def load_demo(session: Session, *, seed: int = 2026, now: dt.datetime) -> dict[str, int]:
    """Fill an empty database with the demo organisation; the caller commits. Returns counts.

    The story is told relative to ``now`` (from the time source) in Helsinki time, and nothing
    in it is dated after ``now``.
    """
    today = timesource.today(at=now)
    rng = random.Random(seed)
    framework = default_framework()
    fields = [f.key for f in framework.fields_for({})]
    ideas = _usable_ideas(framework, fields)
    dates = round_dates(today)
    founded = _at(dates[0][0] - dt.timedelta(days=120), 7)
    # One hash for every demo account: argon2 takes ~0.1 s per hash by design.
    password_hash = hash_password(DEMO_PASSWORD)

    org = Organisation(name=ORGANISATION_NAME, created_at=founded)
    fw_row = FrameworkVersion(
        key=framework.key,
        version=framework.version,
        data=framework.model_dump(mode="json"),
        created_at=founded,
    )
    session.add_all([org, fw_row])
    session.flush()
    root = Unit(organisation_id=org.id, kind=UnitKind.organisation, name=ORGANISATION_NAME)
    session.add(root)
    session.flush()
    units = {
        name: Unit(organisation_id=org.id, parent_id=root.id, kind=UnitKind.unit, name=name)
        for name, _ in _UNITS
    }
    session.add_all(units.values())
    session.flush()
    plans: list[_TeamPlan] = []
    for unit_name, team_names in _UNITS:
        for team_name in team_names:
            team = Unit(
                organisation_id=org.id,
                parent_id=units[unit_name].id,
                kind=UnitKind.team,
                name=team_name,
            )
            base, slope = _profile(rng, team_name, fields)
            plans.append(_TeamPlan(team, unit_name, base, slope))
    session.add_all(p.unit for p in plans)
    session.flush()

    # --- People ---
    used = {f"{_ascii(n.split()[0])}.{_ascii(n.split()[-1])}@demo.fi" for n, *_ in _NAMED.values()}
    used |= set(_NAMED)

    def person(email: str, name: str, language: str, team: Unit | None, named: bool) -> Person:
        ack = None if named else _at(dates[0][0] - dt.timedelta(days=rng.randint(1, 60)), 9)
        return Person(
            organisation_id=org.id,
            email=email,
            display_name=name,
            language=language,
            team_id=team.id if team else None,
            password_hash=password_hash,
            privacy_ack_at=ack,
            created_at=founded,
        )

    def generated(team: Unit | None) -> Person:
        name, email = _new_name(rng, used)
        return person(email, name, "en" if rng.random() < 0.1 else "fi", team, named=False)

    def named(email: str, team: Unit | None) -> Person:
        lang = next(a.language for a in DEMO_ACCOUNTS if a.email == email)
        return person(email, _NAMED[email][0], lang, team, named=True)

    unit_heads = {name: generated(None) for name in units}
    admin = named("admin@demo.fi", None)
    by_email: dict[str, Person] = {"admin@demo.fi": admin}
    sizes = iter(_team_sizes(rng, len(plans) - 1))
    supervisors: dict[str, Person] = {}
    for plan in plans:
        size = SMALL_TEAM_SIZE if plan.unit.name == SMALL_TEAM else next(sizes)
        here = [e for e, (_, t, _) in _NAMED.items() if t == plan.unit.name]
        boss_email = next((e for e in here if _NAMED[e][2]), None)
        rows = [named(boss_email, plan.unit) if boss_email else generated(plan.unit)]
        rows += [named(e, plan.unit) for e in here if e != boss_email]
        rows += [generated(plan.unit) for _ in range(size - len(rows))]
        supervisors[plan.unit.name] = rows[0]
        for row in rows:
            if row.email in _NAMED:
                by_email[row.email] = row
            plan.members.append(
                _Member(
                    person=row,
                    propensity=min(0.97, max(0.3, rng.gauss(0.72, 0.17))),
                    offset=rng.gauss(0.0, 0.3),
                    field_offsets={f: rng.gauss(0.0, 0.2) for f in fields},
                )
            )
    everyone = [*unit_heads.values(), admin, *(m.person for p in plans for m in p.members)]
    session.add_all(everyone)
    session.flush()

    # --- Hierarchy, roles and rounds ---
    grants: list[RoleGrant] = [RoleGrant(person_id=admin.id, role=Role.admin)]
    for unit_name, head in unit_heads.items():
        grants.append(RoleGrant(person_id=head.id, role=Role.employee))
        # Unit heads supervise the team supervisors, so their scope is the whole unit.
        grants.append(
            RoleGrant(person_id=head.id, role=Role.supervisor, unit_id=units[unit_name].id)
        )
    for plan in plans:
        boss = supervisors[plan.unit.name]
        boss.supervisor_id = unit_heads[plan.parent_name].id
        grants.append(RoleGrant(person_id=boss.id, role=Role.supervisor, unit_id=plan.unit.id))
        for member in plan.members:
            grants.append(RoleGrant(person_id=member.person.id, role=Role.employee))
            if member.person is not boss:
                member.person.supervisor_id = boss.id
    grants += [
        RoleGrant(
            person_id=by_email["kehittaja@demo.fi"].id, role=Role.facilitator, unit_id=units[u].id
        )
        for u in _FACILITATED_UNITS
    ]
    rounds = [
        Round(
            organisation_id=org.id,
            name=f"Kuukausiarvio {opens.year}/{opens.month:02d}",
            kind=RoundKind.reflection,
            opens_on=opens,
            closes_on=closes,
            framework_id=fw_row.id,
            modules={},
            created_by=admin.id,
            created_at=_at(opens - dt.timedelta(days=7), 8),
        )
        for opens, closes in dates
    ]
    session.add_all([*grants, *rounds])
    session.flush()

    # --- Assessments ---
    planned: list[tuple[Assessment, _Member, _TeamPlan, int]] = []
    current = len(rounds) - 1
    for index, rnd in enumerate(rounds):
        last_day = min(rnd.closes_on, today)
        for plan in plans:
            for member in plan.members:
                email = member.person.email
                draw = rng.random()
                if email in _FULL_PAST_NO_CURRENT:
                    status = AssessmentStatus.submitted if index < current else None
                elif index < current:
                    status = AssessmentStatus.submitted if draw < member.propensity else None
                elif draw < member.propensity / 2:
                    status = AssessmentStatus.submitted
                elif draw < member.propensity / 2 + 0.06:
                    status = AssessmentStatus.draft
                else:
                    status = None
                if status is None:
                    continue
                day = rnd.opens_on + dt.timedelta(
                    days=rng.randint(0, (last_day - rnd.opens_on).days)
                )
                saved = min(_at(day, rng.randint(5, 14), rng.randrange(60)), now)
                sharing = rng.choices(
                    (Sharing.anonymous, Sharing.supervisor, Sharing.private), weights=(7, 2, 1)
                )[0]
                if email in _NAMED:
                    sharing = Sharing.anonymous  # named accounts start with nothing shared
                a = Assessment(
                    person_id=member.person.id,
                    round_id=rnd.id,
                    team_id=plan.unit.id,
                    status=status,
                    sharing=sharing,
                    notes_in_pool=rng.random() < 0.85,
                    # Never before the round opened (the clamp to now can leave little room).
                    created_at=max(
                        saved - dt.timedelta(minutes=rng.randint(5, 45)), _at(rnd.opens_on, 0)
                    ),
                    updated_at=saved,
                    submitted_at=saved if status == AssessmentStatus.submitted else None,
                )
                planned.append((a, member, plan, index))
    session.add_all([
        *(RoundScope(round_id=r.id, unit_id=root.id) for r in rounds),
        *(a for a, *_ in planned),
    ])  # fmt: skip
    session.flush()

    # --- Ratings, notes and share grants ---
    children: list[Rating | Note | ShareGrant] = []
    note_count = 0
    for a, member, plan, index in planned:
        lang = member.person.language
        lights: dict[str, str] = {}
        for f in fields:
            score = (
                plan.base[f]
                + plan.slope[f] * index
                + member.offset
                + member.field_offsets[f]
                + rng.gauss(0.0, _NOISE_SD)
            )
            lights[f] = light = _light(score)
            bank = _REASONS.get(f, {}).get(light, ())
            reason = ""
            if bank and rng.random() < 0.6:
                fi, en = rng.choice(bank)
                reason = en if lang == "en" else fi
            children.append(Rating(assessment_id=a.id, field_key=f, light=light, reason=reason))
        a.profile = release.profile_of(lights, fields)
        if a.status != AssessmentStatus.submitted:
            continue
        if ideas and rng.random() < 0.4:
            notes = _pick_notes(rng, a.id, lights, ideas, lang)
            children += notes
            note_count += len(notes)
        if a.sharing == Sharing.supervisor and member.person.supervisor_id is not None:
            children.append(
                ShareGrant(
                    assessment_id=a.id,
                    grantee_id=member.person.supervisor_id,
                    granted_at=a.submitted_at,
                )
            )
    session.add_all(children)
    session.flush()
    discussions = add_discussions(
        session, supervisor=by_email["esihenkilo@demo.fi"], skip=set(_NAMED), now=now
    )
    workshops = add_workshops(
        session,
        organisation_id=org.id,
        held_unit_id=units[_FACILITATED_UNITS[1]].id,
        planned_unit_id=units[_FACILITATED_UNITS[0]].id,
        facilitator_id=by_email["kehittaja@demo.fi"].id,
        rounds=rounds,
        today=today,
        seed=seed,
    )
    # Closed rounds are released as they would have been when they closed (model.release).
    released = release.release_due(session, org.id, now=now)
    return {
        "units": len(units),
        "teams": len(plans),
        "people": len(everyone),
        "rounds": len(rounds),
        "assessments": len(planned),
        "notes": note_count,
        "discussion_stories": discussions,
        "workshops": workshops,
        "released_rounds": len(released),
    }
