"""Page text outside ruled tables, as logical lines in reading order.

pdfplumber gives words; they are grouped into visual lines and each line is cut into
segments at wide gaps. Where lines hold two segments side by side (the borderless
two-column header: issuer | national motto, "Số: …" | "place, ngày …") the left column is
read before the right one, as in the text seeds. Elsewhere a visual line that continues a
wrapped paragraph (close below, previous line reaching the right margin) is joined to it.
Lines that are only a page number in the top or bottom margin are dropped.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from cchc.docparse.header_lines import is_body_start, is_type_word

_PAGE_NUMBER = re.compile(r"^(trang\s*)?[-–]?\s*\d{1,4}\s*[-–]?(\s*/\s*\d{1,4})?$", re.I)
_BULLET = re.compile(r"^([-•+–]\s|[a-zđ]\)\s|\d+(\.\d+)*\.\s|[IVX]+\.\s)")
_MARGIN = 0.07  # share of the page height treated as header/footer zone
_LINE_TOLERANCE = 3.0


@dataclass
class Segment:
    """Words of one visual line not separated by a wide gap."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    conf: float | None = None  # OCR confidence 0–100 (mean of its words); None for a text layer
    first_width: float = 0.0  # width of its first word (would it have fitted on the line above?)
    last_top: float | None = None  # top of its last visual line, once lines are joined


def page_lines(words: list[dict], page_width: float, page_height: float) -> list[Segment]:
    """Logical lines of a page (wrapped paragraphs joined, columns read left first)."""
    visual = [_segments(line) for line in _visual_lines(words)]
    visual = [segs for segs in visual if not _is_chrome(segs, page_height)]
    out: list[Segment] = []
    right = max((s[-1].x1 for s in visual), default=page_width)
    i = 0
    while i < len(visual):
        end = _column_region_end(visual, i, page_width / 2)
        if end > i:
            out += _column_order(visual[i:end], page_width / 2)
            i = end
            continue
        _append_joined(out, visual[i][0], right)
        i += 1
    return out


def _visual_lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= _LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _segments(line: list[dict]) -> list[Segment]:
    groups: list[list[dict]] = [[line[0]]]
    for prev, word in itertools.pairwise(line):
        gap_limit = max(18.0, 2.5 * float(word.get("size", 10)))
        if word["x0"] - prev["x1"] > gap_limit:
            groups.append([word])
        else:
            groups[-1].append(word)
    return [_segment(g) for g in groups]


def _segment(words: list[dict]) -> Segment:
    return Segment(
        text=" ".join(w["text"] for w in words),
        x0=words[0]["x0"],
        x1=words[-1]["x1"],
        top=min(w["top"] for w in words),
        bottom=max(w["bottom"] for w in words),
        size=max(float(w.get("size", 10)) for w in words),
        conf=_mean_conf(words),
        first_width=words[0]["x1"] - words[0]["x0"],
    )


def _mean_conf(words: list[dict]) -> float | None:
    confs = [float(w["conf"]) for w in words if w.get("conf") is not None]
    return sum(confs) / len(confs) if confs else None


def _is_chrome(segs: list[Segment], page_height: float) -> bool:
    in_margin = segs[0].top < _MARGIN * page_height or segs[0].bottom > (1 - _MARGIN) * page_height
    return in_margin and len(segs) == 1 and bool(_PAGE_NUMBER.match(segs[0].text.strip()))


def _column_region_end(visual: list[list[Segment]], start: int, centre: float) -> int:
    """End of a side-by-side region starting at `start` (== start when there is none)."""
    if len(visual[start]) < 2:
        return start
    end = start + 1
    while end < len(visual) and _in_region(visual[end], visual[start:end], centre):
        end += 1
    return end


def _in_region(line: list[Segment], region: list[list[Segment]], centre: float) -> bool:
    # The type word ("KẾ HOẠCH") and "Kính gửi:", "Căn cứ …" stand below the two-column header.
    if is_type_word(line[0].text) or is_body_start(line[0].text):
        return False
    if len(line) >= 2:
        return True
    # A single line continues a column (a longer issuer or the V/v lines) when it sits
    # right below the region, on one side of the page, under one of its segments.
    seg, last = line[0], region[-1][0]
    close = seg.top - last.top <= 1.6 * last.size
    under = any(s.x0 < seg.x1 and seg.x0 < s.x1 for row in region for s in row)
    return close and under and (seg.x1 < centre or seg.x0 > centre)


def _column_order(region: list[list[Segment]], centre: float) -> list[Segment]:
    segments = [s for line in region for s in line]
    left = [s for s in segments if (s.x0 + s.x1) / 2 < centre]
    return left + [s for s in segments if (s.x0 + s.x1) / 2 >= centre]


def _append_joined(out: list[Segment], seg: Segment, right: float) -> None:
    if out and _continues(out[-1], seg, right):
        prev = out[-1]
        confs = [c for c in (prev.conf, seg.conf) if c is not None]
        conf = min(confs) if confs else None
        out[-1] = Segment(
            f"{prev.text} {seg.text}",
            prev.x0,
            seg.x1,
            prev.top,
            seg.bottom,
            prev.size,
            conf,
            prev.first_width,
            last_top=seg.top,
        )
    else:
        out.append(seg)


def _continues(prev: Segment, seg: Segment, right: float) -> bool:
    last_top = prev.top if prev.last_top is None else prev.last_top
    pitch = seg.top - last_top  # distance between the last line tops
    close = 0 < pitch <= 1.45 * prev.size and abs(seg.size - prev.size) < 0.5
    # The line was full when the next line's first word would not have fitted after it.
    first_word = (seg.first_width or len(seg.text.split(" ", 1)[0]) * 0.55 * seg.size) + seg.size
    full = right - prev.x1 < max(first_word, 0.05 * (right - prev.x0))
    return close and full and not _BULLET.match(seg.text)
