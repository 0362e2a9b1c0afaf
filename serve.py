"""The server: the Streamlit app (``app.py``) with the routes and middleware that carry a
sign-in in an HttpOnly cookie (``model.web``). Start it with ``streamlit run serve.py``.

Before serving, every module the pages use is imported and the objects they made are frozen
(``gc.freeze``): Python's collector then never walks those ~220,000 long-lived objects again. A
full collection with them costs about 100 ms of CPU; live pages (a workshop's screen and phones
polling every second or two) rerun a fragment often enough to make that the server's main work
(tests/bench/bench_workshop.py measures it). Streamlit's own collection after each script run is
off in ``.streamlit/config.toml`` (``runner.postScriptGC``).
"""

import gc
import importlib
import logging
import pkgutil

import streamlit as st
from starlette.middleware import Middleware

import exports
import model
from model import web

# The data loaders and the command line are never used by the server.
NOT_SERVED = {"model.cli", "model.demo", "model.demo_discussions", "model.demo_workshops"}


def import_served_modules() -> list[str]:
    """Import every module of ``model`` and ``exports`` the server may use (with pandas,
    Altair, SQLModel, openpyxl… they pull in); their names."""
    names = [
        info.name
        for package in (model, exports)
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}.")
        if info.name not in NOT_SERVED
    ]
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # the page that imports it shows the error; the others still work
            logging.getLogger("merkitys.serve").exception("could not import %s", name)
    return names


import_served_modules()
gc.freeze()

app = st.App("app.py", routes=web.routes(), middleware=[Middleware(web.DeviceCookie)])
