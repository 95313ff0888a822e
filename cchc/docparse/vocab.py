"""Vocabulary the parser needs, kept as data files under docparse/data/.

Each file is YAML; `load(name)` reads `data/<name>.yaml` once per process.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> Any:
    """The parsed content of data/<name>.yaml."""
    text = resources.files("cchc.docparse").joinpath("data", f"{name}.yaml").read_text("utf-8")
    return yaml.safe_load(text)
