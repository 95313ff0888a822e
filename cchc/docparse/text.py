"""Inline text clean-up shared by readers: Unicode, markup, whitespace."""

from __future__ import annotations

import re
import unicodedata

# Some sites type the breve with a caron (ǎ, U+01CE); Vietnamese has no caron.
_CHAR_FIXES = str.maketrans({"ǎ": "ă", "Ǎ": "Ă", "\u00a0": " ", "\u200b": "", "\ufeff": ""})
_NEEDS_FIX = re.compile("[ǎǍ\u00a0\u200b\ufeff]")
_TAG = re.compile(r"<[^>]+>")
_MD_EMPHASIS = re.compile(r"\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)")
# "**CHỦ TỊCH*****Nơi nhận:**": markers between two words stood for a line break.
_MD_BETWEEN_WORDS = re.compile(r"(?<=\w)\*+(?=\w)")


def normalise_unicode(text: str) -> str:
    """NFC form with look-alike characters mapped to their Vietnamese letters."""
    text = unicodedata.normalize("NFC", text)
    # translate() looks up every character; most text holds none of the look-alikes.
    return text.translate(_CHAR_FIXES) if _NEEDS_FIX.search(text) else text


def strip_markup(text: str) -> str:
    """Remove HTML tags and markdown emphasis markers (**bold**, *italic*)."""
    text = _TAG.sub(" ", text)
    text = text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return _MD_EMPHASIS.sub("", _MD_BETWEEN_WORDS.sub(" ", text))


def collapse(text: str) -> str:
    """Whitespace runs to one space, trimmed."""
    # str.split() splits on exactly the characters `\s` matches, and is several times faster.
    return " ".join(text.split())


def clean_inline(text: str) -> str:
    """Unicode-normalised, markup-free, whitespace-collapsed text."""
    return collapse(strip_markup(normalise_unicode(text)))
