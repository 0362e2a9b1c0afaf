"""Widgets both discussion pages share: an agreed action with its history and status form."""

from __future__ import annotations

import streamlit as st

from exports.discussion import discussion_pdf, discussion_xlsx
from model import db, i18n, timesource
from model import discussion_text as text
from model import discussions as svc
from model.framework import Framework
from model.tables import ActionOwner, ActionStatus
from model.viewer import AccessDenied, Viewer
from pages import _shared as ui


def run(call, success: str) -> bool:
    """Run a service call in a write session; show the outcome on the next run."""
    try:
        with db.write_session(ui.engine()) as session:
            call(session)
    except svc.DiscussionError as error:
        ui.flash("error", text.error_text(error, ui.lang()))
    except AccessDenied:
        ui.flash("error", ui.t("common.access_denied"))
    else:
        ui.flash("success", success)
        return True
    return False


def action_card(action: svc.ActionView, framework: Framework, viewer: Viewer, lang: str) -> None:
    """One action: details, history and a form to change its status or comment on it."""
    prefix = f"action.{action.id}"
    with st.expander(ui.md_escape(text.action_heading(action, lang)), expanded=action.overdue):
        for label, value in text.action_details(action, framework, lang):
            st.markdown(f"**{ui.md_escape(label)}**")
            ui.user_text(value)
        st.caption(ui.t("mydisc.history"))
        for update in action.history:
            ui.user_text(text.update_line(update, lang, ui.zone()))
        statuses = [s.value for s in ActionStatus]
        ui.pick(
            st.selectbox,
            ui.t("mydisc.new_status"),
            options=statuses,
            index=statuses.index(action.status),
            format_func=lambda s: text.status_text(s, lang),
            key=f"{prefix}.status",
        )
        st.text_input(ui.t("mydisc.comment"), key=f"{prefix}.comment", max_chars=svc.COMMENT_MAX)

        def _save() -> None:
            saved = run(
                lambda session: svc.update_action(
                    session,
                    viewer=viewer,
                    action_id=action.id,
                    # Read at click time: the closure would hold the previous run's values.
                    status=ui.value(f"{prefix}.status"),
                    comment=st.session_state.get(f"{prefix}.comment", ""),
                    today=ui.today(),
                    version=action.version,  # the version this card showed (TRUST 28)
                ),
                ui.t("mydisc.updated"),
            )
            if saved:
                st.session_state[f"{prefix}.comment"] = ""

        st.button(ui.t("mydisc.save_update"), key=f"{prefix}.save", on_click=ui.acting(_save))


def _export(viewer: Viewer, discussion_id: int, fmt: str, lang: str) -> bytes:
    # Built when the button is pressed; every export is in the person's audit log.
    with db.write_session(ui.engine()) as session:
        summary = svc.discussion_summary(
            session, viewer=viewer, discussion_id=discussion_id, today=ui.today()
        )
        svc.record_export(session, viewer=viewer, summary=summary, fmt=fmt)
    build = discussion_pdf if fmt == "pdf" else discussion_xlsx
    return build(summary, lang, made_at=timesource.now(), zone_name=ui.zone())


