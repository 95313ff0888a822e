"""Tasks written in the body when there is no task table.

Two shapes are handled:

- a plan's tasks part ("II. NHIỆM VỤ VÀ GIẢI PHÁP"): its unnumbered paragraphs (or its
  numbered leaves) are tasks, except sentences holding a target figure; the lead is the
  unit that "Tổ chức thực hiện" charges with carrying out the plan's tasks, unless a
  label line ("Đơn vị chủ trì thực hiện: Sở X") names one;
- a letter assigning duties (Công văn): each numbered heading names a unit ("Giao Phòng
  Nội vụ") and its `a) b) c)` items are that unit's tasks.

Phrases (deadlines, partners, labels) live in data/task_phrases.yaml.
"""

from __future__ import annotations

import re
from functools import cache

from cchc.docparse import vocab
from cchc.docparse.body import find_parts, is_closing
from cchc.docparse.model import Deadline, Section, Task
from cchc.docparse.outline import Node, Outline
from cchc.docparse.task_fields import LETTERS, deadline_of, deadline_warnings, units_of, year_default
from cchc.docparse.units import starts_unit

_HEADING_STYLES = ("roman", "arabic", "article")
Result = tuple[list[Section], list[Task], list[str]]


@cache
def _phrases() -> dict[str, object]:
    data = vocab.load("task_phrases")
    flags = re.IGNORECASE
    compiled: dict[str, object] = {k: re.compile(data[k], flags) for k in _SINGLE}
    compiled["deadline_phrases"] = [re.compile(p, flags) for p in data["deadline_phrases"]]
    verbs = "|".join(re.escape(v) for v in sorted(data["partner_verbs"], key=len, reverse=True))
    compiled["partner_end"] = re.compile(rf"(?<!\w)(?:{verbs})(?!\w)|[.;(]")
    compiled["partner_prepositions"] = frozenset(data["partner_prepositions"])
    compiled["partner_start"] = re.compile(data["partner_start"])
    return compiled


_SINGLE = (
    "lead_label",
    "support_label",
    "deadline_label",
    "partner_intro",
    "heading_prefixes",
    "plan_lead_duty",
    "target_figure",
)


def is_target_statement(text: str) -> bool:
    """True when a sentence states a target figure ("100% …", "đạt 95% trở lên", "trên 50%")."""
    return bool(_phrases()["target_figure"].search(text))


def tasks_from_body(outline: Outline, *, year: int | None) -> Result:
    """(sections, tasks, warnings) from the body's duties."""
    for part in find_parts(outline, "tasks"):
        result = _plan_part(outline, part, year)
        if result[1]:
            return result
    return _duty_letter(outline, year)


# --- a plan's tasks part ---------------------------------------------------------------


def _plan_part(outline: Outline, part: Node, year: int | None) -> Result:
    lead = _plan_lead(outline)
    code = part.label or ""
    section = Section(code=code, title=part.text.rstrip(":").strip())
    tasks: list[Task] = []
    for text, labels in _duties(part):
        if is_target_statement(text):
            continue
        task_code = f"{code}.{len(tasks) + 1}" if code else str(len(tasks) + 1)
        tasks.append(_body_task(task_code, code or None, text, lead, year, labels))
    for node in (n for n in part.walk() if n is not part and not n.children and n.style != "bullet"):
        tasks.append(_body_task(_node_code(node, part), code or None, _subtree_text(node), lead, year, {}))
    return [section], tasks, _warnings(tasks, year)


def _duties(part: Node) -> list[tuple[str, dict[str, str]]]:
    """The part's unnumbered paragraphs, each with the label lines that follow it."""
    duties: list[tuple[str, dict[str, str]]] = []
    for para in part.body:
        label = _label(para.text)
        if label and duties:
            duties[-1][1].setdefault(*label)
        elif not label:
            duties.append((para.text, {}))
    return duties


def _label(text: str) -> tuple[str, str] | None:
    for key in ("lead_label", "support_label", "deadline_label"):
        m = _phrases()[key].match(text)
        if m:
            return key, m.group("value").strip()
    return None


def _node_code(node: Node, part: Node) -> str:
    return node.label if node.style != "letter" else f"{_parent_label(part, node)}.{node.label}"


def _parent_label(root: Node, target: Node) -> str:
    for node in root.walk():
        if target in node.children:
            return node.label or ""
    return ""


def _plan_lead(outline: Outline) -> list[str]:
    """The unit charged with carrying out the plan's tasks (under "Tổ chức thực hiện")."""
    for part in find_parts(outline, "responsibilities"):
        for child in part.children:
            if _phrases()["plan_lead_duty"].search(_subtree_text(child)):
                return units_of([_unit_heading(child.text)])
    return []


# --- a letter assigning duties ---------------------------------------------------------


