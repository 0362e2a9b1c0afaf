"""Several app replicas on one PostgreSQL behind nginx (deploy/README.md).

    python -m deploy.replicas render --listen 80 --replica 127.0.0.1:8501 \\
        --replica 127.0.0.1:8502 --log-dir /var/log/nginx > /etc/nginx/sites-available/merkitys
    python -m deploy.replicas run --database-url postgresql+psycopg://postgres@127.0.0.1/merkitys

``render`` fills in ``deploy/nginx/merkitys.conf`` for a real server. ``run`` tries the whole
recipe on this machine: ``model.cli setup``, two replicas on 127.0.0.1 and Debian's nginx with its
own configuration in a temporary folder (never the system's nginx), until Ctrl-C.
``tests/e2e/test_replicas.py`` builds on the same functions.
"""

from __future__ import annotations

import argparse
import grp
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SITE_TEMPLATE = HERE / "nginx" / "merkitys.conf"
LOCAL_TEMPLATE = HERE / "nginx" / "local.conf"
# One failed connection takes a replica out of the rotation for this long.
SERVER_OPTIONS = "max_fails=1 fail_timeout=10s"


def site_conf(listen: str, replicas: Sequence[str], log_dir: str | Path) -> str:
    """``deploy/nginx/merkitys.conf`` for nginx listening at ``listen`` (``80``,
    ``127.0.0.1:8080``) in front of ``replicas`` (``host:port`` each)."""
    if not replicas:
        raise ValueError("at least one replica")
    servers = "\n".join(f"    server {r} {SERVER_OPTIONS};" for r in replicas)
    text = SITE_TEMPLATE.read_text(encoding="utf-8")
    for name, value in (("@LISTEN@", listen), ("@SERVERS@", servers), ("@LOG_DIR@", log_dir)):
        text = text.replace(name, str(value))
    return text


def _user_line() -> str:
    """Workers started by root need an existing user (nginx's default group ``nobody`` does not
    exist on Debian): Debian's nginx user, www-data."""
    if os.geteuid() != 0:
        return ""
    for name in ("www-data", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return f"user {name} {grp.getgrgid(entry.pw_gid).gr_name};"
    return "user root;"


def write_local(prefix: Path, listen: str, replicas: Sequence[str]) -> Path:
    """Write a whole nginx configuration into ``prefix`` (which must exist) around the site
    configuration, with its pid, logs and temporary files there too; return its path."""
    prefix.chmod(0o755)  # workers run as another user when nginx is started by root
    (prefix / "merkitys.conf").write_text(site_conf(listen, replicas, prefix), encoding="utf-8")
    text = LOCAL_TEMPLATE.read_text(encoding="utf-8").replace("@USER@", _user_line())
    conf = prefix / "nginx.conf"
    conf.write_text(text.replace("@PREFIX@", str(prefix)), encoding="utf-8")
    return conf


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        raise RuntimeError("nginx is missing: `make nginx` installs Debian's package")
    return found


def nginx_command(prefix: Path) -> list[str]:
    """nginx in the foreground with everything in ``prefix``; ``-e`` keeps it from opening the
    system's error log before it reads the configuration."""
    conf = prefix / "nginx.conf"
    return [nginx_binary(), "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]


def replica_env(
    database_url: str,
    public_url: str,
    cookie_secret: str,
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment of every replica: one database, the public address, the proxy's client
    address header, and one Streamlit cookie secret for all (single sign-on cookies are signed
    with it, and any replica may be the one that reads them)."""
    return {
        **(os.environ if base is None else base),
        "DATABASE_URL": database_url,
        "MERKITYS_BASE_URL": public_url,
        "MERKITYS_PROXY_HEADER": "X-Forwarded-For",
        "MERKITYS_PROXY_HOPS": "1",
        "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret,
    }


def replica_command(port: int, launcher: Sequence[str] = (sys.executable, "-m")) -> list[str]:
    """One replica on 127.0.0.1 only: nobody reaches it, its metrics included, but through
    nginx. ``launcher`` runs a module (the tests pass their ``tests.at_moment``)."""
    return [
        *launcher,
        "streamlit",
        "run",
        "serve.py",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
    ]


def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Return once ``url`` answers 200; raise if ``proc`` stopped or ``timeout`` passed."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} stopped (exit {proc.returncode})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"no answer from {url} in {timeout:.0f} s")
        time.sleep(0.3)


def stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    """End one process we started: politely, then for sure."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)


def run(database_url: str, port: int, replica_ports: Sequence[int]) -> int:
    """The recipe on this machine until Ctrl-C: setup, replicas, nginx on 127.0.0.1:``port``."""
    public = f"http://127.0.0.1:{port}"
    secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_urlsafe(32)
    env = replica_env(database_url, public, secret)
    subprocess.run([sys.executable, "-m", "model.cli", "setup"], cwd=ROOT, env=env, check=True)
    prefix = Path(tempfile.mkdtemp(prefix="merkitys-nginx-"))
    replicas = [f"127.0.0.1:{p}" for p in replica_ports]
    write_local(prefix, f"127.0.0.1:{port}", replicas)
    procs: list[subprocess.Popen] = []
    try:
        for p in replica_ports:
            procs.append(subprocess.Popen(replica_command(p), cwd=ROOT, env=env))
        for p, proc in zip(replica_ports, procs, strict=True):
            wait_ready(f"http://127.0.0.1:{p}/_stcore/health", proc)
        nginx = subprocess.Popen(nginx_command(prefix), cwd=prefix)
        procs.append(nginx)
        wait_ready(f"{public}/_stcore/health", nginx)
        print(f"Merkitys on {public} (replicas {', '.join(replicas)}; nginx in {prefix})")
        print("Ctrl-C stops everything.")
        while all(proc.poll() is None for proc in procs):
            time.sleep(1)
        print("A process stopped: stopping the others.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for proc in reversed(procs):
            stop(proc)
        shutil.rmtree(prefix, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.replicas", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    render = commands.add_parser("render", help="print deploy/nginx/merkitys.conf filled in")
    render.add_argument("--listen", default="80")
    render.add_argument("--replica", action="append", default=[], help="host:port (repeat)")
    render.add_argument("--log-dir", default="/var/log/nginx")
    local = commands.add_parser("run", help="the whole recipe on 127.0.0.1 until Ctrl-C")
    local.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    local.add_argument("--port", type=int, default=8080)
    local.add_argument("--replica-port", type=int, action="append", default=[])
    args = parser.parse_args(argv)
    if args.command == "render":
        replicas = args.replica or ["127.0.0.1:8501", "127.0.0.1:8502"]
        sys.stdout.write(site_conf(args.listen, replicas, args.log_dir))
        return 0
    if not args.database_url.startswith(("postgresql", "postgres:")):
        parser.error("--database-url (or DATABASE_URL): PostgreSQL; SQLite serves one process")
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop like Ctrl-C, cleaning up
    return run(args.database_url, args.port, args.replica_port or [8501, 8502])


if __name__ == "__main__":
    sys.exit(main())
