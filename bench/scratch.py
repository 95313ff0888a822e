"""A scratch PostgreSQL database for a benchmark: created, handed over, dropped.

Benchmarks run Django against it (DATABASE_URL is set by the caller from the URL given);
the database is dropped afterwards, even on error, unless `keep` is set.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlparse, urlunparse


class ScratchUnavailable(Exception):
    """PostgreSQL is unreachable or the role may not create databases; the message says which."""


@contextmanager
def scratch_postgres(url: str, *, prefix: str, keep: bool = False) -> Iterator[str]:
    """Create database `<prefix>_<pid>` on the server of `url`, yield its URL, drop it."""
    import psycopg

    scratch = f"{prefix}_{os.getpid()}"
    try:
        admin = psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        raise ScratchUnavailable(
            f"Không kết nối được PostgreSQL: {str(exc).strip().splitlines()[0]}"
        ) from None
    try:
        admin.execute(f'CREATE DATABASE "{scratch}"')
    except psycopg.Error as exc:
        admin.close()
        raise ScratchUnavailable(f"Không tạo được CSDL tạm {scratch} (vai trò cần CREATEDB): {exc}") from None
    print(f"CSDL tạm / scratch database: {scratch} (PostgreSQL)", flush=True)
    try:
        yield urlunparse(urlparse(url)._replace(path=f"/{scratch}"))
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if keep:
            print(f"Giữ lại CSDL tạm / kept: {scratch}")
        else:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
            print(f"Đã xóa CSDL tạm / dropped {scratch}")
        admin.close()
