"""Recognising a plan we already have (file, number, title) and pairing its tasks."""

from __future__ import annotations

import pytest
from factories import make_unit
from plans.builders import make_plan

from cchc.org.models import Unit
from cchc.plans.models import PlanVersion
from cchc.plans.version_match import FILE, NUMBER, TITLE, find_existing_plan, match_tasks

pytestmark = pytest.mark.django_db

TITLE_2022 = "Kế hoạch thực hiện công tác cải cách hành chính trên địa bàn Quận 11 năm 2022"


@pytest.fixture
def district():
    return make_unit("Ủy ban nhân dân Quận 11", kind=Unit.Kind.DISTRICT)


@pytest.fixture
def plan(district):
    return make_plan(district, year=2022, number="19/KH-UBND", title=TITLE_2022, source_sha256="a" * 64)


def header(**fields):
    return {"number": "19/KH-UBND", "kind": "KH", "year": 2022, "title": TITLE_2022, **fields}


def test_the_same_file_of_any_version(plan, district):
    assert find_existing_plan(issuer=district, document={}, sha256="a" * 64) == (plan, FILE)
    PlanVersion.objects.create(plan=plan, number=1, source_sha256="b" * 64)
    assert find_existing_plan(issuer=district, document={}, sha256="b" * 64) == (plan, FILE)


@pytest.mark.parametrize("number", ["19/KH-UBND", " 19 / kh-ubnd "])
def test_the_same_number_in_the_same_year(plan, district, number):
    found = find_existing_plan(issuer=district, document=header(number=number, title="Khác"), sha256="c" * 64)
    assert found == (plan, NUMBER)


def test_numbers_restart_every_year(plan, district):
    document = header(year=2023, title=TITLE_2022.replace("2022", "2023"))
    assert find_existing_plan(issuer=district, document=document, sha256="c" * 64) == (None, "")


def test_the_year_comes_from_the_date_when_missing(plan, district):
    document = header(year=None, date="2022-02-03")
    assert find_existing_plan(issuer=district, document=document, sha256="c" * 64) == (plan, NUMBER)
    document = header(year=None, date="2023-02-03")
    assert find_existing_plan(issuer=district, document=document, sha256="c" * 64) == (None, "")


def test_a_new_number_and_a_near_identical_title(plan, district):
    document = header(number="25/KH-UBND", title=TITLE_2022.replace("trên địa bàn", "trên  địa bàn") + ".")
    assert find_existing_plan(issuer=district, document=document, sha256="c" * 64) == (plan, TITLE)


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "Kế hoạch kiểm tra công tác cải cách hành chính năm 2022"},  # another plan
        {"title": TITLE_2022.replace("Quận 11", "Quận 10")},  # near-identical, another number in it
        {"kind": "QĐ"},  # a decision, not the plan
    ],
)
def test_other_titles_or_kinds_are_new_plans(plan, district, fields):
    document = header(number="25/KH-UBND", **fields)
    assert find_existing_plan(issuer=district, document=document, sha256="c" * 64) == (None, "")


def test_another_issuer_never_matches(plan):
    other = make_unit("Ủy ban nhân dân Quận 10", kind=Unit.Kind.DISTRICT)
    assert find_existing_plan(issuer=other, document=header(), sha256="a" * 64) == (None, "")
    assert find_existing_plan(issuer=None, document=header(), sha256="a" * 64) == (None, "")


# --- tasks ------------------------------------------------------------------------------------


def test_same_codes_and_titles_pair_in_place():
    stored = [("1.1", "Xây dựng kế hoạch"), ("1.2", "Kiểm tra công vụ")]
    assert match_tasks(stored, stored) == [0, 1]


def test_a_corrected_title_keeps_its_task():
    stored = [("1.1", "Xây dựng kế hoạch CCHC năm 2022"), ("1.2", "Kiện toàn Ban Chỉ đạo CCHC Thành phố")]
    rows = [("1.1", "Xây dựng kế hoạch CCHC năm 2022"), ("1.2", "Kiện toàn Ban Chỉ đạo CCHC Quận 11")]
    assert match_tasks(stored, rows) == [0, 1]


def test_a_task_inserted_before_others_renumbers_them_without_moving_their_work():
    stored = [("2.1", "Rà soát văn bản quy phạm pháp luật"), ("2.2", "Theo dõi thi hành pháp luật")]
    rows = [
        ("2.1", "Tổ chức hội nghị tập huấn nghiệp vụ"),  # new, takes the code 2.1
        ("2.2", "Rà soát văn bản quy phạm pháp luật"),
        ("2.3", "Theo dõi thi hành pháp luật"),
    ]
    assert match_tasks(stored, rows) == [None, 0, 1]


def test_a_rewritten_row_keeps_its_code():
    stored = [("3.1", "Nhiệm vụ cũ hoàn toàn khác")]
    assert match_tasks(stored, [("3.1", "Đẩy mạnh dịch vụ công trực tuyến")]) == [0]


def test_titles_that_differ_by_a_number_are_not_renumbered_tasks():
    stored = [("4.1", "Báo cáo CCHC quý 1")]
    assert match_tasks(stored, [("4.5", "Báo cáo CCHC quý 1")]) == [0]  # renumbered
    assert match_tasks(stored, [("4.5", "Báo cáo CCHC quý 2")]) == [None]  # another report


def test_repeated_codes_pair_in_order():
    stored = [("a", "Nhiệm vụ 0"), ("b", "Nhiệm vụ 1"), ("a", "Nhiệm vụ 2")]
    assert match_tasks(stored, [("b", "Nhiệm vụ 0"), ("a", "Nhiệm vụ 1")]) == [1, 0]
    assert match_tasks(stored, [("a", "x"), ("a", "y"), ("a", "z")]) == [0, 2, None]
