"""Writes to the unit tree: create/move units, aliases, memberships."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from cchc.docparse.units import normalise_unit
from cchc.org.models import Membership, Unit, UnitAlias


@transaction.atomic
def create_unit(
    *,
    code: str,
    name: str,
    kind: str = Unit.Kind.OTHER,
    parent: Unit | None = None,
    short_name: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Unit:
    """A new unit under `parent`, with its tree path and matching key set."""
    unit = Unit(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        short_name=short_name,
        valid_from=valid_from,
        valid_to=valid_to,
        name_key=normalise_unit(name),
    )
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = _path_for(unit)
    unit.save(update_fields=["path"])
    return unit


@transaction.atomic
def update_unit(*, unit: Unit, **fields: object) -> Unit:
    """Change a unit's fields; moving it re-paths its whole subtree."""
    old_path = unit.path
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.name_key = normalise_unit(unit.name)
    unit.path = _path_for(unit)
    unit.full_clean()
    unit.save()
    if unit.path != old_path:
        _repath_descendants(old_path=old_path, new_path=unit.path)
    return unit


def add_alias(*, unit: Unit, text: str) -> UnitAlias:
    """Remember that documents call `unit` by `text` (idempotent)."""
    alias, _ = UnitAlias.objects.get_or_create(unit=unit, key=normalise_unit(text), defaults={"text": text})
    return alias


def set_membership(*, user: AbstractBaseUser, unit: Unit, role: str) -> Membership:
    """Give `user` exactly `role` in `unit` (creating or changing the membership)."""
    membership, _ = Membership.objects.update_or_create(user=user, unit=unit, defaults={"role": role})
    return membership


def _path_for(unit: Unit) -> str:
    prefix = unit.parent.path if unit.parent_id else "/"
    return f"{prefix}{unit.pk}/"


def _repath_descendants(*, old_path: str, new_path: str) -> None:
    for child in Unit.objects.filter(path__startswith=old_path).exclude(path=old_path):
        child.path = new_path + child.path[len(old_path) :]
        child.save(update_fields=["path"])


# --- Importing the unit tree (CSV/XLSX rows, see org.tree_io) -----------------------

TREE_COLUMNS = ("code", "name", "short_name", "kind", "parent_code", "aliases", "valid_from", "valid_to")
_REQUIRED_COLUMNS = ("code", "name", "kind", "parent_code")
# Kind as written in a tree file: the stored value or its Vietnamese name.
_KIND_WORDS = {
    "province": Unit.Kind.PROVINCE,
    "tỉnh": Unit.Kind.PROVINCE,
    "thành phố": Unit.Kind.PROVINCE,
    "tỉnh/thành phố": Unit.Kind.PROVINCE,
    "department": Unit.Kind.DEPARTMENT,
    "sở": Unit.Kind.DEPARTMENT,
    "sở-ban-ngành": Unit.Kind.DEPARTMENT,
    "sở, ban, ngành": Unit.Kind.DEPARTMENT,
    "phòng": Unit.Kind.DEPARTMENT,
    "district": Unit.Kind.DISTRICT,
    "quận-huyện": Unit.Kind.DISTRICT,
    "quận/huyện": Unit.Kind.DISTRICT,
    "commune": Unit.Kind.COMMUNE,
    "xã-phường": Unit.Kind.COMMUNE,
    "xã/phường": Unit.Kind.COMMUNE,
    "other": Unit.Kind.OTHER,
    "khác": Unit.Kind.OTHER,
}


class UnitImportError(Exception):
    """A tree file that cannot be imported; `errors` holds one Vietnamese line per problem."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class ImportResult:
    """What `import_units` did, by unit code."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Đã tạo {len(self.created)}, cập nhật {len(self.updated)}, "
            f"giữ nguyên {len(self.unchanged)} đơn vị."
        )


@transaction.atomic
def import_units(*, rows: list[dict]) -> ImportResult:
    """Create or update units from tree rows (columns TREE_COLUMNS), idempotent by `code`.

    `parent_code` names a unit of the same file or one already in the database;
    `aliases` is "a|b|c" and replaces the unit's aliases; dates are dd/mm/yyyy. Rows are
    numbered as in a spreadsheet (header = row 1) unless a row carries `_row`. Any bad
    row raises UnitImportError listing every problem, and nothing is saved.
    """
    parsed, errors = _parse_tree_rows(rows)
    existing = {u.code: u for u in Unit.objects.filter(code__in=[p["code"] for p in parsed])}
    known_parents = set(
        Unit.objects.filter(code__in={p["parent_code"] for p in parsed if p["parent_code"]}).values_list(
            "code", flat=True
        )
    )
    in_file = {p["code"] for p in parsed}
    for p in parsed:
        parent = p["parent_code"]
        if parent and parent not in in_file and parent not in known_parents:
            errors.append(f"{p['label']}: không có đơn vị cha mã “{parent}” (trong tệp hoặc trong hệ thống).")
        if parent == p["code"]:
            errors.append(f"{p['label']}: đơn vị không thể là cha của chính nó.")
    ordered = _parents_first(parsed, errors)
    if errors:
        raise UnitImportError(errors)

    result = ImportResult()
    by_code: dict[str, Unit] = dict(existing)
    for p in ordered:
        parent = None
        if p["parent_code"]:
            parent = by_code.get(p["parent_code"]) or Unit.objects.get(code=p["parent_code"])
            by_code[parent.code] = parent
        fields = {
            "name": p["name"],
            "short_name": p["short_name"],
            "kind": p["kind"],
            "parent": parent,
            "valid_from": p["valid_from"],
            "valid_to": p["valid_to"],
        }
        try:
            unit = by_code.get(p["code"])
            if unit is None:
                unit = create_unit(code=p["code"], **fields)
                result.created.append(unit.code)
            elif _differs(unit, fields):
                unit = update_unit(unit=unit, **fields)
                result.updated.append(unit.code)
            else:
                result.unchanged.append(unit.code)
            by_code[unit.code] = unit
            if _sync_aliases(unit, p["aliases"]) and unit.code in result.unchanged:
                result.unchanged.remove(unit.code)
                result.updated.append(unit.code)
        except ValidationError as exc:
            messages = "; ".join(f"{k}: {', '.join(v)}" for k, v in exc.message_dict.items())
            raise UnitImportError([f"{p['label']}: {messages}"]) from exc
    return result


