"""Sentences of the discussion pages, built from service results (plain functions, testable)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from model.discussions import (
    ActionView,
    DiscussionError,
    DiscussionInfo,
    LogEntry,
    PersonRow,
    ShareState,
    UpdateView,
)
from model.framework import Framework
from model.i18n import date_text, local_date_text, moment_text, t

# Times are stored in UTC and shown in the organisation's zone (``zone_name``, from the viewer).


def share_state_text(state: ShareState, lang: str, zone_name: str | None = None) -> str:
    if state.live:
        text = t(
            "mydisc.state.live",
            lang,
            name=state.grantee_name or "?",
            date=local_date_text(state.granted_at, lang, zone_name),
        )
        if state.expires_on:
            text += " " + t("mydisc.state.until", lang, date=date_text(state.expires_on, lang))
        return text
    if state.ended_on:
        return t("mydisc.state.ended", lang, date=date_text(state.ended_on, lang))
    key = "mydisc.state.private" if state.sharing == "private" else "mydisc.state.anonymous"
    return t(key, lang)


def log_line(entry: LogEntry, lang: str, zone_name: str | None = None) -> str:
    what = t(f"log.{entry.event}", lang)
    if entry.round_name:
        what = t("mydisc.log_round", lang, what=what, round=entry.round_name)
    return t(
        "mydisc.log_line",
        lang,
        when=moment_text(entry.at, lang, zone_name),
        name=entry.actor_name,
        what=what,
    )


def status_text(status: str, lang: str) -> str:
    return t(f"action.status.{status}", lang)


def action_heading(action: ActionView, lang: str) -> str:
    """'⚠ Overdue · In progress · Cut overlapping meetings · due 1.2.2027'."""
    parts = []
    if action.overdue:
        parts.append(t("action.overdue", lang))
    parts += [status_text(action.status, lang), action.title]
    if action.due_on:
        parts.append(t("action.due_text", lang, date=date_text(action.due_on, lang)))
    return " · ".join(parts)


def action_details(action: ActionView, framework: Framework, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs of an action's fields that have a value."""
    area_labels = {a.key: a.label.get(lang) for a in framework.development_areas}
    pairs = [
        (t("action.means", lang), action.means),
        (t("action.owner", lang), t(f"action.owner.{action.owner}", lang)),
        (t("action.measure_short", lang), action.measure),
        (t("action.time_span", lang), action.time_span),
        (t("action.due_on", lang), date_text(action.due_on, lang) if action.due_on else ""),
        (t("action.field", lang), framework.field_label(action.field_key, lang)),
        (
            t("action.category", lang),
            framework.category(action.category).label.get(lang) if action.category else "",
        ),
        (t("action.area", lang), area_labels.get(action.area or "", "")),
    ]
    return [(label, value) for label, value in pairs if value]


def update_line(update: UpdateView, lang: str, zone_name: str | None = None) -> str:
    what = []
    if update.status:
        what.append(t("mydisc.history_status", lang, status=status_text(update.status, lang)))
    if update.comment:
        what.append(update.comment)
    return t(
        "mydisc.history_line",
        lang,
        when=moment_text(update.at, lang, zone_name),
        name=update.author_name,
        what=" · ".join(what),
    )


def discussion_label(info: DiscussionInfo, lang: str) -> str:
    state = (
        t("discussion.held", lang, date=date_text(info.held_on, lang))
        if info.held_on
        else t("discussion.open", lang)
    )
    return t("mydisc.discussion_label", lang, state=state, count=info.actions)


def error_text(error: DiscussionError, lang: str) -> str:
    return t(f"discerror.{error.code}", lang, **error.params)


def people_frame(people: list[PersonRow], lang: str) -> pd.DataFrame:
    """The supervisor's list: for someone who does not share, nothing but the name."""

    def cell(value: object, shared: bool) -> str:
        if not shared:
            return ""
        if value is None:
            return t("action.none", lang)
        return date_text(value, lang) if isinstance(value, dt.date) else str(value)

    return pd.DataFrame(
        {
            t("disc.col.name", lang): [p.name for p in people],
            t("disc.col.shared", lang): [
                t("disc.yes" if p.shared else "disc.not_shared", lang) for p in people
            ],
            t("disc.col.round", lang): [cell(p.latest_round, p.shared) for p in people],
            t("disc.col.last", lang): [cell(p.last_discussion, p.shared) for p in people],
            t("disc.col.open", lang): [cell(p.open_actions, p.shared) for p in people],
            t("disc.col.overdue", lang): [cell(p.overdue_actions, p.shared) for p in people],
        }
    )
