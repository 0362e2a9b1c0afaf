"""One-time password links (issue 11, point 3): hashed, one-time, expiring, admin-only, the
password policy, and e-mail through a real SMTP server started by the test."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import logging
import socket
from urllib.parse import parse_qs, urlsplit

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from model import accounts, auth, i18n, sessions
from model.demo import DEMO_PASSWORD
from model.tables import AuditEvent, Organisation, PasswordToken, Person
from model.viewer import AccessDenied
from tests.factories import add_person, make_org

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
GOOD = "kolme karhua metsässä"
BASE = "https://merkitys.kunta.fi"


@pytest.fixture
def org(session):
    org = make_org(session)
    admin = add_person(session, org.organisation_id, None, "paakayttaja@kunta.fi", roles=("admin",))
    person = add_person(session, org.organisation_id, org.team_id, "aino.virtanen@kunta.fi")
    session.commit()
    return org, admin, person


def token_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


def issue(session, admin, person_id, *, now=NOW, purpose="set") -> str:
    link = accounts.issue_link(
        session, viewer=admin, person_id=person_id, now=now, purpose=purpose, base_url=BASE
    )
    session.commit()
    return link


def events(session: Session, event: str) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.event == event)).all())


def test_link_points_at_the_app_and_only_a_hash_of_its_token_is_stored(session, org):
    _, admin, person = org
    link = issue(session, admin, person.person_id)
    assert link.startswith(f"{BASE}/?token=")
    token = token_of(link)
    assert len(token) >= 43  # 32 random bytes
    row = session.exec(select(PasswordToken)).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(row.model_dump())
    assert (row.person_id, row.purpose, row.created_by) == (
        person.person_id,
        "set",
        admin.person_id,
    )
    assert row.expires_at == NOW + dt.timedelta(days=7)
    [event] = events(session, "password_link_issued")
    assert (event.actor_id, event.subject_id) == (admin.person_id, person.person_id)
    assert event.detail == {"purpose": "set", "replaced": 0}


def test_link_defaults_to_the_configured_base_url(session, org):
    _, admin, person = org
    link = accounts.issue_link(
        session,
        viewer=admin,
        person_id=person.person_id,
        now=NOW,
        env={"MERKITYS_BASE_URL": "https://app.example.fi/"},
    )
    assert link.startswith("https://app.example.fi/?token=")


def test_link_sets_the_password_once_and_then_signs_in(session, org):
    _, admin, person = org
    token = token_of(issue(session, admin, person.person_id))
    assert accounts.check_token(session, token, now=NOW).id == person.person_id
    later = NOW + dt.timedelta(hours=3)
    assert accounts.set_password_with_token(session, token=token, password=GOOD, now=later) == (
        person.person_id
    )
    session.commit()
    assert auth.authenticate(session, email="aino.virtanen@kunta.fi", password=GOOD)
    assert session.exec(select(PasswordToken.used_at)).one() == later
    assert accounts.check_token(session, token, now=later) is None
    with pytest.raises(accounts.AccountError) as error:
        accounts.set_password_with_token(
            session, token=token, password="toinen salasana!", now=later
        )
    assert error.value.code == "link_invalid"
    [event] = events(session, "password_set")
    assert (event.actor_id, event.subject_id) == (person.person_id, person.person_id)
    assert event.detail["purpose"] == "set"


def test_of_two_submits_of_one_link_only_the_first_stores(session, org):
    _, admin, person = org
    token = token_of(issue(session, admin, person.person_id))
    first = accounts.prepare_password(session, token=token, password=GOOD, now=NOW)
    second = accounts.prepare_password(session, token=token, password="toinen lause tässä", now=NOW)
    accounts.store_password(session, first, now=NOW)
    with pytest.raises(accounts.AccountError, match="link_invalid"):
        accounts.store_password(session, second, now=NOW)
    session.commit()
    assert auth.authenticate(session, email="aino.virtanen@kunta.fi", password=GOOD)


@pytest.mark.parametrize(
    ("purpose", "lifetime"), [("set", dt.timedelta(days=7)), ("reset", dt.timedelta(hours=24))]
)
def test_link_works_until_it_expires(session, org, purpose, lifetime):
    _, admin, person = org
    token = token_of(issue(session, admin, person.person_id, purpose=purpose))
    last_moment = NOW + lifetime - dt.timedelta(seconds=1)
    assert accounts.check_token(session, token, now=last_moment) is not None
    assert accounts.check_token(session, token, now=NOW + lifetime) is None
    with pytest.raises(accounts.AccountError) as error:
        accounts.set_password_with_token(session, token=token, password=GOOD, now=NOW + lifetime)
    assert error.value.code == "link_invalid"
    assert session.get(Person, person.person_id).password_hash is None


def test_unknown_and_malformed_tokens_are_refused_alike(session, org):
    _, admin, person = org
    issue(session, admin, person.person_id)
    for token in ("", "x", "a" * 43, "ä" * 5000, "\x00"):
        assert accounts.check_token(session, token, now=NOW) is None
        with pytest.raises(accounts.AccountError, match="link_invalid"):
            accounts.set_password_with_token(session, token=token, password=GOOD, now=NOW)


def test_a_new_link_makes_the_earlier_ones_stop_working(session, org):
    _, admin, person = org
    first = token_of(issue(session, admin, person.person_id))
    second = token_of(issue(session, admin, person.person_id, now=NOW + dt.timedelta(hours=1)))
    at = NOW + dt.timedelta(hours=2)
    assert accounts.check_token(session, first, now=at) is None
    assert accounts.check_token(session, second, now=at).id == person.person_id
    assert [e.detail["replaced"] for e in events(session, "password_link_issued")] == [0, 1]
    # The replaced link is expired, not marked used: nobody ever opened it.
    rows = session.exec(select(PasswordToken).order_by(PasswordToken.id)).all()
    assert [r.used_at for r in rows] == [None, None]


def test_reset_keeps_the_old_password_until_the_new_one_is_set_and_ends_old_sign_ins(session, org):
    _, admin, person = org
    row = session.get(Person, person.person_id)
    row.password_hash = auth.hash_password("vanha hyvä salasana")
    session.add(row)
    session.commit()
    token = token_of(issue(session, admin, person.person_id, purpose="reset"))
    mail = "aino.virtanen@kunta.fi"
    assert auth.authenticate(session, email=mail, password="vanha hyvä salasana")
    # Someone who knew the old password is signed in; the new password ends that sign-in.
    cookie = sessions.start(session, person_id=person.person_id, method="password", now=NOW)
    session.commit()
    accounts.set_password_with_token(session, token=token, password=GOOD, now=NOW)
    session.commit()
    assert sessions.resolve(session, cookie, now=NOW) is None
    assert auth.authenticate(session, email=mail, password=GOOD) == person.person_id
    assert auth.authenticate(session, email=mail, password="vanha hyvä salasana") is None
    assert events(session, "password_set")[0].detail["purpose"] == "reset"


def test_only_an_admin_of_the_same_organisation_issues_links(session, org):
    organisation, _, person = org
    other = Organisation(name="Naapurikunta")
    session.add(other)
    session.flush()
    stranger = add_person(session, other.id, None, "admin@naapuri.fi", roles=("admin",))
    employee = add_person(session, organisation.organisation_id, None, "kollega@kunta.fi")
    for viewer in (stranger, employee, organisation.supervisor):
        with pytest.raises(AccessDenied):
            accounts.issue_link(session, viewer=viewer, person_id=person.person_id, now=NOW)
    assert session.exec(select(PasswordToken)).all() == []
    assert events(session, "password_link_issued") == []


def test_retired_or_unknown_people_get_no_link_and_retiring_kills_a_link(session, org):
    _, admin, person = org
    token = token_of(issue(session, admin, person.person_id))
    row = session.get(Person, person.person_id)
    row.active, row.retired_at = False, NOW
    session.add(row)
    session.commit()
    assert accounts.check_token(session, token, now=NOW) is None
    for person_id, code in (
        (person.person_id, "account_person_retired"),
        (10**6, "account_person_unknown"),
    ):
        with pytest.raises(accounts.AccountError) as error:
            accounts.issue_link(session, viewer=admin, person_id=person_id, now=NOW)
        assert error.value.code == code
    with pytest.raises(accounts.AccountError, match="account_purpose_unknown"):
        accounts.issue_link(session, viewer=admin, person_id=admin.person_id, now=NOW, purpose="x")


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("lyhyt-sana1", "password_too_short"),
        ("x" * (auth.MAX_PASSWORD_LENGTH + 1), "password_too_long"),
        ("password1234", "password_common"),
        ("qwertyuiop123", "password_common"),
        ("Salasana2024!", "password_common"),  # Finnish: salasana = password
        ("Tervetuloa123", "password_common"),
        ("Kesä2024!!!!", "password_common"),
        ("Merkitys2026!", "password_common"),
        (DEMO_PASSWORD, "password_common"),  # printed in the README
        ("1234567890123", "password_common"),
        ("aaaaaaaaaaaaaaaa", "password_common"),
        ("abcabcabcabcabc", "password_common"),
        ("AinoVirtanen2024", "password_personal"),
        ("virtanen.aino!", "password_personal"),
        ("aino.virtanen@kunta.fi", "password_personal"),
    ],
)
def test_policy_refuses_short_common_and_personal_passwords_and_keeps_the_link(
    session, org, password, code
):
    _, admin, person = org
    row = session.get(Person, person.person_id)
    row.display_name = "Aino Virtanen"
    session.add(row)
    token = token_of(issue(session, admin, person.person_id))
    with pytest.raises(accounts.AccountError) as error:
        accounts.set_password_with_token(session, token=token, password=password, now=NOW)
    assert error.value.code == code
    assert i18n.t(f"error.{code}", "fi", **error.value.params)
    # The link is not used up by a refused password: the person tries another.
    assert accounts.set_password_with_token(session, token=token, password=GOOD, now=NOW)


@pytest.mark.parametrize(
    "password", [GOOD, "ainoastaan kesällä", "Lumi sataa hiljaa", "x7#Kp2!qLm9@zR"]
)
def test_policy_accepts_long_unusual_passwords(password):
    assert auth.password_problem(password, personal=("aino.virtanen@kunta.fi", "Aino")) is None


def test_hashing_still_refuses_short_passwords_and_keeps_the_demo_password():
    assert auth.MIN_PASSWORD_LENGTH == 12
    with pytest.raises(ValueError, match="at least 12"):
        auth.hash_password("elf-letters")
    assert auth.hash_password(DEMO_PASSWORD).startswith("$argon2id$")


def test_a_password_with_a_lone_surrogate_is_hashed_and_verified_not_an_error(session, org):
    _, admin, person = org
    odd = "kolme karhua \ud800 metsässä"
    token = token_of(issue(session, admin, person.person_id))
    accounts.set_password_with_token(session, token=token, password=odd, now=NOW)
    session.commit()
    mail = "aino.virtanen@kunta.fi"
    assert auth.authenticate(session, email=mail, password=odd) == person.person_id


def test_every_account_error_has_a_message_in_every_language():
    for code in accounts.ACCOUNT_CODES:
        assert all(i18n.TEXTS[f"error.{code}"][lang] for lang in i18n.LANGUAGES), code


# --- e-mail ----------------------------------------------------------------------------------


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def smtp_env(port: int, **extra: str) -> dict[str, str]:
    return {
        "MERKITYS_SMTP_HOST": "127.0.0.1",
        "MERKITYS_SMTP_PORT": str(port),
        "MERKITYS_SMTP_STARTTLS": "0",
        "MERKITYS_SMTP_FROM": "merkitys@kunta.fi",
        "MERKITYS_BASE_URL": BASE,
        **extra,
    }


@pytest.mark.parametrize(
    ("language", "subject", "phrase"),
    [
        ("fi", "Merkitys: aseta salasanasi", "Linkki toimii kerran ja 7 päivän ajan"),
        ("en", "Merkitys: set your password", "The link works once, for 7 days"),
    ],
)
def test_link_is_emailed_in_the_persons_language(
    session, org, smtp_server, language, subject, phrase
):
    _, admin, person = org
    inbox, port = smtp_server
    row = session.get(Person, person.person_id)
    row.language = language
    session.add(row)
    delivery = accounts.issue_and_deliver(
        session,
        viewer=admin,
        person_id=person.person_id,
        now=NOW,
        purpose="set",
        env=smtp_env(port),
    )
    assert (delivery.emailed, delivery.mail_failed) == (True, False)
    assert delivery.expires_at == NOW + dt.timedelta(days=7)
    [message] = inbox.messages
    assert inbox.recipients == [["aino.virtanen@kunta.fi"]]
    assert (message["To"], message["From"], message["Subject"]) == (
        "aino.virtanen@kunta.fi",
        "merkitys@kunta.fi",
        subject,
    )
    body = message.get_content()
    assert delivery.link in body
    assert phrase in body
    assert delivery.link.startswith(f"{BASE}/?token=")
    # The mailed link works: issue_and_deliver committed it before sending.
    assert accounts.set_password_with_token(
        session, token=token_of(delivery.link), password=GOOD, now=NOW
    )


def test_reset_mail_says_the_old_password_works_until_then(session, org, smtp_server):
    _, admin, person = org
    inbox, port = smtp_server
    accounts.issue_and_deliver(
        session,
        viewer=admin,
        person_id=person.person_id,
        now=NOW,
        purpose="reset",
        env=smtp_env(port),
    )
    [message] = inbox.messages
    assert message["Subject"] == "Merkitys: salasanasi vaihto"
    assert "24 tunnin ajan" in message.get_content()
    assert "Vanha salasanasi toimii" in message.get_content()


def test_without_smtp_the_link_is_only_returned_for_copying(session, org):
    _, admin, person = org
    delivery = accounts.issue_and_deliver(
        session, viewer=admin, person_id=person.person_id, now=NOW, env={"MERKITYS_SMTP_HOST": ""}
    )
    assert (delivery.emailed, delivery.mail_failed) == (False, False)
    assert accounts.check_token(session, token_of(delivery.link), now=NOW) is not None
    assert accounts.send_link(session.get(Person, person.person_id), delivery.link, env={}) is False


@pytest.mark.parametrize("starttls", ["0", "1"])
def test_mail_failure_keeps_the_link_and_logs_neither_address_nor_link(
    session, org, caplog, smtp_server, starttls
):
    """Nothing listening (STARTTLS 0), or a server without STARTTLS when it is required (1)."""
    _, admin, person = org
    _, live_port = smtp_server
    port = free_port() if starttls == "0" else live_port
    env = smtp_env(port, MERKITYS_SMTP_STARTTLS=starttls)
    caplog.set_level(logging.DEBUG)
    delivery = accounts.issue_and_deliver(
        session, viewer=admin, person_id=person.person_id, now=NOW, env=env
    )
    assert (delivery.emailed, delivery.mail_failed) == (False, True)
    token = token_of(delivery.link)
    assert accounts.check_token(session, token, now=NOW) is not None
    with pytest.raises(accounts.AccountError) as error:
        accounts.send_link(session.get(Person, person.person_id), delivery.link, env=env)
    assert error.value.code == "mail_failed"
    assert error.value.__cause__ is None
    assert error.value.__suppress_context__
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "e-mail failed" in logged
    assert "aino" not in logged.casefold()
    assert token not in logged
