"""Organisation settings changed in the app by admins (PRODUCT.md A3): name, time zone, anonymity
thresholds, retention period and languages offered. Thresholds, retention and languages are
``Setting`` rows; the name and the time zone are columns of ``Organisation``.

Thresholds and released results: every release stores the thresholds it was computed with, and a
reader applies the larger of those and the current ones (``model.release.for_viewer``). Raising a
threshold therefore hides more at once, everywhere; lowering one applies only to rounds released
after the change (released cells stay as suppressed as they were: their hidden counts were never
stored). A change can never make a released result show more.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlmodel import Session, select

from model import audit, i18n, text, timesource
from model.privacy import DEFAULT_TEXT_THRESHOLD, DEFAULT_THRESHOLD, THRESHOLD_FLOOR, thresholds
from model.tables import Organisation, Role, Setting, Unit, UnitKind
from model.viewer import AccessDenied, Viewer

# Setting keys (model.privacy reads the two thresholds under the same names).
ANONYMITY_THRESHOLD = "anonymity_threshold"
NOTES_THRESHOLD = "notes_threshold"
RETENTION_MONTHS = "retention_months"
LANGUAGES = "languages"

NAME_MAX = 200
THRESHOLD_MAX = 100  # above this nearly every team would be hidden: surely a typing error
# Answers are kept for a set time, never for ever (GDPR storage limitation, TRUST.md 24).
RETENTION_DEFAULT = 36
RETENTION_MIN = 1
RETENTION_MAX = 120


class SettingsError(ValueError):
    """A setting the admin can fix; ``code`` and ``params`` pick the translated message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class OrgSettings:
    name: str
    time_zone: str = timesource.DEFAULT_ZONE
    anonymity_threshold: int = DEFAULT_THRESHOLD
    notes_threshold: int = DEFAULT_TEXT_THRESHOLD
    retention_months: int = RETENTION_DEFAULT
    languages: tuple[str, ...] = i18n.LANGUAGES


def _stored(session: Session, organisation_id: int) -> dict[str, str]:
    return dict(
        session.exec(
            select(Setting.key, Setting.value).where(Setting.organisation_id == organisation_id)
        ).all()
    )


def offered_languages(session: Session, organisation_id: int) -> tuple[str, ...]:
    """The languages the organisation offers, in the app's order (all of them by default)."""
    return _languages(_stored(session, organisation_id).get(LANGUAGES))


def _languages(stored: str | None) -> tuple[str, ...]:
    chosen = set((stored or "").split(",")) & set(i18n.LANGUAGES)
    return tuple(code for code in i18n.LANGUAGES if code in chosen) or i18n.LANGUAGES


def language_for(session: Session, organisation_id: int, wanted: str | None) -> str:
    """``wanted`` when the organisation offers it, else its first offered language: people whose
    language is no longer offered keep their stored choice and see the first offered one."""
    offered = offered_languages(session, organisation_id)
    return wanted if wanted in offered else offered[0]


def retention_months(session: Session, organisation_id: int) -> int:
    """Months the individual answers of a closed round are kept (``model.retention``)."""
    return _months(_stored(session, organisation_id).get(RETENTION_MONTHS))


def _months(stored: str | None) -> int:
    try:
        months = int(stored) if stored else RETENTION_DEFAULT
    except ValueError:
        return RETENTION_DEFAULT
    return min(max(months, RETENTION_MIN), RETENTION_MAX)


def load(session: Session, organisation_id: int) -> OrgSettings:
    """The organisation's settings as they apply now (the thresholds with their floor)."""
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise AccessDenied("organisation not found")
    stored = _stored(session, organisation_id)
    th = thresholds(session, organisation_id)
    return OrgSettings(
        name=org.name,
        time_zone=org.time_zone,
        anonymity_threshold=th.n,
        notes_threshold=th.n_text,
        retention_months=_months(stored.get(RETENTION_MONTHS)),
        languages=_languages(stored.get(LANGUAGES)),
    )


def load_for(session: Session, *, viewer: Viewer) -> OrgSettings:
    """``load`` for an admin of the organisation (the settings page)."""
    viewer.require(Role.admin)
    return load(session, viewer.organisation_id)


