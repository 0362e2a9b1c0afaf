"""Single sign-on (TRUST 10): identities keyed by issuer + subject (Entra: tenant + object id),
linked to a roster person on the first sign-in by a verified e-mail address and by the key alone
afterwards; nobody outside the roster gets an account; roles come from our database.

The model (``model.sso``) on its own, then the app in AppTest with a mocked ``st.user``. The
browser journey against a real identity provider is tests/e2e/test_sso_journey.py.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import streamlit
from sqlalchemy import func
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from model import audit, db, i18n, sessions, sso, timesource, web
from model.tables import AuditEvent, Person
from model.viewer import load_viewer
from tests.apptest_helpers import APP, TEST_COOKIES, TEST_DEVICE, browser, person_id
from tests.factories import add_person, make_org

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
OID = "00000000-0000-0000-66f3-3332eca7ea81"
ISSUER = "https://idp.kunta.fi"
ENTRA_KEY = f"https://login.microsoftonline.com/{TENANT}/v2.0"


def claims(email: str | None = "matti@test.fi", **extra) -> dict:
    """A generic provider's ID token claims, valid for an hour."""
    now = timesource.now().timestamp()
    found = {"iss": ISSUER, "sub": "matti-123", "email_verified": True, "name": "Matti Testi"}
    found |= {"aud": "merkitys", "iat": int(now), "exp": int(now) + 3600}
    if email is not None:
        found["email"] = email
    return found | extra


def entra(email: str = "matti@test.fi", **extra) -> dict:
    """Claims as Microsoft Entra ID puts them in an ID token (v2.0 endpoint, optional claims
    ``email`` and ``xms_edov`` switched on)."""
    now = timesource.now().timestamp()
    found = {
        "aud": "6731de76-14a6-49ae-97bc-6eba6914391e",
        "iss": f"https://login.microsoftonline.com/{TENANT}/v2.0",
        "iat": int(now),
        "nbf": int(now),
        "exp": int(now) + 3600,
        "name": "Matti Testi",
        "oid": OID,
        "preferred_username": "matti.testi@kunta.onmicrosoft.com",
        "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",  # pairwise: one per app
        "tid": TENANT,
        "ver": "2.0",
        "email": email,
        "xms_edov": True,
    }
    return found | extra


@pytest.fixture
def org(session):
    return make_org(session)


@pytest.fixture
def matti(session, org):
    person = add_person(session, org.organisation_id, org.team_id, "matti@test.fi")
    session.commit()
    return person.person_id


def stored(session, pid: int) -> tuple[str | None, str | None]:
    session.expire_all()
    person = session.get(Person, pid)
    return person.sso_issuer, person.sso_subject


def refusal(session, given: dict) -> str:
    with pytest.raises(sso.SsoError) as raised:
        sso.link(session, given, timesource.now())
    session.rollback()
    return raised.value.code


# --- the identity key ------------------------------------------------------------------------


def test_a_generic_provider_is_keyed_by_issuer_and_subject():
    key = sso.identity(claims())
    assert (key.issuer, key.subject, key.entra) == (ISSUER, "matti-123", False)


def test_entra_is_keyed_by_tenant_and_object_id_whatever_the_endpoint():
    v2 = sso.identity(entra())
    assert (v2.issuer, v2.subject, v2.entra) == (ENTRA_KEY, OID, True)
    # The v1.0 endpoint names the same tenant differently; the subject is per app, the oid not.
    v1 = sso.identity(entra(iss=f"https://sts.windows.net/{TENANT}/", sub="other-app-subject"))
    assert v1 == v2
    # GUIDs are compared in one spelling.
    assert sso.identity(entra(tid=TENANT.upper(), oid=OID.upper())) == v2


