"""Organisation settings changed in the app by admins (PRODUCT.md A3), stored in ``Setting``."""

from __future__ import annotations

from sqlmodel import Session, select

from model import i18n
from model.tables import Setting


def offered_languages(session: Session, organisation_id: int) -> tuple[str, ...]:
    """The languages the organisation offers, in the app's order (all of them by default)."""
    stored = session.exec(
        select(Setting.value).where(
            Setting.organisation_id == organisation_id, Setting.key == "languages"
        )
    ).first()
    chosen = set((stored or "").split(",")) & set(i18n.LANGUAGES)
    return tuple(code for code in i18n.LANGUAGES if code in chosen) or i18n.LANGUAGES
