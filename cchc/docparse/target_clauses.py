"""Reading one target clause: operator, indicator, scope, base year, implied level.

A clause comes in one of three shapes (see `read_sentence`):

- colon form   "Tỷ lệ hài lòng chung: từ 95% trở lên." → the indicator is the text before
  the colon, the scope whatever follows the figure;
- figure first "100% văn bản … (trừ những văn bản mật)." → the indicator follows the figure;
- figure last  "Giảm tỷ lệ … trên lĩnh vực đất đai … xuống còn dưới 4%." → it precedes it.

A clause coordinated with the one before ("… 40% các cơ quan … và 20% Ủy ban nhân dân
phường") shares that clause's indicator and operator; its scope is its own object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from cchc.docparse.body import is_continuation
from cchc.docparse.model import SourceRef, Target
from cchc.docparse.target_figures import Clause, find_figures, split_clauses, to_number, vocab


@dataclass
class _Reading:
    op: str | None
    indicator: str | None
    scope: str | None
    relative_to: dict[str, int] | None
    implied: int | float | None


def read_sentence(text: str, code: str | None, ref: SourceRef | None = None) -> list[Target]:
    """One Target per figure of `text` that is a goal (none when it has no figure)."""
    targets: list[Target] = []
    prev: _Reading | None = None
    for clause in split_clauses(text, find_figures(text)):
        reading = _read_clause(text, clause, prev)
        fig = clause.figure
        targets.append(
            Target(
                code=code,
                text=text,
                indicator=reading.indicator,
                op=reading.op or "=",
                value=fig.value,
                unit=fig.unit,
                relative_to=reading.relative_to,
                scope=reading.scope,
                implied_value=reading.implied,
                ref=ref,
            )
        )
        prev = reading
    return targets


def _read_clause(text: str, clause: Clause, prev: _Reading | None) -> _Reading:
    fig = clause.figure
    pre, post = text[clause.start : fig.start], text[fig.end : clause.end]
    op, pre, post = _operator(pre, post)
    relative, post = _relative(post)
    implied, post = _implied(post)
    pre, post = _strip_filler(pre), clean(post)
    if clause.shared and prev is not None:
        reading = _Reading(op or prev.op, prev.indicator, post or _subject(pre), relative, implied)
    elif ":" in pre:
        reading = _colon_form(pre, post)
    elif post:
        reading = _figure_first(pre, post)
    else:
        reading = _figure_last(pre)
    reading.op = reading.op or op
    reading.relative_to, reading.implied = relative, implied
    return reading


@cache
def _ops() -> list[tuple[str, re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]]:
    def before(p: str | None) -> re.Pattern[str] | None:
        return re.compile(rf"(?:^|(?<=\s))(?:{p})\s*$", re.IGNORECASE) if p else None

    def after(p: str | None) -> re.Pattern[str] | None:
        return re.compile(rf"^\s*(?:{p})\b", re.IGNORECASE) if p else None

    rules = vocab()["ops"]
    return [
        (r["op"], before(r.get("before")), after(r.get("after")), after(r.get("requires"))) for r in rules
    ]


def _operator(pre: str, post: str) -> tuple[str | None, str, str]:
    """The operator around a figure, with its words taken out of `pre` and `post`."""
    for op, before, after, requires in _ops():
        b = before.search(pre) if before else None
        a = after.search(post) if after else None
        if (before and not b) or (after and not a) or (requires and not requires.search(post)):
            continue
        return op, pre[: b.start()] if b else pre, post[a.end() :] if a else post
    return None, pre, post


def _relative(post: str) -> tuple[dict[str, int] | None, str]:
    m = re.search(vocab()["relative"], post, re.IGNORECASE)
    if not m:
        return None, post
    return {"year": int(m.group("year"))}, post[: m.start()] + post[m.end() :]


def _implied(post: str) -> tuple[int | float | None, str]:
    m = re.search(vocab()["implied"], post, re.IGNORECASE)
    if not m:
        return None, post
    return to_number(m.group("value")), post[: m.start()] + post[m.end() :]


def _strip_filler(pre: str) -> str:
    return re.sub(vocab()["fillers_before"], "", pre, flags=re.IGNORECASE).strip()


_ENDS = re.compile(r"^[\s.;,:]+|[\s.;,:]+$")


def clean(text: str) -> str:
    """Trimmed of edge punctuation, an unbalanced ")" and a wrapping pair of parentheses."""
    text = _ENDS.sub("", text)
    if text.endswith(")") and text.count(")") > text.count("("):
        text = _ENDS.sub("", text[:-1])
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()
    return text


def _colon_form(pre: str, post: str) -> _Reading:
    head = pre[: pre.rfind(":")]
    indicator = _strip_lead_in(head[head.rfind(":") + 1 :].strip())
    indicator, paren = _trailing_paren(indicator)
    return _Reading(None, indicator, post or paren, None, None)


def _figure_first(pre: str, post: str) -> _Reading:
    indicator, scope = post, None
    m = re.search(vocab()["post_scope"], post, re.IGNORECASE)
    if m and m.start() > 0:
        indicator, scope = post[: m.start()].strip(), m.group(1).strip()
    # A lower-case lead ("…; công khai kịp thời 100% kết quả …") belongs to the indicator;
    # a sentence-opening verb ("Đảm bảo 100% …", "Phấn đấu 30% …") does not.
    if pre and is_continuation(pre):
        indicator = f"{pre} {indicator}"
    return _Reading(None, clean(indicator), scope, None, None)


def _figure_last(pre: str) -> _Reading:
    scope = None
    m = re.search(vocab()["per_unit"], pre, re.IGNORECASE)
    if m:
        scope, pre = m.group("scope"), pre[: m.start()]
    pre = re.sub(vocab()["distributive"], "", _strip_lead_in(clean(pre)))
    indicator, split_scope = _split_scope(pre)
    return _Reading(None, indicator, scope or split_scope, None, None)


def _split_scope(indicator: str) -> tuple[str, str | None]:
    for rule in vocab()["scope_splitters"]:
        m = re.search(rule["pattern"], indicator)
        if m:
            return indicator[: m.start()], rule["keep"] + indicator[m.end() :]
    return indicator, None


def _subject(pre: str) -> str | None:
    """The object of a coordinated clause given before its figure ("và 16 phường đạt 15%")."""
    m = re.search(vocab()["per_unit"], pre, re.IGNORECASE)
    subject = m.group("scope") if m else re.sub(r"^\(?\s*đối với\s+", "", pre, flags=re.IGNORECASE)
    return clean(subject) or None


@cache
def _lead_in_re() -> re.Pattern[str]:
    alt = "|".join(re.escape(w) for w in vocab()["lead_ins"])
    return re.compile(rf"^(?:{alt})\s+(?=\S)")


def _strip_lead_in(text: str) -> str:
    return _lead_in_re().sub("", text, count=1)


_TRAILING_PAREN = re.compile(r"\s*\((?P<inner>[^()]+)\)$")


def _trailing_paren(indicator: str) -> tuple[str, str | None]:
    """An explanatory parenthesis closing the indicator is scope; an abbreviation is not."""
    m = _TRAILING_PAREN.search(indicator)
    if not m or " " not in m.group("inner").strip():
        return indicator, None
    return indicator[: m.start()], m.group("inner").strip()
