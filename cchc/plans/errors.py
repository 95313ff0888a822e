"""Domain errors of plan imports: a message a view can show to the user as it is."""

from __future__ import annotations


class ImportRejected(Exception):
    """An import step was refused; `message` says why and what to do (translated)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
