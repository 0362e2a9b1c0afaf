"""Command line for operators (A5): migrate, create an admin, load the demo organisation.

python -m model.cli migrate
python -m model.cli create-admin --email ADDRESS --name NAME [--organisation NAME]
python -m model.cli load-demo [--seed N]
python -m model.cli setup          # migrate, load the demo if MERKITYS_LOAD_DEMO=1 and empty,
                                   # then release every round that has closed
python -m model.cli import-roster PATH [--dry-run]   # people, units and teams from xlsx/csv
python -m model.cli purge [--dry-run]                # remove answers past the retention period

Exit codes: 0 done (or valid, for a dry run), 1 refused (the report is on standard output).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence

from sqlmodel import select

from model import audit, auth, db, demo, i18n, people, release, settings, text, timesource
from model.tables import Organisation, Person, Role, RoleGrant

NAME_MAX = 200  # person.display_name and organisation.name


def _migrate(url: str) -> None:
    db.migrate(url)
    print("database migrated to the latest schema")


def _load_demo(url: str, seed: int, *, only_if_empty: bool) -> None:
    engine = db.make_engine(url)
    with db.write_session(engine) as session:
        if not demo.is_empty(session):
            if only_if_empty:
                print("database already holds an organisation: demo not loaded")
                return
            sys.exit("refusing to load the demo into a database that already holds data")
        counts = demo.load_demo(session, seed=seed, now=timesource.now())
    print("demo organisation loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def _release_due(url: str) -> None:
    """Release every round that has closed since the app last ran (model.release)."""
    engine = db.make_engine(url)
    with db.write_session(engine) as session:
        released = [
            rid
            for org_id in session.exec(select(Organisation.id)).all()
            for rid in release.release_due(session, org_id, now=timesource.now())
        ]
    if released:
        print(f"released {len(released)} closed round(s)")


def _create_admin(
    url: str,
    email: str,
    name: str,
    organisation: str | None,
    password: str,
    time_zone: str | None = None,
) -> None:
    name, organisation = text.line(name), text.line(organisation)
    if not name or len(name) > NAME_MAX or len(organisation) > NAME_MAX:
        sys.exit(f"a name must have 1 to {NAME_MAX} characters")
    problem = auth.password_problem(password, personal=(email, name))
    if problem is not None:
        limits = {"min": auth.MIN_PASSWORD_LENGTH, "max": auth.MAX_PASSWORD_LENGTH}
        sys.exit(i18n.t(f"error.{problem}", "en", **limits))
    engine = db.make_engine(url)
    with db.write_session(engine) as session:
        email = auth.normalise_email(email)
        if session.exec(select(Person).where(Person.email == email)).first():
            sys.exit("a person with this e-mail already exists")
        org = session.exec(select(Organisation)).first()
        if org is not None and time_zone not in (None, org.time_zone):
            sys.exit(f"the organisation exists already, in time zone {org.time_zone}")
        if org is None:
            if not organisation:
                sys.exit("the database has no organisation yet: pass --organisation NAME")
            time_zone = time_zone or timesource.DEFAULT_ZONE
            if not timesource.is_zone(time_zone):
                sys.exit(
                    f"unknown time zone {time_zone!r}: use an IANA name such as Europe/Helsinki"
                )
            org = Organisation(name=organisation, time_zone=time_zone)
            session.add(org)
            session.flush()
            people.root_unit(session, org.id)  # the top of the tree the admin builds on
        person = Person(
            organisation_id=org.id,
            email=email,
            display_name=name,
            password_hash=auth.hash_password(password),
        )
        session.add(person)
        session.flush()
        session.add(RoleGrant(person_id=person.id, role=Role.admin))
        audit.record(
            session,
            event="role_granted",
            actor_id=None,
            subject_id=person.id,
            detail={"role": "admin"},
        )
    print(f"admin created (person id {person.id})")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m model.cli",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="create or upgrade the schema")
    admin = sub.add_parser("create-admin", help="create an admin account (asks the password)")
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", required=True)
    admin.add_argument("--organisation", help="name of the organisation if none exists yet")
    admin.add_argument(
        "--time-zone",
        help="the new organisation's time zone, in which times are shown "
        f"(default {timesource.DEFAULT_ZONE})",
    )
    admin.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input instead of asking",
    )
    load = sub.add_parser("load-demo", help="load the demo organisation into an empty database")
    load.add_argument("--seed", type=int, default=None)
    sub.add_parser(
        "setup", help="migrate, then load the demo when enabled and the database is empty"
    )
    roster_cmd = sub.add_parser(
        "import-roster", help="add, change and retire people from an .xlsx or .csv roster"
    )
    roster_cmd.add_argument("path")
    roster_cmd.add_argument(
        "--dry-run", action="store_true", help="validate and show the changes, write nothing"
    )
    purge_cmd = sub.add_parser("purge", help="remove individual answers past the retention period")
    purge_cmd.add_argument(
        "--dry-run", action="store_true", help="count what would be removed, remove nothing"
    )
    args = parser.parse_args(argv)

    url = settings.database_url()
    seed = settings.get_int("MERKITYS_DEMO_SEED")
    if args.command == "migrate":
        _migrate(url)
    elif args.command == "create-admin":
        from model import production

        production.check_or_exit(url)
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass(
                f"Password (at least {auth.MIN_PASSWORD_LENGTH} characters): "
            )
        if production.is_production() and production.is_placeholder(password):
            sys.exit("refusing a placeholder or demo password in production mode")
        try:
            _create_admin(url, args.email, args.name, args.organisation, password, args.time_zone)
        except ValueError as error:
            sys.exit(str(error))
    elif args.command == "load-demo":
        from model import production

        if production.is_production():
            sys.exit("refusing to load the demo in production mode (MERKITYS_ENV=production)")
        _load_demo(url, args.seed if args.seed is not None else seed, only_if_empty=False)
    elif args.command == "setup":
        from model import production

        production.check_or_exit(None)  # the configuration first: nothing migrated or loaded
        _migrate(url)
        if settings.get("MERKITYS_LOAD_DEMO") == "1" and not production.is_production():
            _load_demo(url, seed, only_if_empty=True)
        production.check_or_exit(url)  # then the data: no demo accounts
        _release_due(url)
    elif args.command == "import-roster":
        from model import roster

        sys.exit(roster.run_cli(url, args.path, dry_run=args.dry_run))
    elif args.command == "purge":
        from model import retention

        sys.exit(retention.run_cli(url, dry_run=args.dry_run))


if __name__ == "__main__":
    main()
