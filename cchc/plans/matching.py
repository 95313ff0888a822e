"""Match the unit names a document uses against the unit tree (names and aliases).

Every name and alias is reduced to its `normalise_unit` key (abbreviations expanded,
lower case, no punctuation), so `UBND Quận 11` and `Ủy ban nhân dân quận 11` are the
same key and score 100. Other pairs are scored with rapidfuzz: the mean of
token_set_ratio (a name inside a longer one) and token_sort_ratio (word order), capped
below 100; the same key without diacritics scores 96. Numbers name units (`Quận 1`,
`Phường 8`, `UBND 16 phường`), so two keys with different numbers never score high.

Keys are loaded once per draft (`load_unit_keys`: two queries) and matched in memory.
A plan's names are matched in context (`plan_scope`): settled only inside the issuer's own
subtree, offered for a person to confirm from the units above it and their direct children.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from rapidfuzz import fuzz, process

from cchc.docparse.units import fold_diacritics, normalise_unit, unit_behind_title
from cchc.org.models import Unit, UnitAlias

# A best candidate at or above this score is taken without asking (if no other unit ties).
AUTO_THRESHOLD = 90
# Candidates below this are not offered at all.
SUGGEST_THRESHOLD = 60
_EXACT = 100
_FOLDED_EXACT = 96
_FUZZY_CAP = 95
_NUMBER_MISMATCH_CAP = 50
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Candidate:
    """A unit a wording may mean, with a 0-100 score."""

    unit_id: int
    name: str
    score: float
    parent_name: str = ""  # to tell apart units of the same name (each district's Phòng Nội vụ)

    @property
    def label(self) -> str:
        return f"{self.name} · {self.parent_name}" if self.parent_name else self.name


@dataclass(frozen=True)
class UnitKeys:
    """A unit with every matching key it is known by (name, short name, aliases)."""

    id: int
    name: str
    keys: tuple[str, ...]
    path: str = ""


def load_unit_keys(
    *, units: Iterable[Unit] | None = None, unit_ids: Iterable[int] | None = None
) -> list[UnitKeys]:
    """UnitKeys for a queryset of units (or ids), in two queries: units, then aliases."""
    if unit_ids is not None:
        qs = Unit.objects.filter(pk__in=list(unit_ids))
    elif units is not None and hasattr(units, "values_list"):
        qs = units
    else:
        qs = Unit.objects.filter(pk__in=[u.pk for u in units or ()])
    rows = list(qs.order_by("path").values_list("id", "name", "short_name", "name_key", "path"))
    aliases: dict[int, list[str]] = {}
    for unit_id, key in UnitAlias.objects.filter(unit_id__in=[r[0] for r in rows]).values_list(
        "unit_id", "key"
    ):
        aliases.setdefault(unit_id, []).append(key)
    out = []
    for unit_id, name, short_name, name_key, path in rows:
        keys = [name_key or normalise_unit(name)]
        if short_name:
            keys.append(normalise_unit(short_name))
        keys.extend(aliases.get(unit_id, ()))
        out.append(
            UnitKeys(id=unit_id, name=name, keys=tuple(dict.fromkeys(k for k in keys if k)), path=path)
        )
    return out


class UnitIndex:
    """All keys of a set of units, ready for matching many wordings."""

    def __init__(self, units: Iterable[UnitKeys | Unit]) -> None:
        self.units: dict[int, UnitKeys] = {}
        self._keys: list[str] = []
        self._owner: list[int] = []
        self._exact: dict[str, set[int]] = {}
        self._folded: dict[str, set[int]] = {}
        for unit in units:
            entry = _as_keys(unit)
            self.units[entry.id] = entry
            for key in entry.keys:
                self._keys.append(key)
                self._owner.append(entry.id)
                self._exact.setdefault(key, set()).add(entry.id)
                self._folded.setdefault(fold_diacritics(key), set()).add(entry.id)

    def match(
        self, wording: str, *, limit: int | None = 3, min_score: float = SUGGEST_THRESHOLD
    ) -> list[Candidate]:
        """The best units for `wording`, best first, one entry per unit.

        A head's title stands for the unit ("Giám đốc Sở Nội vụ" is matched as Sở Nội vụ too).
        """
        best: dict[int, float] = {}
        for text in (wording, unit_behind_title(wording or "")):
            if text:
                self._score_into(best, normalise_unit(text), min_score=min_score)
        ranked = sorted(best.items(), key=lambda item: (-item[1], self.units[item[0]].path, item[0]))
        if limit is not None:
            ranked = ranked[:limit]
        return [self.candidate(uid, score) for uid, score in ranked]

    def _score_into(self, best: dict[int, float], key: str, *, min_score: float) -> None:
        if not key:
            return
        for unit_id in self._exact.get(key, ()):
            best[unit_id] = max(best.get(unit_id, 0), _EXACT)
        for unit_id in self._folded.get(fold_diacritics(key), ()):
            best[unit_id] = max(best.get(unit_id, 0), _FOLDED_EXACT)
        numbers = set(_NUMBER.findall(key))
        hits = process.extract(
            key, self._keys, scorer=fuzz.token_set_ratio, limit=None, score_cutoff=min_score
        )
        for choice, set_score, index in hits:
            unit_id = self._owner[index]
            if best.get(unit_id, 0) >= _FOLDED_EXACT:
                continue
            score = min(_FUZZY_CAP, (set_score + fuzz.token_sort_ratio(key, choice)) / 2)
            other_numbers = set(_NUMBER.findall(choice))
            if numbers and other_numbers and numbers != other_numbers:
                score = min(score, _NUMBER_MISMATCH_CAP)
            if score >= min_score and score > best.get(unit_id, 0):
                best[unit_id] = round(score, 1)

    def candidate(self, unit_id: int, score: float = 0) -> Candidate:
        """A Candidate for a unit of the index, with its parent's name when the index has it."""
        unit = self.units[unit_id]
        parts = unit.path.strip("/").split("/")
        parent = self.units.get(int(parts[-2])) if len(parts) > 1 and parts[-2].isdigit() else None
        return Candidate(
            unit_id=unit_id, name=unit.name, score=score, parent_name=parent.name if parent else ""
        )

    def resolve(self, wording: str, *, threshold: float = AUTO_THRESHOLD) -> Candidate | None:
        """The one unit `wording` surely means, or None (nothing good enough, or a tie)."""
        candidates = self.match(wording, limit=2, min_score=SUGGEST_THRESHOLD)
        if not candidates or candidates[0].score < threshold:
            return None
        if len(candidates) > 1 and candidates[1].score >= candidates[0].score:
            return None
        return candidates[0]