@pytest.mark.parametrize(
    "change",
    [
        {"iss": "https://keycloak.kunta.fi/realms/henkilosto"},  # another provider's tid/oid
        {"iss": "https://login.microsoftonline.com.attacker.fi/" + TENANT + "/v2.0"},
        {"iss": "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0"},
        {"iss": f"http://login.microsoftonline.com/{TENANT}/v2.0"},
        {"tid": "kunta"},
        {"oid": ""},
    ],
)
def test_only_microsoft_itself_is_keyed_as_entra(change):
    key = sso.identity(entra(**change))
    assert not key.entra
    assert key.issuer == entra(**change)["iss"]
    assert key.subject == entra()["sub"]


@pytest.mark.parametrize(
    "given",
    [
        {"sub": "x"},
        {"iss": ISSUER},
        {"iss": " ", "sub": "x"},
        {"iss": ISSUER, "sub": "x" * 301},
        {"iss": ISSUER, "sub": 42},
        {},
    ],
)
def test_claims_without_issuer_and_subject_identify_nobody(given):
    with pytest.raises(sso.SsoError) as raised:
        sso.identity(given)
    assert raised.value.code == "no_identity"


def test_what_counts_as_a_verified_address():
    assert sso.email_verified(claims())
    assert sso.email_verified(claims(email_verified="true"))  # some providers send a string
    assert not sso.email_verified(claims(email_verified=False))
    assert not sso.email_verified(claims(email_verified="false"))
    assert not sso.email_verified(claims(email_verified=1))
    assert not sso.email_verified({k: v for k, v in claims().items() if k != "email_verified"})
    assert sso.email_verified(entra())  # xms_edov: the tenant owns the address's domain
    assert not sso.email_verified(entra(xms_edov=False))
    assert not sso.email_verified(entra(xms_edov=None))
    # xms_edov means something only in a token Microsoft issued.
    assert not sso.email_verified(entra(iss="https://keycloak.kunta.fi/realms/x"))


# --- linking ---------------------------------------------------------------------------------


def test_the_first_sign_in_links_the_roster_person_by_verified_address(session, matti):
    assert sso.link(session, claims(), timesource.now()) == matti
    session.commit()
    assert stored(session, matti) == (ISSUER, "matti-123")
    [event] = session.exec(select(AuditEvent).where(AuditEvent.event == "sso_linked")).all()
    assert (event.actor_id, event.subject_id, event.detail) == (matti, matti, {"entra": False})
    frame = audit.events_about_me(session, viewer=load_viewer(session, matti))
    assert "sso_linked" in set(frame["event"])


def test_the_address_is_compared_as_the_roster_stores_it(session, matti):
    assert sso.link(session, claims(email="  Matti@TEST.fi "), timesource.now()) == matti


def test_later_sign_ins_find_the_person_by_the_key_alone(session, matti):
    sso.link(session, claims(), timesource.now())
    session.commit()
    # The address changed at the provider, is gone, or no longer vouched for: still Matti.
    for later in (
        claims(email="matti.testi@uusi.fi"),
        claims(email=None),
        claims(email_verified=False),
    ):
        assert sso.link(session, later, timesource.now()) == matti
    assert session.exec(select(func.count()).select_from(AuditEvent)).one() == 1


def test_the_address_never_finds_a_person_who_is_linked(session, matti):
    sso.link(session, claims(), timesource.now())
    session.commit()
    # Another identity with Matti's verified address: at the same provider or at another.
    assert refusal(session, claims(sub="someone-else")) == "linked_elsewhere"
    assert refusal(session, claims(iss="https://toinen.fi")) == "linked_elsewhere"
    assert stored(session, matti) == (ISSUER, "matti-123")


def test_the_key_of_someone_else_signs_in_as_them_not_as_the_address(session, org, matti):
    other = add_person(session, org.organisation_id, org.team_id, "liisa@test.fi").person_id
    sso.link(session, claims(email="liisa@test.fi", sub="liisa-9"), timesource.now())
    session.commit()
    # Liisa's identity, now carrying Matti's address: it is Liisa who signs in.
    assert sso.link(session, claims(sub="liisa-9"), timesource.now()) == other
    assert stored(session, matti) == (None, None)


