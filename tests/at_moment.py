"""Run a Python module on the suite's timeline: ``python -m tests.at_moment MODULE ARGS``.

The end-to-end tests start the demo loader and ``streamlit run`` through this. When the suite
runs as if it were MERKITYS_TEST_NOW, the child's clock reads that moment plus the real time
passed since the suite started, the same timeline the test process keeps for end-to-end tests,
so the demo is never dated after the server's "now". Without it, the module runs at real time.
"""

from __future__ import annotations

import datetime as dt
import os
import runpy
import sys
import time

import time_machine

from tests.conftest import REAL_START, suite_now


def main() -> None:
    module, sys.argv = sys.argv[1], sys.argv[1:]
    moment = suite_now()
    if moment is not None:
        started = float(os.environ.get(REAL_START) or time.time())
        since = dt.timedelta(seconds=time.time() - started)
        time_machine.travel(moment + since, tick=True).start()
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
