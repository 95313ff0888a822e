"""Shared fixtures: where the repository's test data lives; compiled translations."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (the directory holding pyproject.toml)."""
    return ROOT


@pytest.fixture(scope="session")
def seed_file() -> Callable[[str], Path]:
    """seed_file("000") → the path of tests/data/seeds/000_*.txt."""

    def find(prefix: str) -> Path:
        (path,) = (ROOT / "tests" / "data" / "seeds").glob(f"{prefix}_*.txt")
        return path

    return find


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """Compile cchc/locale/*/LC_MESSAGES/*.po into the .mo Django reads when it is missing or
    older than the .po (as `make install` does), so the suite sees the committed Vietnamese."""
    for po in sorted((ROOT / "cchc" / "locale").glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        # xdist workers may compile at once: each writes its own file, then an atomic rename.
        tmp = mo.with_name(f".{mo.name}.{os.getpid()}.tmp")
        msgfmt = shutil.which("msgfmt")
        if msgfmt:
            subprocess.run([msgfmt, "--check-format", "-o", str(tmp), str(po)], check=True, timeout=120)
        else:
            import polib

            polib.pofile(str(po)).save_as_mofile(str(tmp))
        os.replace(tmp, mo)
    # Django has loaded the default language's catalogue during set-up, perhaps before this
    # process or another one wrote the .mo: forget it (and the stdlib's cache of .mo files),
    # the next gettext() reads the file again.
    import gettext

    from django.test.signals import language_changed

    getattr(gettext, "_translations", {}).clear()
    language_changed(setting="LOCALE_PATHS")


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    # Factories set a password for every user; Django's default hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Every deadline, "due soon" and reminder reads cchc.clock.today(): the suite runs on a fixed
# day (a Wednesday), never on the machine's date.
FIXED_TODAY = __import__("datetime").date(2026, 4, 15)


@pytest.fixture(autouse=True)
def fixed_today(settings):
    """settings.CCHC_TODAY = 15/04/2026 for every test; override it in a test to move the clock."""
    settings.CCHC_TODAY = FIXED_TODAY
    return FIXED_TODAY