def match_unit(
    *,
    wording: str,
    units: Iterable[UnitKeys | Unit],
    limit: int | None = 3,
    min_score: float = SUGGEST_THRESHOLD,
) -> list[Candidate]:
    """Units `wording` may mean, best first (an exact name or alias key scores 100)."""
    return UnitIndex(units).match(wording, limit=limit, min_score=min_score)


def resolve_units(
    *,
    names: Iterable[str],
    scope_units: Iterable[UnitKeys | Unit] | UnitIndex,
    threshold: float = AUTO_THRESHOLD,
) -> dict[str, Candidate | None]:
    """{wording: the unit it surely means, or None}; ties and weak matches stay None."""
    index = scope_units if isinstance(scope_units, UnitIndex) else UnitIndex(scope_units)
    return {name: index.resolve(name, threshold=threshold) for name in dict.fromkeys(names)}


@dataclass(frozen=True)
class Scope:
    """Where a plan's unit names are looked up, around its issuer.

    `own` is the issuer and everything under it: only a sure match there is settled
    without asking. `around` adds, going up, each unit above the issuer and its direct
    children (a ward's district with the district's offices, the city with its departments
    and districts), never what lies under a sibling: Quận 11's offices are not around a
    Quận 10 plan. A match found around but not in `own` is a suggestion a person confirms.
    Without an issuer both are the whole tree (the issuer must be chosen before a confirm,
    and choosing it resolves the names again).
    """

    own: UnitIndex
    around: UnitIndex

    def settle(self, wording: str) -> Candidate | None:
        """The unit of the issuer's own subtree `wording` surely means, or None."""
        return self.own.resolve(wording)

    def settled(self, wordings: Iterable[str]) -> dict[str, int]:
        """{wording: unit id} for the wordings a sure match inside the issuer's subtree settles."""
        hits = ((wording, self.settle(wording)) for wording in dict.fromkeys(wordings))
        return {wording: hit.unit_id for wording, hit in hits if hit}

    def suggest(
        self, wording: str, *, limit: int | None = 3, min_score: float = SUGGEST_THRESHOLD
    ) -> list[Candidate]:
        """Units `wording` may mean, best first; at an equal score the issuer's own come first."""
        ranked = self.around.match(wording, limit=None, min_score=min_score)
        ranked.sort(key=lambda c: (-c.score, c.unit_id not in self.own.units))
        return ranked if limit is None else ranked[:limit]


