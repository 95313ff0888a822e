"""Word auto-numbering (numbering.xml): the label text Word would print before a paragraph.

Plans number their headings with Word lists ("I.", "1.", "a)", "-"); the outline needs
those labels in the text, so the docx reader asks a `Numberer` for each numbered paragraph.
Only the formats plans use are rendered exactly (decimal, letters, roman, bullets); other
formats fall back to decimal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Level:
    """One list level: start value, number format and label template ("%1.%2.")."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class Numberer:
    """Counts numbered paragraphs in document order and renders their labels."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> level -> start
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    def label(self, num_id: str, ilvl: int) -> str:
        """The label for the next paragraph of list `num_id` at level `ilvl` ('' if none)."""
        abstract_id = self.nums.get(num_id)
        levels = self.abstract.get(abstract_id or "")
        if not levels or ilvl not in levels:
            return ""
        counts = self._counts(num_id, abstract_id or "", levels)
        counts[ilvl] = levels[ilvl].start if counts[ilvl] is None else counts[ilvl] + 1
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = None  # a new item restarts its sub-levels
        return _render(levels, ilvl, counts)

    def _counts(self, num_id: str, abstract_id: str, levels: dict[int, Level]) -> list[int | None]:
        # Lists sharing an abstract definition continue each other's numbering, unless the
        # num restarts it with a startOverride (applied the first time the num is used).
        counts = self.counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in self.overrides.get(num_id, {}).items():
                if 0 <= lvl < 9:
                    counts[lvl] = start - 1
        return counts


def load_numbering(xml: bytes | None) -> Numberer:
    """A Numberer for a numbering.xml part (an empty one when the part is absent)."""
    numberer = Numberer()
    if not xml:
        return numberer
    root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, huge_tree=True))
    for node in root.iter(f"{W}abstractNum"):
        numberer.abstract[node.get(f"{W}abstractNumId", "")] = _levels(node)
    for node in root.iter(f"{W}num"):
        num_id = node.get(f"{W}numId", "")
        ref = node.find(f"{W}abstractNumId")
        numberer.nums[num_id] = ref.get(f"{W}val", "") if ref is not None else ""
        numberer.overrides[num_id] = _start_overrides(node)
    return numberer


def _levels(node: etree._Element) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for lvl in node.iter(f"{W}lvl"):
        index = _int(lvl.get(f"{W}ilvl"), 0)
        levels[index] = Level(
            start=_int(_val(lvl, "start"), 1),
            fmt=_val(lvl, "numFmt") or "decimal",
            text=_val(lvl, "lvlText") if _val(lvl, "lvlText") is not None else "",
        )
    return levels


def _start_overrides(num: etree._Element) -> dict[int, int]:
    out: dict[int, int] = {}
    for override in num.iter(f"{W}lvlOverride"):
        start = override.find(f"{W}startOverride")
        if start is not None:
            out[_int(override.get(f"{W}ilvl"), 0)] = _int(start.get(f"{W}val"), 1)
    return out


def _val(node: etree._Element | None, tag: str) -> str | None:
    child = node.find(f"{W}{tag}")
    return None if child is None else child.get(f"{W}val")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _render(levels: dict[int, Level], ilvl: int, counts: list[int | None]) -> str:
    level = levels[ilvl]
    if level.fmt == "bullet":
        return "-"  # the bullet glyph is usually a Symbol-font private character
    if level.fmt == "none":
        return level.text if "%" not in level.text else ""
    text = level.text
    for i in range(9):
        if f"%{i + 1}" in text:
            lvl = levels.get(i, Level())
            value = counts[i] if counts[i] is not None else lvl.start
            text = text.replace(f"%{i + 1}", format_number(value, lvl.fmt))
    return text.strip()


def format_number(value: int, fmt: str) -> str:
    """A list counter in a Word number format (decimal, lowerLetter, upperRoman …)."""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = _letters(value)
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _letters(value: int) -> str:
    # Word repeats the letter past z: 27 -> "aa", 28 -> "bb".
    value = max(value, 1)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC")]
_ROMAN += [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(value: int) -> str:
    out = ""
    for number, letters in _ROMAN:
        while value >= number:
            out += letters
            value -= number
    return out or "0"