def _duty_letter(outline: Outline, year: int | None) -> Result:
    sections: list[Section] = []
    tasks: list[Task] = []
    warnings: list[str] = []
    for node in outline.walk():
        items = [c for c in node.children if c.style == "letter"]
        single = not items and _single_duty(outline, node)
        if node.style not in _HEADING_STYLES or not (items or single):
            continue
        sections.append(Section(code=node.label or "", title=node.text.rstrip(":").strip()))
        lead = units_of([_unit_heading(node.text)])
        warnings += _repeated_letters(node, items)
        for item in items:
            code = f"{node.label}.{item.label}"
            tasks.append(_body_task(code, node.label, _subtree_text(item), lead, year, {}))
        if single:
            text = " ".join(p.text for p in node.body)
            tasks.append(_body_task(node.label or "", node.label, text, lead, year, {}))
    return sections, tasks, warnings + _warnings(tasks, year)


def _single_duty(outline: Outline, node: Node) -> bool:
    """A unit heading with one unlettered duty paragraph ("4. Đề nghị Ủy ban MTTQ phường:
    Tăng cường giám sát …"), among sibling headings whose duties are lettered."""
    if node.style not in _HEADING_STYLES or node.children or not node.body or is_closing(node.body[0].text):
        return False
    parent = next((n for n in outline.walk() if node in n.children), None)
    siblings = parent.children if parent else []
    lettered = any(c.style == "letter" for s in siblings for c in s.children)
    return lettered and starts_unit(_unit_heading(node.text))


def _repeated_letters(node: Node, items: list[Node]) -> list[str]:
    labels = [i.label for i in items]
    warnings = []
    for letter in sorted({x for x in labels if labels.count(x) > 1}, key=labels.index):
        after = LETTERS[LETTERS.index(letter) + 1] if letter in LETTERS[:-1] else "?"
        warnings.append(
            f'Item letter "{letter})" is printed twice under heading {node.label} '
            f"({_unit_heading(node.text)}); "
            f'both kept with code {node.label}.{letter} (the second is presumably "{after}").'
        )
    return warnings


# --- one duty → Task ---------------------------------------------------------------------


def _body_task(
    code: str, section: str | None, text: str, lead: list[str], year: int | None, labels: dict[str, str]
) -> Task:
    own_lead = units_of([labels["lead_label"]]) if "lead_label" in labels else []
    support = units_of([labels["support_label"]]) if "support_label" in labels else _partners(text)
    deadline = (
        deadline_of(labels["deadline_label"], year) if "deadline_label" in labels else _deadline(text, year)
    )
    return Task(
        code=code,
        section=section,
        title=text,
        lead=own_lead or list(lead),
        support=support,
        deadline=deadline,
    )


def _deadline(text: str, year: int | None) -> Deadline:
    """The deadline a duty sentence states ("thời gian hoàn thành Quý IV/2023"), else year end."""
    for pattern in _phrases()["deadline_phrases"]:
        m = pattern.search(text)
        if m:
            phrase = (m.groupdict().get("text") or m.group()).strip(" ,;.")
            found = deadline_of(phrase, year)
            if found.kind != "unknown":
                return found
    return year_default(year)


def _partners(text: str) -> list[str]:
    """Units a duty says to work with: "phối hợp (với) X <verb> …" gives X."""
    partners: list[str] = []
    phrases = _phrases()
    for m in phrases["partner_intro"].finditer(text):
        rest = text[m.end() :]
        if not (rest[:1].isupper() or phrases["partner_start"].match(rest)):
            continue
        partner = rest[: _partner_end(rest)].strip(" ,")
        partners += [u for u in units_of([partner]) if u not in partners]
    return partners


def _partner_end(rest: str) -> int:
    """Where the partner named at the start of `rest` ends: at a verb, not one after a preposition."""
    for m in _phrases()["partner_end"].finditer(rest):
        before = rest[: m.start()].split()
        if not before or before[-1] not in _phrases()["partner_prepositions"]:
            return m.start()
    return len(rest)


def _unit_heading(text: str) -> str:
    """The unit a heading names: "Giao Phòng Nội vụ:" → "Phòng Nội vụ"."""
    return _phrases()["heading_prefixes"].sub("", text).rstrip(":. ").strip()


def _subtree_text(node: Node) -> str:
    """A node's heading, body and everything below it, as one text."""
    body = [p.text for p in node.body]
    closing = next((i for i, text in enumerate(body) if is_closing(text)), len(body))
    parts = [node.text, *body[:closing]]  # "Yêu cầu … thực hiện nghiêm túc …" closes the letter
    parts += [_subtree_text(c) for c in node.children]
    return " ".join(p for p in parts if p).strip()


def _warnings(tasks: list[Task], year: int | None) -> list[str]:
    return [
        w for t in tasks for w in deadline_warnings(t.code, t.deadline, year) if t.deadline.kind != "unknown"
    ]
