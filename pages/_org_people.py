"""Organisation page, People tab: find people, add, edit, retire, and give password links (A1)."""

from __future__ import annotations

import streamlit as st

from model import accounts, db, i18n, org_settings, timesource
from model import people as svc
from model.tables import UnitKind
from model.viewer import AccessDenied, Viewer
from pages import _shared as ui
from pages._org_structure import run

QUERY, UNIT, ROLE, RETIRED = "org.people.q", "org.people.unit", "org.people.role", "org.people.ret"
SELECTED, LINK = "org.people.person", "org.people.link"
NEW = "new"
PAGE_ROWS = 500  # rows drawn at once; the search narrows a large organisation down


def _field(prefix: str, name: str) -> str:
    return f"{prefix}.{name}"


def _role_label(role: str) -> str:
    return i18n.t(f"role.{role}", ui.lang()).capitalize()


def render(viewer: Viewer) -> None:
    with db.read_session(ui.engine()) as session:
        tree = svc.structure(session, viewer=viewer)
        languages = org_settings.offered_languages(session, viewer.organisation_id)
        bosses = svc.supervisor_options(session, viewer=viewer)
    places = {
        int(r.id): f"{r.path} · {ui.t(f'org.kind.{r.kind}')}"
        for r in tree.itertuples()
        if r.kind != UnitKind.organisation
    }

    search, unit, role, retired = st.columns([3, 3, 2, 2], vertical_alignment="bottom")
    query = search.text_input(ui.t("org.people.search"), key=QUERY, max_chars=200)
    with unit:
        unit_id = ui.pick(
            st.selectbox,
            ui.t("org.people.filter_unit"),
            options=list(places),
            format_func=places.get,
            key=UNIT,
            index=None,
            placeholder=ui.t("org.people.all_units"),
        )
    with role:
        role_code = ui.pick(
            st.selectbox,
            ui.t("org.people.filter_role"),
            options=list(svc.ROLES),
            format_func=_role_label,
            key=ROLE,
            index=None,
            placeholder=ui.t("org.people.all_roles"),
        )
    include_retired = retired.toggle(ui.t("org.people.show_retired"), key=RETIRED)
    with db.read_session(ui.engine()) as session:
        found = svc.people(
            session,
            viewer=viewer,
            query=query,
            unit_id=unit_id,
            role=role_code,
            include_retired=include_retired,
        )
    st.caption(ui.t("org.people.count", shown=min(len(found), PAGE_ROWS), total=len(found)))
    table = found.head(PAGE_ROWS).assign(
        roles=[", ".join(_role_label(r) for r in rs) for rs in found["roles"].head(PAGE_ROWS)],
        language=[i18n.language_name(c) for c in found["language"].head(PAGE_ROWS)],
        active=[
            ui.t("org.active" if a else "org.retired") for a in found["active"].head(PAGE_ROWS)
        ],
    )[["name", "email", "placement", "supervisor", "roles", "language", "active"]]
    st.dataframe(
        table.rename(columns={c: ui.t(f"org.people.col.{c}") for c in table.columns}),
        hide_index=True,
        width="stretch",
        height=min(420, 38 + 35 * len(table)),
    )

    labels = {NEW: ui.t("org.people.new")} | {
        int(r.id): f"{r.name} ({r.email})" for r in found.head(PAGE_ROWS).itertuples()
    }
    chosen = ui.pick(
        st.selectbox,
        ui.t("org.people.choose"),
        options=list(labels),
        format_func=labels.get,
        key=SELECTED,
        index=None,
        placeholder=ui.t("org.people.choose_placeholder"),
    )
    if chosen is None:
        ui.show_flash("people")
        return
    if chosen == NEW:
        values = svc.PersonInput(email="", name="", language=languages[0], roles={"employee"})
        active = True
    else:
        with db.read_session(ui.engine()) as session:
            values = svc.person_input(session, viewer=viewer, person_id=chosen)
        active = bool(found.loc[found["id"] == chosen, "active"].iloc[0])
    _form(viewer, chosen, values, active, places, languages, bosses)
    if chosen != NEW:
        _account(viewer, chosen, active)
    ui.show_flash("people")