def test_nobody_outside_the_roster_gets_an_account(session, matti):
    people = session.exec(select(func.count()).select_from(Person)).one()
    assert refusal(session, claims(email="vieras@muualla.fi", sub="v")) == "not_in_roster"
    assert session.exec(select(func.count()).select_from(Person)).one() == people
    assert not session.exec(select(AuditEvent).where(AuditEvent.event == "sso_linked")).all()


def test_an_unverified_or_missing_address_links_nobody(session, matti):
    assert refusal(session, claims(email_verified=False)) == "unverified"
    assert refusal(session, entra(xms_edov=False)) == "unverified"
    assert refusal(session, claims(email=None)) == "no_email"
    assert refusal(session, claims(email="  ")) == "no_email"
    assert stored(session, matti) == (None, None)


def test_a_retired_person_cannot_sign_in_before_or_after_linking(session, org, matti):
    gone = add_person(session, org.organisation_id, org.team_id, "poissa@test.fi").person_id
    session.get(Person, gone).active = False
    session.commit()
    assert refusal(session, claims(email="poissa@test.fi", sub="p")) == "retired"
    assert stored(session, gone) == (None, None)
    sso.link(session, claims(), timesource.now())
    session.commit()
    session.get(Person, matti).active = False
    session.commit()
    assert refusal(session, claims()) == "retired"


def test_an_expired_answer_links_nobody(session, matti):
    old = timesource.now() - dt.timedelta(hours=2)
    assert refusal(session, claims(exp=int(old.timestamp()))) == "expired"
    assert stored(session, matti) == (None, None)
    # A few minutes of clock difference between the provider and us is allowed.
    recent = timesource.now() - dt.timedelta(minutes=2)
    assert sso.link(session, claims(exp=int(recent.timestamp())), timesource.now()) == matti


def test_entra_links_by_tenant_and_object_id(session, matti):
    assert sso.link(session, entra(), timesource.now()) == matti
    session.commit()
    assert stored(session, matti) == (ENTRA_KEY, OID)
    # Another app registration of the tenant gives another sub, and the UPN may change.
    later = entra(sub="BBBB", preferred_username="m.testi@kunta.fi", email="m@kunta.fi")
    assert sso.link(session, later, timesource.now()) == matti
    [event] = session.exec(select(AuditEvent).where(AuditEvent.event == "sso_linked")).all()
    assert event.detail == {"entra": True}


def test_the_audit_event_holds_ids_only(session, matti):
    sso.link(session, claims(), timesource.now())
    session.commit()
    [event] = session.exec(select(AuditEvent)).all()
    written = repr((event.event, event.detail))
    for claim in ("matti", "test.fi", ISSUER, "Matti Testi"):
        assert claim not in written


def test_every_refusal_has_a_message_in_every_language():
    codes = set(re.findall(r'SsoError\("(\w+)"\)', Path(sso.__file__).read_text()))
    assert codes == set(sso.CODES)
    for code in sso.CODES:
        assert f"sso.refused.{code}" in i18n.TEXTS
    with pytest.raises(ValueError, match="unknown"):
        sso.SsoError("no_such_code")


# --- configuration ---------------------------------------------------------------------------

AUTH = {"redirect_uri": "https://merkitys.kunta.fi/oauth2callback", "cookie_secret": "s" * 40}
ENTRA_PROVIDER = {
    "client_id": "6731de76-14a6-49ae-97bc-6eba6914391e",
    "client_secret": "x",
    "server_metadata_url": f"https://login.microsoftonline.com/{TENANT}/v2.0/"
    ".well-known/openid-configuration",
}


def test_configuration_from_the_secrets():
    assert sso.config({}) is None
    assert sso.config({"auth": AUTH}) is None  # no provider: no button
    assert sso.config({"auth": AUTH | ENTRA_PROVIDER}) == sso.Config(None, "Microsoft", True)
    assert sso.config({"auth": AUTH | {"entra": ENTRA_PROVIDER}}) == sso.Config(
        "entra", "Microsoft", True
    )
    other = {"server_metadata_url": "https://idp.kunta.fi/.well-known/openid-configuration"}
    both = {"auth": AUTH | {"kunta": other | {"client_id": "k"}, "entra": ENTRA_PROVIDER}}
    assert sso.config(both) == sso.Config("kunta", None, True)  # the first
    own = {"sso": {"provider": "entra", "label": "Kunta-ID", "passwords": False}}
    assert sso.config(both | {"merkitys": own}) == sso.Config("entra", "Kunta-ID", False)
    assert sso.config(both | {"merkitys": {"sso": {"provider": "nimeton"}}}) is None


