"""Which pages each role gets. Hiding a page is convenience; services check access again."""

from __future__ import annotations

from dataclasses import dataclass

from model.tables import Role


@dataclass(frozen=True)
class PageDef:
    key: str  # also the url path and the i18n key "nav.<key>"
    path: str
    icon: str
    roles: frozenset[str]  # any of these roles opens the page; empty = every signed-in person


# Taking part in a workshop: every signed-in person, and a guest who opens a join link
# (/join?code=… or their own /join?p=…; app.py).
JOIN = PageDef("join", "pages/workshop_join.py", ":material/how_to_vote:", frozenset())

PAGES: tuple[PageDef, ...] = (
    PageDef("assess", "pages/assess.py", ":material/traffic:", frozenset({Role.employee})),
    PageDef("history", "pages/history.py", ":material/timeline:", frozenset({Role.employee})),
    PageDef("discussion", "pages/discussion.py", ":material/forum:", frozenset({Role.employee})),
    PageDef(
        "discussions",
        "pages/discussions.py",
        ":material/diversity_3:",
        frozenset({Role.supervisor}),
    ),
    PageDef(
        "team",
        "pages/team.py",
        ":material/groups:",
        frozenset({Role.supervisor, Role.facilitator, Role.admin}),
    ),
    PageDef(
        "rounds",
        "pages/rounds.py",
        ":material/event_repeat:",
        frozenset({Role.facilitator, Role.admin}),
    ),
    PageDef(
        "workshops",
        "pages/workshops.py",
        ":material/co_present:",
        frozenset({Role.facilitator, Role.admin}),
    ),
    # The room's screen of a workshop (opened from the workshops page with ?w=<id>).
    PageDef(
        "screen",
        "pages/workshop_screen.py",
        ":material/present_to_all:",
        frozenset({Role.facilitator, Role.admin}),
    ),
    JOIN,
    PageDef(
        "organisation", "pages/organisation.py", ":material/account_tree:", frozenset({Role.admin})
    ),
    PageDef("settings", "pages/settings.py", ":material/settings:", frozenset({Role.admin})),
    PageDef("about", "pages/about.py", ":material/info:", frozenset()),
)
SIGNIN = PageDef("signin", "pages/signin.py", ":material/login:", frozenset())
# Shown instead of the sign-in page to someone who opens a one-time password link (/?token=…).
SET_PASSWORD = PageDef("set_password", "pages/set_password.py", ":material/key:", frozenset())
# Shown to someone the identity provider signed in who may not use Merkitys (pages/_sso.py).
SSO_REFUSED = PageDef("sso_refused", "pages/sso_refused.py", ":material/block:", frozenset())


def pages_for(roles: frozenset[str]) -> list[PageDef]:
    return [p for p in PAGES if not p.roles or p.roles & roles]