def _whole(value: Any, code: str) -> int:
    if isinstance(value, bool):
        raise SettingsError(code)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SettingsError(code) from None
    if number != value and str(number) != str(value).strip():
        raise SettingsError(code)  # 4.5 is not 4
    return number


def validate(new: OrgSettings) -> OrgSettings:
    """The settings cleaned (name through ``model.text``, languages in the app's order), or
    ``SettingsError`` for the first value that cannot be stored."""
    name = text.line(new.name)
    if not any(ch.isprintable() and not ch.isspace() for ch in name):  # nothing one can see
        raise SettingsError("name_empty")
    if len(name) > NAME_MAX:
        raise SettingsError("name_too_long", limit=NAME_MAX)
    zone = text.line(new.time_zone)
    if not zone or not timesource.is_zone(zone):
        raise SettingsError("unknown_zone")
    n = _whole(new.anonymity_threshold, "threshold_not_number")
    n_text = _whole(new.notes_threshold, "threshold_not_number")
    if n < THRESHOLD_FLOOR:
        raise SettingsError("threshold_below_floor", floor=THRESHOLD_FLOOR)
    if max(n, n_text) > THRESHOLD_MAX:
        raise SettingsError("threshold_too_high", limit=THRESHOLD_MAX)
    if n_text < n:
        raise SettingsError("notes_below_threshold", threshold=n)
    months = _whole(new.retention_months, "retention_not_number")
    if not RETENTION_MIN <= months <= RETENTION_MAX:
        raise SettingsError("retention_out_of_range", low=RETENTION_MIN, high=RETENTION_MAX)
    chosen = set(new.languages or ())
    if chosen - set(i18n.LANGUAGES):
        raise SettingsError("unknown_language")
    if not chosen:
        raise SettingsError("no_language")
    languages = tuple(code for code in i18n.LANGUAGES if code in chosen)
    return OrgSettings(name, zone, n, n_text, months, languages)


def _put(session: Session, organisation_id: int, key: str, value: str) -> None:
    row = session.get(Setting, (organisation_id, key))
    if row is None:
        row = Setting(organisation_id=organisation_id, key=key, value=value)
    row.value = value
    session.add(row)


def _audited(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def update(
    session: Session, *, viewer: Viewer, new: OrgSettings, base: OrgSettings | None = None
) -> list[str]:
    """Store the admin's settings; returns the names of the fields that changed.

    ``base`` is what the form was loaded from: when someone else saved in between, the save is
    refused (``changed_elsewhere``) rather than silently undoing their change (TRUST 28). Each
    change is audited with its old and new value, except the organisation's name (free text:
    only that it changed). Renaming the organisation renames its root unit too when that still
    carries the old name.
    """
    viewer.require(Role.admin)
    new = validate(new)
    org = session.get(Organisation, viewer.organisation_id, with_for_update=True)
    old = load(session, viewer.organisation_id)
    if base is not None and base != old:
        raise SettingsError("changed_elsewhere")
    before, after = asdict(old), asdict(new)
    changed = [key for key in after if after[key] != before[key]]
    if "name" in changed:
        for root in session.exec(
            select(Unit).where(
                Unit.organisation_id == org.id,
                Unit.kind == UnitKind.organisation,
                Unit.name == old.name,
            )
        ).all():
            root.name = new.name
            session.add(root)
        org.name = new.name
    org.time_zone = new.time_zone
    session.add(org)
    settings_rows = {
        ANONYMITY_THRESHOLD: str(new.anonymity_threshold),
        NOTES_THRESHOLD: str(new.notes_threshold),
        RETENTION_MONTHS: str(new.retention_months),
        LANGUAGES: ",".join(new.languages),
    }
    for key in changed:
        if key in settings_rows:
            _put(session, org.id, key, settings_rows[key])
        detail: dict[str, Any] = {"organisation_id": org.id, "key": key}
        if key != "name":
            detail |= {"old": _audited(before[key]), "new": _audited(after[key])}
        audit.record(session, event="setting_changed", actor_id=viewer.person_id, detail=detail)
    session.flush()
    return changed
