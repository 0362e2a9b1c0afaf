"""Run a Python module as if it were MERKITYS_TEST_NOW: ``python -m tests.at_moment MODULE ARGS``.

The end-to-end tests start the demo loader and ``streamlit run`` through this, so the server's
clock agrees with the test process when the suite is run as if it were another day. Without
MERKITYS_TEST_NOW it runs the module at the real time.
"""

from __future__ import annotations

import runpy
import sys

import time_machine

from tests.conftest import suite_now


def main() -> None:
    module, sys.argv = sys.argv[1], sys.argv[1:]
    moment = suite_now()
    if moment is not None:
        time_machine.travel(moment, tick=True).start()
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
