"""Subcommands of `cchc` that need Django (serve, demo, worker, migrate, tree, remind, manage).

Importing this package does not import Django: `cchc parse` stays fast. Each handler
calls `setup_django()` first.
"""

from __future__ import annotations

import argparse
import os


def setup_django() -> None:
    """Point Django at cchc.settings (unless already set) and set it up."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    import django

    django.setup()


def register(commands: argparse._SubParsersAction) -> None:
    """Add the Django-backed subcommands to the `cchc` parser."""
    from cchc.commands import tracking, tree, web

    web.register(commands)
    tree.register(commands)
    tracking.register(commands)