def _form(viewer, chosen, values, active, places, languages, bosses) -> None:
    prefix = f"org.person.{chosen}"
    others = {k: v for k, v in bosses.items() if k != chosen}
    with st.form(prefix, border=True):
        st.markdown(f"**{ui.t('org.people.new' if chosen == NEW else 'org.people.edit')}**")
        left, right = st.columns(2)
        left.text_input(
            ui.t("org.people.email"), value=values.email, key=_field(prefix, "email"), max_chars=320
        )
        right.text_input(
            ui.t("org.people.name"),
            value=values.name,
            key=_field(prefix, "name"),
            max_chars=svc.NAME_MAX,
        )
        with left:
            ui.pick(
                st.selectbox,
                ui.t("org.people.placement"),
                options=list(places),
                format_func=places.get,
                key=_field(prefix, "placement"),
                index=list(places).index(values.placement_id)
                if values.placement_id in places
                else None,
                placeholder=ui.t("org.people.no_placement"),
                help=ui.t("org.people.placement_help"),
            )
        with right:
            ui.pick(
                st.selectbox,
                ui.t("org.people.supervisor"),
                options=list(others),
                format_func=others.get,
                key=_field(prefix, "supervisor"),
                index=list(others).index(values.supervisor_id)
                if values.supervisor_id in others
                else None,
                placeholder=ui.t("org.people.no_supervisor"),
                help=ui.t("org.people.supervisor_help"),
            )
        with left:
            ui.pick(
                st.selectbox,
                ui.t("org.people.language"),
                options=list(languages),
                format_func=i18n.language_name,
                key=_field(prefix, "language"),
                index=list(languages).index(values.language) if values.language in languages else 0,
            )
        with right:
            ui.pick(
                st.multiselect,
                ui.t("org.people.roles"),
                options=list(svc.ROLES),
                format_func=_role_label,
                key=_field(prefix, "roles"),
                default=[r for r in svc.ROLES if r in values.roles],
            )
        st.form_submit_button(
            ui.t("org.people.save"),
            type="primary",
            on_click=ui.acting(_save),
            args=(viewer, chosen),
            disabled=not active,
        )


def _input(prefix: str) -> svc.PersonInput:
    state = st.session_state
    return svc.PersonInput(
        email=state.get(_field(prefix, "email"), ""),
        name=state.get(_field(prefix, "name"), ""),
        language=ui.value(_field(prefix, "language")) or "fi",
        placement_id=ui.value(_field(prefix, "placement")),
        supervisor_id=ui.value(_field(prefix, "supervisor")),
        roles=frozenset(ui.value(_field(prefix, "roles")) or ()),
    )


def _save(viewer: Viewer, chosen) -> None:
    data = _input(f"org.person.{chosen}")
    now = timesource.now()
    if chosen == NEW:
        created: list[int] = []

        def add(session) -> None:
            created.append(svc.add_person(session, viewer=viewer, data=data, now=now).id)

        if run(add, ui.t("org.people.added"), "people"):
            # The new person is chosen next, so that the admin can give them a password link.
            for key in [k for k in st.session_state if str(k).startswith("org.person.new.")]:
                del st.session_state[key]
            st.session_state[SELECTED] = created[0]
        return
    run(
        lambda s: svc.update_person(s, viewer=viewer, person_id=chosen, data=data, now=now),
        ui.t("org.people.saved"),
        "people",
    )


def _account(viewer: Viewer, person_id: int, active: bool) -> None:
    st.markdown(f"**{ui.t('org.people.account')}**")
    if active:
        st.caption(ui.t("org.people.link_help"))
        left, right = st.columns(2)
        left.button(
            ui.t("accounts.issue.set"),
            key="org.people.link_set",
            on_click=ui.acting(_link),
            args=(viewer, person_id, "set"),
            icon=":material/key:",
        )
        right.button(
            ui.t("accounts.issue.reset"),
            key="org.people.link_reset",
            on_click=ui.acting(_link),
            args=(viewer, person_id, "reset"),
            icon=":material/lock_reset:",
        )
        shown = st.session_state.get(LINK)
        if shown and shown[0] == person_id:
            delivery = shown[1]
            if delivery.mail_failed:
                st.warning(ui.t("accounts.delivery.mail_failed"))
            elif delivery.emailed:
                st.success(ui.t("accounts.delivery.emailed"))
            else:
                until = i18n.moment_text(delivery.expires_at, ui.lang(), ui.zone())
                st.info(ui.t("accounts.delivery.copy", until=until))
            st.code(delivery.link, language=None, wrap_lines=True)
        confirm = st.checkbox(ui.t("org.people.retire_confirm"), key=f"org.people.rc.{person_id}")
        st.button(
            ui.t("org.people.retire"),
            key="org.people.retire",
            disabled=not confirm,
            on_click=ui.acting(
                lambda: run(
                    lambda s: svc.retire_person(
                        s, viewer=viewer, person_id=person_id, now=timesource.now()
                    ),
                    ui.t("org.people.retired_done"),
                    "people",
                )
            ),
            icon=":material/person_off:",
        )
    else:
        st.info(ui.t("org.people.is_retired"))
        st.button(
            ui.t("org.people.reactivate"),
            key="org.people.reactivate",
            on_click=ui.acting(
                lambda: run(
                    lambda s: svc.reactivate_person(
                        s, viewer=viewer, person_id=person_id, now=timesource.now()
                    ),
                    ui.t("org.people.reactivated"),
                    "people",
                )
            ),
            icon=":material/person_check:",
        )


def _link(viewer: Viewer, person_id: int, purpose: str) -> None:
    st.session_state.pop(LINK, None)
    try:
        with db.write_session(ui.engine()) as session:
            delivery = accounts.issue_and_deliver(
                session, viewer=viewer, person_id=person_id, now=timesource.now(), purpose=purpose
            )
    except accounts.AccountError as error:
        ui.flash("error", i18n.t(f"error.{error.code}", ui.lang(), **error.params), "people")
        return
    except AccessDenied:
        ui.flash("error", ui.t("common.access_denied"), "people")
        return
    # Only in the admin's own session, to be copied; gone when another person is chosen.
    st.session_state[LINK] = (person_id, delivery)