def _parse_tree_rows(rows: list[dict]) -> tuple[list[dict], list[str]]:
    parsed, errors, seen = [], [], {}
    for index, row in enumerate(rows):
        number = row.get("_row", index + 2)
        code = str(row.get("code") or "").strip()
        label = f"Dòng {number}" + (f" (mã {code})" if code else "")
        missing = [c for c in _REQUIRED_COLUMNS if c not in row]
        if missing:
            errors.append(f"{label}: thiếu cột {', '.join(missing)}.")
            continue
        row_errors = []
        name = " ".join(str(row.get("name") or "").split())
        if not code:
            row_errors.append("thiếu mã đơn vị (code)")
        elif not re.fullmatch(r"[-a-zA-Z0-9_]{1,64}", code):
            row_errors.append(f"mã “{code}” chỉ gồm chữ không dấu, số, gạch ngang, gạch dưới (tối đa 64)")
        elif code in seen:
            row_errors.append(f"mã “{code}” trùng với dòng {seen[code]}")
        seen.setdefault(code, number)
        if not name:
            row_errors.append("thiếu tên đơn vị (name)")
        kind_text = " ".join(str(row.get("kind") or "").split()).lower()
        kind = _KIND_WORDS.get(kind_text.replace(" - ", "-")) if kind_text else Unit.Kind.OTHER
        if kind is None:
            row_errors.append(
                f"loại “{row.get('kind')}” không hợp lệ "
                "(dùng: province, department, district, commune, other)"
            )
        dates = {}
        for column in ("valid_from", "valid_to"):
            try:
                dates[column] = _parse_tree_date(row.get(column))
            except ValueError:
                row_errors.append(f"ngày {column} “{row.get(column)}” không hợp lệ (dạng dd/mm/yyyy)")
                dates[column] = None
        if dates["valid_from"] and dates["valid_to"] and dates["valid_to"] < dates["valid_from"]:
            row_errors.append("valid_to trước valid_from")
        if row_errors:
            errors.append(f"{label}: {'; '.join(row_errors)}.")
            continue
        aliases = [a.strip() for a in str(row.get("aliases") or "").split("|") if a.strip()]
        parsed.append(
            {
                "label": label,
                "code": code,
                "name": name,
                "short_name": str(row.get("short_name") or "").strip(),
                "kind": kind,
                "parent_code": str(row.get("parent_code") or "").strip(),
                "aliases": aliases,
                **dates,
            }
        )
    return parsed, errors


def _parse_tree_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    text = str(value).strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text) or None
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)  # ValueError on 31/02/2025
    return date.fromisoformat(text)  # yyyy-mm-dd, as spreadsheets sometimes write it


def _parents_first(parsed: list[dict], errors: list[str]) -> list[dict]:
    by_code = {p["code"]: p for p in parsed}
    ordered: list[dict] = []
    state: dict[str, str] = {}
    for p in parsed:
        chain = []
        current: dict | None = p
        while current is not None and current["code"] not in state:
            state[current["code"]] = "visiting"
            chain.append(current)
            current = by_code.get(current["parent_code"])
            if current is not None and state.get(current["code"]) == "visiting":
                errors.append(
                    f"{current['label']}: vòng lặp đơn vị cha ({current['code']} nằm dưới chính nó)."
                )
                current = None
        for item in reversed(chain):
            state[item["code"]] = "done"
            ordered.append(item)
    return ordered


def _differs(unit: Unit, fields: dict) -> bool:
    return any(
        (unit.parent_id != (value.pk if value else None))
        if name == "parent"
        else getattr(unit, name) != value
        for name, value in fields.items()
    )


def _sync_aliases(unit: Unit, texts: list[str]) -> bool:
    """Make the unit's aliases exactly `texts` (by matching key); True when something changed."""
    wanted = {}
    for text in texts:
        wanted.setdefault(normalise_unit(text), text)
    current = {a.key: a for a in unit.aliases.all()}
    stale = [a.pk for key, a in current.items() if key not in wanted]
    if stale:
        UnitAlias.objects.filter(pk__in=stale).delete()
    new = [UnitAlias(unit=unit, key=key, text=text) for key, text in wanted.items() if key not in current]
    UnitAlias.objects.bulk_create(new)
    return bool(stale or new)
