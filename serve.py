"""The server: the Streamlit app (``app.py``) with the routes and middleware that carry a
sign-in in an HttpOnly cookie (``model.web``). Start it with ``streamlit run serve.py``."""

import streamlit as st
from starlette.middleware import Middleware

from model import web

app = st.App("app.py", routes=web.routes(), middleware=[Middleware(web.DeviceCookie)])
