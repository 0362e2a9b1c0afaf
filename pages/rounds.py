"""Rounds and the annual clock (F1) — being built."""

import streamlit as st

from pages import _shared as ui

ui.require_viewer()
st.title(ui.t("nav.rounds"))
