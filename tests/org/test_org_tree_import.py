"""org.services.import_units and org.tree_io: the unit tree from and to CSV/XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from cchc.org.models import Unit, UnitAlias
from cchc.org.selectors import unit_subtree
from cchc.org.services import TREE_COLUMNS, UnitImportError, import_units
from cchc.org.tree_io import export_tree_csv, export_tree_xlsx, read_tree

pytestmark = pytest.mark.django_db


def row(code, name, *, kind="other", parent="", aliases="", short="", valid_from="", valid_to=""):
    return {
        "code": code,
        "name": name,
        "short_name": short,
        "kind": kind,
        "parent_code": parent,
        "aliases": aliases,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }


TREE = [
    # children before their parent: the file order does not matter
    row("q11-p08", "Phường 8", kind="xã-phường", parent="q11", valid_to="30/06/2025"),
    row("hcm", "Thành phố Hồ Chí Minh", kind="province", short="TP.HCM"),
    row("q11", "Quận 11", kind="district", parent="hcm", valid_to="30/06/2025"),
    row("q11-pnv", "Phòng Nội vụ", kind="department", parent="q11", aliases="Phòng NV|Phòng Nội vụ Quận 11"),
    row("hcm-p-minh-phung", "Phường Minh Phụng", kind="commune", parent="hcm", valid_from="01/07/2025"),
]


def test_import_creates_the_tree_with_paths_dates_and_aliases() -> None:
    result = import_units(rows=TREE)
    assert sorted(result.created) == sorted(r["code"] for r in TREE)
    hcm, q11, ward = (Unit.objects.get(code=c) for c in ("hcm", "q11", "q11-p08"))
    assert (hcm.kind, hcm.short_name, hcm.parent) == (Unit.Kind.PROVINCE, "TP.HCM", None)
    assert (q11.parent, ward.parent, ward.kind) == (hcm, q11, Unit.Kind.COMMUNE)
    assert ward.path == f"/{hcm.pk}/{q11.pk}/{ward.pk}/"
    assert ward.valid_to == date(2025, 6, 30)
    assert Unit.objects.get(code="hcm-p-minh-phung").valid_from == date(2025, 7, 1)
    # both shapes in one tree: the old district's subtree and the new ward directly under the city
    assert set(unit_subtree(unit=hcm).values_list("code", flat=True)) == {r["code"] for r in TREE}
    assert sorted(UnitAlias.objects.filter(unit__code="q11-pnv").values_list("text", flat=True)) == [
        "Phòng NV",
        "Phòng Nội vụ Quận 11",
    ]
    # spellings with the same matching key are one alias: PNV reads as Phòng NV
    import_units(
        rows=[row("q11-pnv", "Phòng Nội vụ", kind="department", parent="q11", aliases="Phòng NV|PNV")]
    )
    assert UnitAlias.objects.filter(unit__code="q11-pnv").count() == 1


def test_import_twice_changes_nothing_and_updates_by_code() -> None:
    import_units(rows=TREE)
    again = import_units(rows=TREE)
    assert (again.created, again.updated) == ([], [])
    assert Unit.objects.count() == len(TREE) and UnitAlias.objects.count() == 2

    changed = [dict(r) for r in TREE]
    changed[3]["aliases"] = "PNV|Phòng Nội vụ Q11"
    changed[2]["name"] = "Quận 11 (cũ)"
    result = import_units(rows=changed)
    assert sorted(result.updated) == ["q11", "q11-pnv"]
    assert Unit.objects.get(code="q11").name == "Quận 11 (cũ)"
    assert sorted(UnitAlias.objects.values_list("text", flat=True)) == ["Phòng NV", "Phòng Nội vụ Q11"]


def test_moving_a_unit_repaths_its_subtree() -> None:
    import_units(rows=[*TREE, row("hn", "Thành phố Hà Nội", kind="province")])
    moved = [dict(r) for r in TREE]
    moved[2]["parent_code"] = "hn"
    import_units(rows=moved)
    hn = Unit.objects.get(code="hn")
    assert Unit.objects.get(code="q11-p08").path.startswith(hn.path)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (row("x", "Đơn vị X", parent="khong-co"), "Dòng 7 (mã x): không có đơn vị cha mã “khong-co”"),
        (
            row("x", "Đơn vị X", valid_to="31/02/2025"),
            "Dòng 7 (mã x): ngày valid_to “31/02/2025” không hợp lệ",
        ),
        (row("x", "Đơn vị X", kind="bộ"), "Dòng 7 (mã x): loại “bộ” không hợp lệ"),
        (row("x", ""), "Dòng 7 (mã x): thiếu tên đơn vị"),
        (row("x y", "Đơn vị X"), "Dòng 7 (mã x y): mã “x y” chỉ gồm chữ không dấu"),
        (row("hcm", "Trùng"), "Dòng 7 (mã hcm): mã “hcm” trùng với dòng 3"),
        ({"code": "x", "name": "Đơn vị X"}, "Dòng 7 (mã x): thiếu cột kind, parent_code."),
        (row("x", "X", valid_from="01/07/2025", valid_to="30/06/2025"), "valid_to trước valid_from"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_saved(bad: dict, message: str) -> None:
    with pytest.raises(UnitImportError) as caught:
        import_units(rows=[*TREE, bad])
    assert any(message in line for line in caught.value.errors), caught.value.errors
    assert Unit.objects.count() == 0


def test_parent_cycle_is_refused() -> None:
    with pytest.raises(UnitImportError, match="vòng lặp"):
        import_units(rows=[row("a", "A", parent="b"), row("b", "B", parent="a")])


def test_parent_may_already_exist_in_the_database() -> None:
    import_units(rows=TREE[1:3])
    result = import_units(rows=[row("q11-p01", "Phường 1", kind="commune", parent="q11")])
    assert result.created == ["q11-p01"]


# --- files ---------------------------------------------------------------------------


def _csv(rows: list[list[str]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def test_csv_round_trip_is_idempotent() -> None:
    import_units(rows=TREE)
    data = export_tree_csv(Unit.objects.order_by("path"))
    assert data.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    rows = read_tree(data=data, filename="don-vi.csv")
    assert len(rows) == len(TREE)
    assert import_units(rows=rows).created == []
    assert import_units(rows=rows).updated == []
    ward = next(r for r in rows if r["code"] == "q11-p08")
    assert (ward["parent_code"], ward["valid_to"], ward["kind"]) == ("q11", "30/06/2025", "commune")


def test_xlsx_round_trip_keeps_dates_and_aliases() -> None:
    import_units(rows=TREE)
    data = export_tree_xlsx(Unit.objects.order_by("path"))
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == list(TREE_COLUMNS)
    rows = read_tree(data=data, filename="don-vi.xlsx")
    pnv = next(r for r in rows if r["code"] == "q11-pnv")
    assert pnv["aliases"] == "Phòng NV|Phòng Nội vụ Quận 11" and pnv["_row"] >= 2
    assert import_units(rows=rows).created == []


def test_xlsx_with_real_date_cells_and_semicolon_csv() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(TREE_COLUMNS))
    sheet.append(["hcm", "Thành phố Hồ Chí Minh", "", "province", "", "", None, None])
    sheet.append(["q10", "Quận 10", "", "district", "hcm", "", None, date(2025, 6, 30)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    import_units(rows=read_tree(data=buffer.getvalue(), filename="tree.xlsx"))
    assert Unit.objects.get(code="q10").valid_to == date(2025, 6, 30)

    data = _csv([list(TREE_COLUMNS), ["q10-p08", "Phường 8", "", "commune", "q10", "", "", ""]], ";")
    import_units(rows=read_tree(data=data, filename="tree.csv"))
    assert Unit.objects.get(code="q10-p08").parent.code == "q10"


def test_wrong_columns_list_the_expected_ones() -> None:
    data = _csv([["ma", "ten"], ["x", "y"]])
    with pytest.raises(UnitImportError) as caught:
        read_tree(data=data, filename="sai.csv")
    message = str(caught.value)
    assert "tiêu đề không đúng" in message and "“ma”" in message
    assert "code, name, short_name, kind, parent_code, aliases, valid_from, valid_to" in message


def test_row_numbers_in_errors_follow_the_file() -> None:
    data = _csv(
        [
            list(TREE_COLUMNS),
            ["hcm", "TP", "", "province", "", "", "", ""],
            [],
            ["x", "X", "", "other", "nope", "", "", ""],
        ]
    )
    with pytest.raises(UnitImportError, match=r"Dòng 4 \(mã x\): không có đơn vị cha"):
        import_units(rows=read_tree(data=data, filename="t.csv"))


def test_unknown_format_and_unreadable_files() -> None:
    with pytest.raises(UnitImportError, match=r"không phải \.csv hoặc \.xlsx"):
        read_tree(data=b"", filename="tree.ods")
    with pytest.raises(UnitImportError, match="Không mở được tệp Excel"):
        read_tree(data=b"not a zip", filename="tree.xlsx")
    with pytest.raises(UnitImportError, match="UTF-8"):
        read_tree(data="code,name".encode("utf-16"), filename="tree.csv")
