"""The parser's output: dataclasses that serialise to the plan-schema contract.

`PlanDraft.to_dict()` is exactly the JSON of `docs/plan-schema.md`, plus a
`source_ref` on tasks and targets (where in the document each came from).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cchc.docparse.blocks import SourceRef


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass
class Signer:
    name: str | None = None
    position: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the contract (docs/plan-schema.md)."""
        return {"name": self.name, "position": self.position}


@dataclass
class DocumentHeader:
    issuer: str | None = None
    issuer_parent: str | None = None
    number: str | None = None
    kind: str | None = None
    place: str | None = None
    date: date | None = None
    year: int | None = None
    title: str | None = None
    signer: Signer | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the contract (docs/plan-schema.md)."""
        return {
            "issuer": self.issuer,
            "issuer_parent": self.issuer_parent,
            "number": self.number,
            "kind": self.kind,
            "place": self.place,
            "date": _iso(self.date),
            "year": self.year,
            "title": self.title,
            "signer": self.signer.to_dict() if self.signer else None,
        }


@dataclass
class Deadline:
    """A normalised deadline. `kind` is by_date, year, recurring, continuous, event or unknown."""

    text: str | None
    kind: str
    due: date | None = None
    recurrence: str | None = None
    event: str | None = None
    offset_working_days: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the contract (docs/plan-schema.md)."""
        out: dict[str, Any] = {
            "text": self.text,
            "kind": self.kind,
            "due": _iso(self.due),
            "recurrence": self.recurrence,
            "event": self.event,
        }
        if self.offset_working_days is not None:
            out["offset_working_days"] = self.offset_working_days
        return out


@dataclass
class Target:
    code: str | None
    text: str
    indicator: str | None
    op: str | None
    value: float | int | None
    unit: str | None
    relative_to: dict[str, int] | None = None
    scope: str | None = None
    implied_value: float | int | None = None
    ref: SourceRef | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the contract (docs/plan-schema.md)."""
        out: dict[str, Any] = {
            "code": self.code,
            "text": self.text,
            "indicator": self.indicator,
            "op": self.op,
            "value": self.value,
            "unit": self.unit,
            "relative_to": self.relative_to,
            "scope": self.scope,
        }
        if self.implied_value is not None:
            out["implied_value"] = self.implied_value
        if self.ref is not None:
            out["source_ref"] = self.ref.to_dict()
        return out


@dataclass
class Section:
    code: str
    title: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the contract (docs/plan-schema.md)."""
        return {"code": self.code, "title": self.title}


@dataclass
class Task:
    code: str | None
    section: str | None
    title: str
    products: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    deadline: Deadline = field(default_factory=lambda: Deadline(text=None, kind="unknown"))
    ref: SourceRef | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the contract (docs/plan-schema.md)."""
        out: dict[str, Any] = {
            "code": self.code,
            "section": self.section,
            "title": self.title,
            "products": list(self.products),
            "lead": list(self.lead),
            "support": list(self.support),
            "deadline": self.deadline.to_dict(),
        }
        if self.ref is not None:
            out["source_ref"] = self.ref.to_dict()
        return out


@dataclass
class ReportDeadline:
    """One reporting period: `period` is Q1, H1, Q3, 9M, YEAR or MONTH."""

    period: str
    due: date | None
    data_from: date | None = None
    data_to: date | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the contract (docs/plan-schema.md)."""
        return {
            "period": self.period,
            "due": _iso(self.due),
            "data_from": _iso(self.data_from),
            "data_to": _iso(self.data_to),
        }


@dataclass
class Responsibility:
    unit: str
    duties: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the contract (docs/plan-schema.md)."""
        return {"unit": self.unit, "duties": list(self.duties)}


@dataclass
class Source:
    filename: str | None
    format: str
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the contract (docs/plan-schema.md)."""
        return {"filename": self.filename, "format": self.format, "sha256": self.sha256}


@dataclass
class PlanDraft:
    """A parsed plan document, before anyone has reviewed it."""

    source: Source
    document: DocumentHeader = field(default_factory=DocumentHeader)
    goals: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    reporting: list[ReportDeadline] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The plan-schema JSON object (see docs/plan-schema.md)."""
        return {
            "source": self.source.to_dict(),
            "document": self.document.to_dict(),
            "goals": list(self.goals),
            "targets": [t.to_dict() for t in self.targets],
            "sections": [s.to_dict() for s in self.sections],
            "tasks": [t.to_dict() for t in self.tasks],
            "reporting": [r.to_dict() for r in self.reporting],
            "responsibilities": [r.to_dict() for r in self.responsibilities],
            "warnings": list(self.warnings),
        }
