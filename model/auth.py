"""Local accounts: argon2id password hashes and the password policy. Signing in (throttled, with
a session) is ``model.signin``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from model import text
from model.tables import Person

# argon2-cffi's defaults are argon2id with RFC 9106 low-memory parameters (~0.1 s here).
_hasher = PasswordHasher()
# Verifying against a throwaway hash when the account is unknown keeps both failures equally slow,
# so the response time does not tell whether an address has an account.
_DUMMY_HASH = _hasher.hash("merkitys-no-such-account")
# Length is what makes a password hard to guess (NIST SP 800-63B); no rules about character
# classes, which only make people write "Salasana1!". The cap keeps hashing cheap.
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128

# Guessed first in Finland and never in zxcvbn's (English) list; compared casefolded, also with
# digits and punctuation stripped from both ends ("Kesä2024!" is "kesä"). The demo password is
# printed in the README, so it is as good as public.
FINNISH_COMMON = frozenset(
    {
        "salasana", "salasana1", "salasana123", "salasanani", "vaihdasalasana", "uusisalasana",
        "salainen", "tervetuloa", "merkitys", "merkitys-demo", "kissa", "koira", "kissakoira",
        "mansikka", "aurinko", "rakkaus", "perkele", "suomi", "suomi100", "finland", "sisu",
        "moikka", "moi", "hei", "terve", "hyvää", "huomenta", "kesä", "talvi", "kevät", "syksy",
        "kesäloma", "joulu", "juhannus", "helsinki", "espoo", "vantaa", "tampere", "turku",
        "oulu", "jyväskylä", "kuopio", "lahti", "pori", "joensuu", "rovaniemi", "kunta",
        "kaupunki", "työ", "työpaikka", "esihenkilö", "esimies", "tammikuu", "helmikuu",
        "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu", "elokuu", "syyskuu",
        "lokakuu", "marraskuu", "joulukuu", "maanantai", "tiistai", "keskiviikko", "torstai",
        "perjantai", "lauantai", "sunnuntai", "qwertyuiopå", "asdfghjklöä", "hiihto", "jääkiekko",
        "leijonat", "sauna", "sammakko", "muumi", "muumipeikko", "nokia", "salmiakki", "ruisleipä",
    }
)  # fmt: skip
# Runs a keyboard or the alphabet gives away: "1234567890ab" is a sequence, not a secret.
_SEQUENCES = (
    "01234567890123456789",
    "abcdefghijklmnopqrstuvwxyzåäö",
    "qwertyuiopåasdfghjklöäzxcvbnm",
    "qwertyuiopasdfghjklzxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
)
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
PASSWORD_CODES = (
    "password_too_short",
    "password_too_long",
    "password_common",
    "password_personal",
)


def normalise_email(email: str) -> str:
    return text.line(email).casefold()


def hash_password(password: str) -> str:
    """The argon2id hash of ``password``; ValueError below ``MIN_PASSWORD_LENGTH`` characters.

    Only the length is enforced here (the demo's public password must still hash); whoever lets
    a person choose a password checks ``password_problem`` first (``model.accounts``).
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(_secret(password))


def _secret(password: str) -> bytes:
    # A password is a secret, never cleaned: even a lone surrogate is hashed, not an error.
    return password.encode("utf-8", "surrogatepass")


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    # zxcvbn's 30,000 most common leaked passwords; loaded once, on the first check.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"]) | FINNISH_COMMON


def _period(value: str) -> str:
    """The shortest unit that ``value`` repeats ("abab" -> "ab"); ``value`` itself if none."""
    found = (value + value).find(value, 1)
    return value[:found] if 0 < found < len(value) else value


def is_common(password: str) -> bool:
    """Whether ``password`` is among the very common ones, or a run, or one short unit
    repeated: compared casefolded, also without digits and punctuation at either end."""
    folded = password.casefold()
    core = _EDGES.sub("", folded)
    common = _common()
    if folded in common or (len(core) >= 3 and core in common):
        return True
    unit = _period(folded)
    if unit != folded and (len(unit) <= 4 or _EDGES.sub("", unit) in common):
        return True
    if len(set(folded)) <= 2:
        return True
    return any(
        candidate in sequence or candidate in sequence[::-1]
        for candidate in {folded, core}
        if len(candidate) >= 6
        for sequence in _SEQUENCES
    )


def _personal_words(words: Iterable[str]) -> set[str]:
    """Each word, its letters only, and its parts (names, an e-mail's local part), casefolded."""
    found: set[str] = set()
    for word in words:
        folded = word.casefold()
        local = folded.split("@", 1)[0]
        parts = [p for p in _NOT_LETTERS.split(local) if p]
        found |= {local, "".join(parts), *parts}
        found |= {a + b for a in parts for b in parts if a != b}
    return {w for w in found if len(w) >= 3}


def is_personal(password: str, personal: Iterable[str]) -> bool:
    """Whether ``password`` is built from the person's own name or e-mail address: it holds the
    address or its local part, or its letters are a name, a part of one or names joined."""
    folded = password.casefold()
    words = list(personal)
    for word in words:
        email = word.casefold()
        local = email.split("@", 1)[0]
        if "@" in email and (email in folded or (len(local) >= 4 and local in folded)):
            return True
    letters = _NOT_LETTERS.sub("", folded)
    return letters in _personal_words(words)


def password_problem(password: str, *, personal: Iterable[str] = ()) -> str | None:
    """Why a new password is refused, as a code of ``PASSWORD_CODES``; None when it is fine.

    ``personal``: the person's e-mail address and name, which a guesser tries first.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return "password_too_short"
    if len(password) > MAX_PASSWORD_LENGTH:
        return "password_too_long"
    if is_common(password):
        return "password_common"
    if is_personal(password, personal):
        return "password_personal"
    return None


def verify(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches the stored hash. With no hash it checks against a throwaway
    one, so an unknown address takes as long as a wrong password. Slow on purpose (~0.1 s):
    never call it inside a write transaction (TRUST 31)."""
    try:
        return _hasher.verify(stored or _DUMMY_HASH, _secret(password)) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def rehash_if_needed(stored: str | None, password: str) -> str | None:
    """A new hash of a verified ``password`` when ``stored`` uses older parameters, else None."""
    if stored is None or not _hasher.check_needs_rehash(stored):
        return None
    return _hasher.hash(_secret(password))


def authenticate(session: Session, *, email: str, password: str) -> int | None:
    """The active person with this e-mail and password, else None. Reads only and is not
    throttled: the sign-in page goes through ``model.signin``, which throttles and starts a
    session; this is for the command line and tests."""
    person = session.exec(select(Person).where(Person.email == normalise_email(email))).first()
    ok = verify(person.password_hash if person else None, password)
    return person.id if ok and person is not None and person.active else None
