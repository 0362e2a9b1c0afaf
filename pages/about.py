"""What Merkitys is for, how the method works, and how personal data is handled."""

import streamlit as st

from model.framework import default_framework
from pages import _shared as ui

fw = default_framework()
lang = ui.lang()
st.title(ui.t("about.title"))
st.subheader(ui.t("about.purpose_title"))
st.write(ui.t("privacy.purpose"))
st.subheader(ui.t("about.method_title"))
st.write(ui.t("about.method"))
for quadrant in fw.quadrants:
    st.markdown(f"**{ui.md_escape(quadrant.title.get(lang))}**")
    for f in quadrant.fields:
        st.markdown(f"- **{ui.md_escape(f.label.get(lang))}** — {ui.md_escape(f.help.get(lang))}")
st.subheader(ui.t("about.privacy_title"))
st.write(ui.t("privacy.notice"))
st.caption(ui.md_escape(fw.source.get(lang)))