# --- the app (AppTest, st.user mocked) -------------------------------------------------------

EMPLOYEE = "tyontekija@demo.fi"
APP_SECRETS = {"auth": AUTH | {"entra": ENTRA_PROVIDER}}


@pytest.fixture
def logins(monkeypatch):
    """``st.login`` calls: AppTest has no identity provider to send the browser to."""
    calls: list[str | None] = []
    monkeypatch.setattr(streamlit, "login", lambda provider=None: calls.append(provider))
    return calls


def sso_browser(secrets: dict | None = None, user: dict | None = None) -> AppTest:
    at = browser()
    at.secrets = secrets if secrets is not None else dict(APP_SECRETS)
    if user is not None:
        at.user = user
    return at


def asked_for_sso(url: str, device: str = TEST_DEVICE) -> bool:
    with db.read_session(db.make_engine(url)) as s:
        return sessions.sso_wanted(s, device=device, now=timesource.now())


def want_sso(url: str) -> None:
    with db.write_session(db.make_engine(url)) as s:
        sessions.want_sso(s, device=TEST_DEVICE, now=timesource.now())


def linked(url: str, email: str) -> tuple[str | None, str | None]:
    with db.read_session(db.make_engine(url)) as s:
        person = s.exec(select(Person).where(Person.email == email)).one()
        return person.sso_issuer, person.sso_subject


def back_from_entra(email: str, **extra) -> dict:
    return {"is_logged_in": True, "provider": "entra", **entra(email=email, **extra)}


def test_without_auth_the_sign_in_page_has_no_single_sign_on(app_env):
    at = browser()
    at.user = back_from_entra(EMPLOYEE)  # even with someone signed in at a provider
    at.run()
    assert not at.exception
    assert not [b for b in at.button if b.key == "signin.sso"]
    assert at.text_input(key="signin.email")
    assert "app.redirected_to" not in at.session_state


def test_the_sign_in_page_offers_single_sign_on_and_passwords(app_env):
    at = sso_browser().run()
    assert not at.exception
    assert at.button(key="signin.sso").label == "Kirjaudu sisään: Microsoft"
    assert at.text_input(key="signin.email")  # local accounts still sign in
    at = sso_browser({**APP_SECRETS, "merkitys": {"sso": {"passwords": False}}}).run()
    assert at.button(key="signin.sso")
    assert not at.text_input
    at.session_state["app.lang"] = "en"
    at.run()
    assert at.button(key="signin.sso").label == "Sign in with Microsoft"


def test_the_button_remembers_the_request_then_goes_to_the_provider(app_env, logins):
    at = sso_browser().run()
    at.button(key="signin.sso").click().run()
    assert not at.exception
    assert logins == ["entra"]
    assert asked_for_sso(app_env)


def test_the_button_without_a_device_cookie_explains_instead(app_env, logins):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets = dict(APP_SECRETS)
    at.run()
    at.button(key="signin.sso").click().run()
    assert logins == []
    assert "eväste" in at.error[0].value


