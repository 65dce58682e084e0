"""Production settings take everything from the environment and refuse to start without it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 60 + "-not-a-real-key",
    "DATABASE_URL": "postgres://pedagog:hemligt@db.example.se:5432/pedagogsajten",
    "ALLOWED_HOSTS": "pedagogsajten.se,www.pedagogsajten.se",
    "BASE_URL": "https://pedagogsajten.se",
    "EMAIL_HOST": "smtp.example.se",
}


def manage(*arguments, env):
    clean_env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    clean_env.update(env, DJANGO_SETTINGS_MODULE="pedagogsajten.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Pedagogsajten kan inte starta: dessa miljövariabler saknas" in result.stderr
    assert f"  {missing}:" in result.stderr
    assert all(f"  {name}:" not in result.stderr for name in env)  # only the missing one is named


def test_production_refuses_a_database_other_than_postgresql():
    result = manage("check", env={**PRODUCTION_ENV, "DATABASE_URL": "sqlite:///db.sqlite3"})
    assert result.returncode != 0
    assert "DATABASE_URL måste peka på PostgreSQL" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