def scope_units(issuer: Unit | None) -> QuerySet[Unit]:
    """The units a plan of `issuer` may name (`Scope.around`): its subtree, each unit above
    it and their direct children; the whole tree without an issuer."""
    if issuer is None:
        return Unit.objects.all()
    above = _ancestor_ids(issuer.path)
    return Unit.objects.filter(Q(path__startswith=issuer.path) | Q(pk__in=above) | Q(parent_id__in=above))


def plan_scope(issuer: Unit | None, *, keys: list[UnitKeys] | None = None) -> Scope:
    """The Scope of a plan of `issuer`. `keys` (all units, or at least the scope) saves
    loading them again."""
    if keys is None:
        keys = load_unit_keys(units=scope_units(issuer))
    if issuer is None:
        index = UnitIndex(keys)
        return Scope(own=index, around=index)
    above = _ancestor_paths(issuer.path)
    own = [k for k in keys if k.path.startswith(issuer.path)]
    upward = [
        k
        for k in keys
        if not k.path.startswith(issuer.path) and (k.path in above or _parent_path(k.path) in above)
    ]
    return Scope(own=UnitIndex(own), around=UnitIndex([*own, *upward]))


def resolve_issuer(document: Mapping[str, Any], keys: list[UnitKeys]) -> Unit | None:
    """The unit that issued a document, from its header (`issuer`, else within `issuer_parent`)."""
    name = document.get("issuer")
    if not name:
        return None
    index = UnitIndex(keys)
    hit = index.resolve(name)
    parent_name = document.get("issuer_parent")
    if hit is None and parent_name:
        parent = index.resolve(parent_name)
        if parent is not None:
            parent_path = index.units[parent.unit_id].path
            hit = UnitIndex(k for k in keys if k.path.startswith(parent_path)).resolve(name)
    return Unit.objects.filter(pk=hit.unit_id).first() if hit else None


def _ancestor_ids(path: str) -> list[int]:
    """The ids of the units above the one at `path` ("/1/5/9/" → [1, 5])."""
    return [int(part) for part in path.strip("/").split("/")[:-1]]


def _ancestor_paths(path: str) -> set[str]:
    """The paths of the units above the one at `path` ("/1/5/9/" → {"/1/", "/1/5/"})."""
    parts = path.strip("/").split("/")[:-1]
    return {"/" + "".join(f"{part}/" for part in parts[:n]) for n in range(1, len(parts) + 1)}


def _parent_path(path: str) -> str:
    """The path of the unit above the one at `path` ("/1/5/9/" → "/1/5/"; a root's is "/")."""
    return "/" + "".join(f"{part}/" for part in path.strip("/").split("/")[:-1])


def _as_keys(unit: UnitKeys | Unit) -> UnitKeys:
    """UnitKeys of a Unit-like object (id or pk, name, optional name_key/short_name/alias_keys)."""
    if isinstance(unit, UnitKeys):
        return unit
    name = unit.name
    keys = [getattr(unit, "name_key", "") or normalise_unit(name)]
    if getattr(unit, "short_name", ""):
        keys.append(normalise_unit(unit.short_name))
    keys.extend(getattr(unit, "alias_keys", ()))
    unit_id = getattr(unit, "pk", None) or unit.id
    return UnitKeys(id=unit_id, name=name, keys=tuple(dict.fromkeys(keys)), path=getattr(unit, "path", ""))
