"""Settings from the environment: strict helpers, DATABASE_URL, production refusals, .env.example."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cchc.env import database_from_url, env_bool, env_int, env_secret

ROOT = Path(__file__).resolve().parent.parent
SQLITE_DEFAULT = Path("/srv/cchc/var/cchc.sqlite3")


def import_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -c "import cchc.settings"` in a clean environment plus `env`."""
    base = {k: v for k, v in os.environ.items() if not _is_cchc_setting(k)}
    base.update({"CCHC_VAR_DIR": str(tmp_path / "var"), "PYTHONIOENCODING": "utf-8"}, **env)
    return subprocess.run(
        [sys.executable, "-c", "import cchc.settings as s; print(s.DATABASES['default']['ENGINE'])"],
        env=base,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _is_cchc_setting(name: str) -> bool:
    return name in _documented_variables() or name.startswith(("SECRET_KEY", "EMAIL_", "DJANGO_"))


def _documented_variables() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, re.M))


# --- production refusals -------------------------------------------------------------


def test_production_without_secret_key_stops_with_a_clear_message(tmp_path: Path) -> None:
    result = import_settings(tmp_path, CCHC_MODE="production", ALLOWED_HOSTS="cchc.example.gov.vn")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr
    assert "SECRET_KEY_FILE" in result.stderr  # says how to fix it


def test_production_without_allowed_hosts_stops(tmp_path: Path) -> None:
    result = import_settings(tmp_path, CCHC_MODE="production", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_with_secret_from_file_starts(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("s" * 50 + "\n", encoding="utf-8")
    result = import_settings(
        tmp_path, CCHC_MODE="production", SECRET_KEY_FILE=str(secret), ALLOWED_HOSTS="cchc.example.gov.vn"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_development_needs_nothing(tmp_path: Path) -> None:
    result = import_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "var").is_dir()  # created so a fresh clone runs


def test_unknown_mode_is_refused(tmp_path: Path) -> None:
    result = import_settings(tmp_path, CCHC_MODE="prod")
    assert result.returncode != 0
    assert "CCHC_MODE must be development or production" in result.stderr


def test_typo_in_a_boolean_stops_start_up(tmp_path: Path) -> None:
    result = import_settings(tmp_path, DEBUG="ture")
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'ture'" in result.stderr


def test_database_url_switches_to_postgresql(tmp_path: Path) -> None:
    result = import_settings(tmp_path, DATABASE_URL="postgres://u:p@db.example:5432/cchc")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


# --- helpers -------------------------------------------------------------------------


def test_env_bool_rejects_ture(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_TEST_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match=r"CCHC_TEST_FLAG must be true or false, not 'ture'"):
        env_bool("CCHC_TEST_FLAG")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), (" on ", True), ("0", False), ("false", False), ("", False)],
)
def test_env_bool_words(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("CCHC_TEST_FLAG", raw)
    assert env_bool("CCHC_TEST_FLAG", default=not expected) is expected


def test_env_bool_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CCHC_TEST_FLAG", raising=False)
    assert env_bool("CCHC_TEST_FLAG", default=True) is True


def test_env_int_rejects_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_TEST_INT", "twenty")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("CCHC_TEST_INT", 20)
    monkeypatch.setenv("CCHC_TEST_INT", "")
    assert env_int("CCHC_TEST_INT", 20) == 20


def test_env_secret_prefers_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "s").write_text("from-file\n", encoding="utf-8")
    monkeypatch.setenv("CCHC_TEST_SECRET", "from-env")
    monkeypatch.setenv("CCHC_TEST_SECRET_FILE", str(tmp_path / "s"))
    assert env_secret("CCHC_TEST_SECRET") == "from-file"


def test_database_url_postgres() -> None:
    db = database_from_url("postgres://cchc:p%40ss@db.example:6543/cchc_prod", sqlite_default=SQLITE_DEFAULT)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "cchc_prod",
        "cchc",
        "p@ss",
        "db.example",
        "6543",
    )
    assert database_from_url("postgresql://h/x", sqlite_default=SQLITE_DEFAULT)["PORT"] == ""


def test_database_url_sqlite_with_path_and_wal() -> None:
    db = database_from_url("sqlite:////data/cchc/db.sqlite3", sqlite_default=SQLITE_DEFAULT)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == "/data/cchc/db.sqlite3"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_database_url_empty_is_sqlite_under_var() -> None:
    assert database_from_url("", sqlite_default=SQLITE_DEFAULT)["NAME"] == str(SQLITE_DEFAULT)
    assert database_from_url("sqlite://", sqlite_default=SQLITE_DEFAULT)["NAME"] == str(SQLITE_DEFAULT)


def test_database_url_unknown_scheme() -> None:
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        database_from_url("mysql://u@h/db", sqlite_default=SQLITE_DEFAULT)


def test_env_example_documents_every_variable_settings_reads() -> None:
    source = (ROOT / "cchc" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r"env_(?:str|bool|int|secret)\(\s*\"([A-Z0-9_]+)\"", source))
    assert read, "settings.py reads no variable?"
    documented = _documented_variables()
    assert read - documented == set(), "add these to .env.example"
    assert "SECRET_KEY_FILE" in documented