def summary_row(viewer: Viewer, discussion_id: int, label: str, lang: str) -> None:
    """A discussion's label with its one-page summary as PDF and Excel downloads."""
    row = st.columns([3, 1, 1])
    row[0].markdown(ui.md_escape(label))
    formats = (
        ("pdf", "mydisc.download_pdf", "application/pdf"),
        (
            "xlsx",
            "mydisc.download_xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    )
    for column, (fmt, text_key, mime) in zip(row[1:], formats, strict=True):
        ui.export_button(
            column,
            ui.t(text_key),
            lambda fmt=fmt: _export(viewer, discussion_id, fmt, lang),
            file_name=f"kehityskeskustelu-{discussion_id}.{fmt}",
            mime=mime,
            key=f"summary.{fmt}.{discussion_id}",
        )


FORM_KEY = "disc.form"


def new_action_form(viewer: Viewer, prep: svc.Preparation, lang: str) -> None:
    """Record an action for the person being prepared: from one of their notes or from scratch."""
    person_id = prep.person_id
    framework = prep.latest.framework
    today = ui.today()
    date_format = "DD.MM.YYYY" if lang == "fi" else "YYYY-MM-DD"
    st.subheader(ui.t("disc.new_action"))
    notes = {
        n.id: n for item in (prep.latest, prep.previous) if item is not None for n in item.notes
    }
    none = ui.t("action.none")
    with st.container(border=True):
        ui.pick(
            st.selectbox,
            ui.t("disc.from_note"),
            options=[None, *notes],
            format_func=lambda n: (
                i18n.t("disc.from_scratch", lang)
                if n is None
                else f"{framework.category(notes[n].category).label.get(lang)}: "
                f"{notes[n].text[:80]}"
            ),
            placeholder=i18n.t("disc.from_scratch", lang),
            key=f"{FORM_KEY}.note",
        )
        st.text_input(ui.t("action.title"), key=f"{FORM_KEY}.title", max_chars=svc.TITLE_MAX)
        st.text_area(ui.t("action.means"), key=f"{FORM_KEY}.means", max_chars=svc.MEANS_MAX)
        left, right = st.columns(2)
        ui.pick(
            left.selectbox,
            ui.t("action.owner"),
            options=[o.value for o in ActionOwner],
            format_func=lambda o: i18n.t(f"action.owner.{o}", lang),
            key=f"{FORM_KEY}.owner",
        )
        right.text_input(
            ui.t("action.measure"), key=f"{FORM_KEY}.measure", max_chars=svc.MEASURE_MAX
        )
        left.text_input(
            ui.t("action.time_span"), key=f"{FORM_KEY}.span", max_chars=svc.TIME_SPAN_MAX
        )
        right.date_input(
            ui.t("action.due_on"),
            value=None,
            min_value=today,
            format=date_format,
            key=f"{FORM_KEY}.due",
        )
        fields = [f.key for f in framework.all_fields() if f.key in prep.latest.lights]
        ui.pick(
            left.selectbox,
            ui.t("action.field"),
            options=[None, *fields],
            format_func=lambda k: none if k is None else framework.field_label(k, lang),
            placeholder=none,
            key=f"{FORM_KEY}.field",
        )
        ui.pick(
            right.selectbox,
            ui.t("action.category"),
            options=[None, *(c.key for c in framework.errc.categories)],
            format_func=lambda k: none if k is None else framework.category(k).label.get(lang),
            placeholder=none,
            key=f"{FORM_KEY}.category",
        )
        areas = {a.key: a.label.get(lang) for a in framework.development_areas}
        ui.pick(
            left.selectbox,
            ui.t("action.area"),
            options=[None, *areas],
            format_func=lambda k: none if k is None else areas[k],
            placeholder=none,
            key=f"{FORM_KEY}.area",
        )

        def _create() -> None:
            state = st.session_state
            try:
                data = svc.ActionInput(
                    title=state.get(f"{FORM_KEY}.title", ""),
                    means=state.get(f"{FORM_KEY}.means", ""),
                    owner=ui.value(f"{FORM_KEY}.owner") or ActionOwner.employee,
                    measure=state.get(f"{FORM_KEY}.measure", ""),
                    time_span=state.get(f"{FORM_KEY}.span", ""),
                    due_on=state.get(f"{FORM_KEY}.due"),
                    field_key=ui.value(f"{FORM_KEY}.field"),
                    category=ui.value(f"{FORM_KEY}.category"),
                    area=ui.value(f"{FORM_KEY}.area"),
                    note_id=ui.value(f"{FORM_KEY}.note"),
                )
            except ValueError:
                ui.flash("error", ui.t("discerror.action_title_empty"))
                return
            created = run(
                lambda session: svc.create_action(
                    session, viewer=viewer, person_id=person_id, data=data, today=ui.today()
                ),
                ui.t("disc.action_added"),
            )
            if created:  # keep what was typed when saving failed; clear it when it worked
                for key in ("title", "means", "measure", "span"):
                    state[f"{FORM_KEY}.{key}"] = ""
                for key in ("due", "field", "category", "area", "note"):
                    state[f"{FORM_KEY}.{key}"] = None

        st.button(
            ui.t("disc.add_action"),
            key=f"{FORM_KEY}.save",
            type="primary",
            on_click=ui.acting(_create),
            icon=":material/add_task:",
        )


def agenda_editor(
    viewer: Viewer,
    points: list[svc.AgendaView],
    *,
    prefix: str,
    label: str,
    person_id: int | None = None,
) -> None:
    """The next discussion's agenda: points with their author, removal of one's own, a new one.

    ``person_id`` is the employee when the supervisor edits; None when employees edit their own.
    """
    # The agenda as shown now: adding or removing on an older one is refused (TRUST 28).
    with db.read_session(ui.engine()) as session:
        version = svc.agenda_version(session, viewer=viewer, today=ui.today(), person_id=person_id)
    if not points:
        st.caption(ui.t("mydisc.agenda_empty"))
    for point in points:
        row = st.columns([6, 1])
        with row[0]:
            ui.user_text(point.text)
            if not point.mine:
                st.caption(
                    ui.t("mydisc.by_employee" if point.by_person else "mydisc.by_supervisor")
                )
        if point.mine:  # only the author removes a point
            row[1].button(
                ui.t("mydisc.agenda_remove"),
                key=f"{prefix}.agenda_remove.{point.id}",
                on_click=ui.acting(run),
                args=(
                    lambda session, pid=point.id: svc.remove_agenda_point(
                        session, viewer=viewer, point_id=pid, version=version
                    ),
                    ui.t("mydisc.agenda_removed"),
                ),
            )
    text_key = f"{prefix}.agenda_text"
    st.text_area(label, key=text_key, max_chars=svc.AGENDA_MAX)

    def _add_point() -> None:
        added = run(
            lambda session: svc.add_agenda_point(
                session,
                viewer=viewer,
                person_id=person_id,
                text=st.session_state.get(text_key, ""),
                today=ui.today(),
                version=version,
            ),
            ui.t("mydisc.agenda_added"),
        )
        if added:
            st.session_state[text_key] = ""

    st.button(ui.t("mydisc.agenda_add"), key=f"{prefix}.agenda_add", on_click=ui.acting(_add_point))