def test_back_from_the_provider_the_roster_person_is_signed_in(app_env):
    want_sso(app_env)
    at = sso_browser(user=back_from_entra(EMPLOYEE, roles=["admin"])).run()
    assert not at.exception
    assert at.session_state["app.redirected_to"] == web.BEGIN_PATH
    assert linked(app_env, EMPLOYEE) == (ENTRA_KEY, OID)
    assert not asked_for_sso(app_env)  # used up
    # The browser collects its session like after a password (model.sessions).
    with db.write_session(db.make_engine(app_env)) as s:
        token = sessions.begin(s, device=TEST_DEVICE, now=timesource.now())
    assert token is not None
    at = sso_browser(user=back_from_entra(EMPLOYEE, roles=["admin"]))
    at.session_state[TEST_COOKIES] = {
        sessions.DEVICE_COOKIE: TEST_DEVICE,
        sessions.SESSION_COOKIE: token,
    }
    at.run()
    assert not at.exception
    assert at.button(key="app.logout")
    # Roles come from our database, never from the provider's claims.
    with db.read_session(db.make_engine(app_env)) as s:
        viewer = load_viewer(s, person_id(app_env, EMPLOYEE))
    assert "admin" not in viewer.roles
    assert "Pääkäyttäjä" not in "".join(str(link) for link in at.sidebar)
    assert [c.value for c in at.sidebar.caption if "työntekijä" in c.value]


def test_signed_in_at_the_provider_without_asking_here_shows_the_sign_in_page(app_env):
    # E.g. after signing out of Merkitys while the provider still remembers the person.
    at = sso_browser(user=back_from_entra(EMPLOYEE)).run()
    assert not at.exception
    assert "app.redirected_to" not in at.session_state
    assert at.button(key="signin.sso")
    assert linked(app_env, EMPLOYEE) == (None, None)


def test_someone_outside_the_roster_gets_a_clear_page_not_an_account(app_env):
    want_sso(app_env)
    engine = db.make_engine(app_env)
    with db.read_session(engine) as s:
        people = s.exec(select(func.count()).select_from(Person)).one()
    at = sso_browser(user=back_from_entra("vieras@muualla.fi")).run()
    assert not at.exception
    assert "app.redirected_to" not in at.session_state
    assert at.title[0].value == "Et pääse Merkitykseen tällä tunnuksella"
    assert "ei ole organisaatiosi Merkitys-henkilöstöluettelossa" in at.error[0].value
    # Who the provider said they are (escaped: an address is no link in Markdown).
    assert any("vieras@" in m.value and "muualla" in m.value for m in at.markdown)
    assert not at.text_input, "no sign-in form, no account"
    assert not [b for b in at.button if b.key == "app.logout"]
    with db.read_session(engine) as s:
        assert s.exec(select(func.count()).select_from(Person)).one() == people
    assert not asked_for_sso(app_env)
    # The page stays while the person reads it in another language.
    at.session_state["app.lang"] = "en"
    at.run()
    assert "not in your organisation's Merkitys roster" in at.error[0].value
    # Signing out of the provider leads back to the sign-in page.
    at.button(key="sso.logout").click().run()
    assert not at.exception
    assert at.user == {"is_logged_in": False}
    assert at.button(key="signin.sso")


def test_a_reload_after_a_refusal_does_not_try_again_by_itself(app_env):
    want_sso(app_env)
    user = back_from_entra("vieras@muualla.fi")
    assert sso_browser(user=user).run().title[0].value.startswith("Et pääse")
    reloaded = sso_browser(user=user).run()  # a new page load: a new Streamlit session
    assert reloaded.button(key="signin.sso")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"xms_edov": False}, "ei vahvista sähköpostiosoitettasi"),
        ({"exp": 1_000_000_000}, "vanhentunut"),
    ],
)
def test_each_refusal_says_why(app_env, change, message):
    want_sso(app_env)
    at = sso_browser(user=back_from_entra(EMPLOYEE, **change)).run()
    assert message in at.error[0].value
    assert linked(app_env, EMPLOYEE) == (None, None)


def test_a_retired_person_is_refused_although_linked(app_env):
    want_sso(app_env)
    sso_browser(user=back_from_entra(EMPLOYEE)).run()
    with db.write_session(db.make_engine(app_env)) as s:
        s.exec(select(Person).where(Person.email == EMPLOYEE)).one().active = False
    want_sso(app_env)
    at = sso_browser(user=back_from_entra(EMPLOYEE)).run()
    assert "poistettu käytöstä" in at.error[0].value
    assert "app.redirected_to" not in at.session_state
