"""The document header: issuer, number, kind, place, date, year, title, signer."""

from __future__ import annotations

from cchc.docparse.blocks import Block
from cchc.docparse.model import DocumentHeader


def extract_header(blocks: list[Block]) -> tuple[DocumentHeader, list[str]]:
    """(header, warnings) read from the top block and the signature."""
    return DocumentHeader(), []
