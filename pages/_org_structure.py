"""Organisation page, Structure tab: the tree of units and teams, and changing it (A1)."""

from __future__ import annotations

import streamlit as st

from model import db, i18n, timesource
from model import people as svc
from model.tables import UnitKind
from model.viewer import AccessDenied, Viewer
from pages import _shared as ui

SELECTED = "org.structure.unit"
PARENT, KIND, NAME = "org.structure.parent", "org.structure.kind", "org.structure.name"
NEW_NAME, MOVE_TO = "org.structure.new_name", "org.structure.move_to"
SHOW_RETIRED = "org.structure.retired"


def run(call, success: str, slot: str = "structure") -> bool:
    """Run a change in one write session; the outcome shows on the next run."""
    try:
        with db.write_session(ui.engine()) as session:
            call(session)
    except svc.PersonError as error:
        ui.flash("error", i18n.t(f"people.error.{error.code}", ui.lang(), **error.params), slot)
    except AccessDenied:
        ui.flash("error", ui.t("common.access_denied"), slot)
    else:
        ui.flash("success", success, slot)
        return True
    return False


def _label(row) -> str:
    kind = ui.t(f"org.kind.{row.kind}")
    return f"{row.path or row.name} · {kind}"


def render(viewer: Viewer) -> None:
    show_retired = st.toggle(ui.t("org.structure.show_retired"), key=SHOW_RETIRED)
    with db.read_session(ui.engine()) as session:
        tree = svc.structure(session, viewer=viewer, include_retired=show_retired)
    shown = tree.assign(
        name=[
            ("\u2003" * max(d - 1, 0)) + n for d, n in zip(tree["depth"], tree["name"], strict=True)
        ],
        kind=[ui.t(f"org.kind.{k}") for k in tree["kind"]],
        active=[ui.t("org.active" if a else "org.retired") for a in tree["active"]],
    )[["name", "kind", "people", "active"]]
    st.dataframe(
        shown.rename(columns={c: ui.t(f"org.structure.col.{c}") for c in shown.columns}),
        hide_index=True,
        width="stretch",
        height=min(420, 38 + 35 * len(shown)),
    )
    active = tree[tree["active"]]
    parents = active[active["kind"] != UnitKind.team]
    parent_labels = {
        int(r.id): (r.name if r.kind == UnitKind.organisation else _label(r))
        for r in parents.itertuples()
    }

    st.markdown(f"**{ui.t('org.structure.add_title')}**")
    with st.form("org.structure.add", border=True):
        st.text_input(ui.t("org.structure.name"), key=NAME, max_chars=svc.NAME_MAX)
        left, right = st.columns(2)
        with left:
            ui.pick(
                st.radio,
                ui.t("org.structure.kind"),
                options=[str(UnitKind.unit), str(UnitKind.team)],
                format_func=lambda k: ui.t(f"org.kind.{k}"),
                key=KIND,
                horizontal=True,
                index=1,
            )
        with right:
            ui.pick(
                st.selectbox,
                ui.t("org.structure.parent"),
                options=list(parent_labels),
                format_func=parent_labels.get,
                key=PARENT,
                index=0 if parent_labels else None,
            )
        st.form_submit_button(
            ui.t("org.structure.add"), type="primary", on_click=ui.acting(_add), args=(viewer,)
        )
    ui.show_flash("structure.add")

    st.markdown(f"**{ui.t('org.structure.change_title')}**")
    choices = tree[tree["kind"] != UnitKind.organisation]
    labels = {
        int(r.id): _label(r) + ("" if r.active else f" ({ui.t('org.retired')})")
        for r in choices.itertuples()
    }
    unit_id = ui.pick(
        st.selectbox,
        ui.t("org.structure.unit"),
        options=list(labels),
        format_func=labels.get,
        key=SELECTED,
        index=None,
        placeholder=ui.t("org.structure.unit_placeholder"),
    )
    if unit_id is None:
        ui.show_flash("structure")
        return
    row = tree[tree["id"] == unit_id].iloc[0]
    if not row["active"]:
        st.info(ui.t("org.structure.is_retired"))
        st.button(
            ui.t("org.structure.restore"),
            key="org.structure.restore",
            on_click=ui.acting(
                lambda: run(
                    lambda s: svc.restore_unit(s, viewer=viewer, unit_id=unit_id),
                    ui.t("org.structure.restored"),
                )
            ),
            icon=":material/restore:",
        )
        ui.show_flash("structure")
        return
    rename, move = st.columns(2)
    with rename:
        st.text_input(
            ui.t("org.structure.new_name"),
            value=row["name"],
            key=f"{NEW_NAME}.{unit_id}",
            max_chars=svc.NAME_MAX,
        )
        st.button(
            ui.t("org.structure.rename"),
            key="org.structure.rename",
            on_click=ui.acting(_rename),
            args=(viewer, unit_id),
            icon=":material/edit:",
        )
    with move:
        targets = {k: v for k, v in parent_labels.items() if k != unit_id}
        ui.pick(
            st.selectbox,
            ui.t("org.structure.move_to"),
            options=list(targets),
            format_func=targets.get,
            key=f"{MOVE_TO}.{unit_id}",
            index=list(targets).index(row["parent_id"]) if row["parent_id"] in targets else None,
        )
        st.button(
            ui.t("org.structure.move"),
            key="org.structure.move",
            on_click=ui.acting(_move),
            args=(viewer, unit_id),
            icon=":material/drive_file_move:",
        )
    st.caption(ui.t("org.structure.retire_help", people=int(row["people"])))
    st.button(
        ui.t("org.structure.retire"),
        key="org.structure.retire",
        on_click=ui.acting(
            lambda: run(
                lambda s: svc.retire_unit(s, viewer=viewer, unit_id=unit_id, now=timesource.now()),
                ui.t("org.structure.retired_done"),
            )
        ),
        icon=":material/archive:",
    )
    ui.show_flash("structure")


def _add(viewer: Viewer) -> None:
    name, kind, parent = st.session_state.get(NAME, ""), ui.value(KIND), ui.value(PARENT)
    if run(
        lambda s: svc.create_unit(
            s, viewer=viewer, name=name, parent_id=parent, kind=kind, now=timesource.now()
        ),
        ui.t("org.structure.added"),
        "structure.add",
    ):
        st.session_state[NAME] = ""


def _rename(viewer: Viewer, unit_id: int) -> None:
    name = st.session_state.get(f"{NEW_NAME}.{unit_id}", "")
    run(
        lambda s: svc.rename_unit(s, viewer=viewer, unit_id=unit_id, name=name),
        ui.t("org.structure.renamed"),
    )


def _move(viewer: Viewer, unit_id: int) -> None:
    target = ui.value(f"{MOVE_TO}.{unit_id}")
    run(
        lambda s: svc.move_unit(s, viewer=viewer, unit_id=unit_id, parent_id=target),
        ui.t("org.structure.moved"),
    )
