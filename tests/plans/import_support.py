"""Shared set-up of the import tests: a small unit tree around Quận 11 and the seed documents."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from factories import make_member, make_unit

from cchc.demo import TREE_FILES
from cchc.org import services as org_services
from cchc.org.models import Membership, Unit
from cchc.org.tree_io import read_tree
from cchc.plans import drafts
from cchc.plans.models import ImportDraft

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
SEED_000 = "000_d819fbad9da38ddd"


def seed_bytes(stem: str = SEED_000) -> bytes:
    return (SEEDS / f"{stem}.txt").read_bytes()


@dataclass
class Tree:
    city: Unit
    q11: Unit
    q1: Unit
    noi_vu: Unit
    van_phong: Unit
    tai_chinh: Unit
    q1_noi_vu: Unit


def make_tree() -> Tree:
    """TP.HCM → Quận 11 (with its offices) and Quận 1 (with a Phòng Nội vụ of its own)."""
    city = make_unit("Ủy ban nhân dân Thành phố Hồ Chí Minh", kind=Unit.Kind.PROVINCE)
    q11 = make_unit("Ủy ban nhân dân Quận 11", kind=Unit.Kind.DISTRICT, parent=city)
    q1 = make_unit("Ủy ban nhân dân Quận 1", kind=Unit.Kind.DISTRICT, parent=city)
    noi_vu = make_unit("Phòng Nội vụ", kind=Unit.Kind.DEPARTMENT, parent=q11)
    van_phong = make_unit("Văn phòng Ủy ban nhân dân quận", kind=Unit.Kind.DEPARTMENT, parent=q11)
    tai_chinh = make_unit("Phòng Tài chính - Kế hoạch", kind=Unit.Kind.DEPARTMENT, parent=q11)
    make_unit("Phòng Tư pháp", kind=Unit.Kind.DEPARTMENT, parent=q11)
    make_unit("Phòng Kinh tế", kind=Unit.Kind.DEPARTMENT, parent=q11)
    q1_noi_vu = make_unit("Phòng Nội vụ", kind=Unit.Kind.DEPARTMENT, parent=q1)
    return Tree(city, q11, q1, noi_vu, van_phong, tai_chinh, q1_noi_vu)


def specialist_of(unit: Unit, **fields):
    return make_member(unit, Membership.Role.SPECIALIST, **fields)


def big_draft(*, user, n_tasks: int, stem: str = SEED_000) -> ImportDraft:
    """A draft of a seed plan whose tasks are repeated up to `n_tasks` (each with its own code):
    a big plan's size with a real plan's titles, unit names and source excerpts."""
    draft = drafts.create_draft(user=user, data=seed_bytes(stem), filename=f"{stem}.txt")
    tasks = draft.payload["tasks"]
    draft.payload["tasks"] = [
        {**tasks[i % len(tasks)], "code": f"{tasks[i % len(tasks)].get('code') or ''}.{i // len(tasks) + 1}"}
        for i in range(n_tasks)
    ]
    draft.save(update_fields=["payload"])
    return draft


def load_demo_tree() -> None:
    """The demo's unit tree as `cchc demo` loads it: TP.HCM with Quận 10 and Quận 11 (each with
    its own Phòng Nội vụ, Quận Đoàn, "Các phòng, ban" …), Gò Vấp, Hà Nội."""
    for name in TREE_FILES:
        data = resources.files("cchc.org").joinpath("data", name).read_bytes()
        org_services.import_units(rows=read_tree(data=data, filename=name))
