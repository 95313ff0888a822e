"""How a slow reader reports how far it has got (pages read of all pages)."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
"""Called as progress(done, total) after each unit of work (an OCR'd page)."""
