"""Shared fixtures: where the repository's test data lives."""

from __future__ import annotations

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
