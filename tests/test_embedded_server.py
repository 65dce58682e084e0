"""The embedded PostgreSQL server's own settings (site/embedded_db.py): a new data folder and a
restarted one both run with the page cache chosen by EMBEDDED_PG_SHARED_BUFFERS, and a value
PostgreSQL could not read is refused in Swedish before anything starts."""

import psycopg
import pytest

from pedagogsajten import embedded_db


@pytest.fixture
def own_server(tmp_path, monkeypatch):
    """A server of its own in a new data folder, stopped afterwards (the suite's server is not
    touched: the folder decides which server)."""
    monkeypatch.setenv("EMBEDDED_PG_DIR", str(tmp_path / "pgdata"))
    yield
    embedded_db.stop()


def running_setting(name: str) -> str:
    host = embedded_db.ensure_running()["HOST"]
    with psycopg.connect(dbname="postgres", user="postgres", host=host) as connection:
        return connection.execute(f"SHOW {name}").fetchone()[0]


def test_a_new_data_folder_starts_with_the_chosen_page_cache(own_server, monkeypatch):
    monkeypatch.setenv("EMBEDDED_PG_SHARED_BUFFERS", "192MB")

    assert running_setting("shared_buffers") == "192MB"


def test_a_restart_applies_a_changed_page_cache(own_server, monkeypatch):
    monkeypatch.setenv("EMBEDDED_PG_SHARED_BUFFERS", "192MB")
    assert running_setting("shared_buffers") == "192MB"
    embedded_db.stop()

    monkeypatch.setenv("EMBEDDED_PG_SHARED_BUFFERS", "160MB")

    assert running_setting("shared_buffers") == "160MB"


def test_without_a_choice_a_quarter_of_memory_within_bounds(monkeypatch):
    monkeypatch.delenv("EMBEDDED_PG_SHARED_BUFFERS", raising=False)
    machine = {"SC_PAGE_SIZE": 4096, "SC_PHYS_PAGES": 0}
    monkeypatch.setattr(embedded_db.os, "sysconf", machine.__getitem__)
    for memory_mb, expected in [(256, "128MB"), (2048, "512MB"), (24 * 1024, "1024MB")]:
        machine["SC_PHYS_PAGES"] = memory_mb * 1024 * 1024 // machine["SC_PAGE_SIZE"]
        assert embedded_db.shared_buffers() == expected


@pytest.mark.parametrize("value", ["lots", "512", "-1GB", "1TB; fsync = off"])
def test_a_value_postgresql_cannot_read_is_refused_before_starting(value, tmp_path, monkeypatch):
    monkeypatch.setenv("EMBEDDED_PG_DIR", str(tmp_path / "pgdata"))
    monkeypatch.setenv("EMBEDDED_PG_SHARED_BUFFERS", value)

    with pytest.raises(SystemExit, match="ange ett heltal med kB, MB eller GB"):
        embedded_db.ensure_running()
    assert not (tmp_path / "pgdata").exists()
