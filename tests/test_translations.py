"""Vietnamese first: the catalogue is complete, well-formed and used by the pages.

(a) cchc/locale/vi/LC_MESSAGES/django.po parses; every entry (every plural form) is
    translated, none is fuzzy or obsolete, placeholders, HTML tags and NFC are kept;
(b) it is complete with respect to the code: makemessages, run on a copy of the sources
    into a scratch catalogue, finds no msgid the committed one lacks (a new string in a
    template or in Python without its Vietnamese fails here: run `make messages`);
(c) a page renders in Vietnamese by default and in English after the language switch.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
PO_PATH = ROOT / "cchc" / "locale" / "vi" / "LC_MESSAGES" / "django.po"

# %(name)s, %s, %d, %5.1f, %%: printf-style placeholders as Python and gettext read them.
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
_BRACES = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[.!:][^{}]*)?\}")
_TAGS = re.compile(r"</?[A-Za-z][^>]*>")


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    assert PO_PATH.is_file(), f"{PO_PATH} is missing: run `make messages`"
    return polib.pofile(str(PO_PATH), encoding="utf-8")


def _key(entry: polib.POEntry) -> tuple[str | None, str, str | None]:
    return (entry.msgctxt or None, entry.msgid, entry.msgid_plural or None)


def _label(key: tuple[str | None, str, str | None]) -> str:
    context, msgid, _plural = key
    return f"[{context}] {msgid!r}" if context else repr(msgid)


def _markers(text: str) -> tuple[Counter, Counter, Counter]:
    """Named placeholders, positional ones (in order), {braces} and tags of a string."""
    printf = _PRINTF.findall(text)
    named = Counter(p for p in printf if p.startswith("%("))
    positional = Counter(enumerate(p for p in printf if not p.startswith("%(") and p != "%%"))
    return named + positional, Counter(_BRACES.findall(text)), Counter(_TAGS.findall(text))


def _translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs: msgid/msgstr, or msgid_plural/each plural form."""
    if entry.msgid_plural:
        return [(entry.msgid_plural, text) for _index, text in sorted(entry.msgstr_plural.items())]
    return [(entry.msgid, entry.msgstr)]


# --- (a) the catalogue itself ------------------------------------------------------------------


def test_header(catalogue):
    meta = catalogue.metadata
    assert meta.get("Language") == "vi"
    assert "charset=UTF-8" in meta.get("Content-Type", "")
    assert meta.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    assert not catalogue.metadata_is_fuzzy, "the header is marked fuzzy"


def test_every_entry_is_translated_and_none_is_fuzzy_or_obsolete(catalogue):
    entries = [e for e in catalogue if not e.obsolete]
    assert len(entries) > 100, "the catalogue looks truncated"
    untranslated = [_label(_key(e)) for e in entries if not all(t.strip() for _s, t in _translations(e))]
    assert not untranslated, "untranslated: " + "; ".join(untranslated)
    plural_forms = [_label(_key(e)) for e in entries if e.msgid_plural and len(e.msgstr_plural) != 1]
    assert not plural_forms, "Vietnamese has one plural form (nplurals=1): " + "; ".join(plural_forms)
    fuzzy = [_label(_key(e)) for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy: " + "; ".join(fuzzy)
    obsolete = [repr(e.msgid) for e in catalogue.obsolete_entries()]
    assert not obsolete, "obsolete (#~) entries, run `make messages`: " + "; ".join(obsolete)


def test_translations_keep_placeholders_and_markup(catalogue):
    problems = []
    for entry in catalogue.translated_entries():
        for source, text in _translations(entry):
            if _markers(source) != _markers(text):
                problems.append(f"{_label(_key(entry))} → {text!r}")
    assert not problems, "placeholders or HTML differ:\n" + "\n".join(problems)


def test_translations_are_nfc_vietnamese(catalogue):
    not_nfc = [
        _label(_key(e))
        for e in catalogue
        for _source, text in _translations(e)
        if unicodedata.normalize("NFC", text) != text
    ]
    assert not not_nfc, "not NFC: " + "; ".join(not_nfc)


@pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="gettext's msgfmt is missing (apt-get install gettext)"
)
def test_msgfmt_accepts_the_catalogue(tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "--check-format", "-o", str(tmp_path / "django.mo"), str(PO_PATH)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr


def test_glossary_terms(catalogue):
    """The words of docs/glossary.md and of the civil servants' own software, where the UI uses them."""
    expected = {
        "Plans": "Kế hoạch",
        "Task": "Nhiệm vụ",
        "Targets": "Chỉ tiêu",
        "Lead unit": "Cơ quan chủ trì",
        "Supporting units": "Cơ quan phối hợp",
        "Deadline": "Thời hạn",
        "Products": "Sản phẩm",
        "Issuer": "Cơ quan ban hành",
        "Number": "Số, ký hiệu",
        "Title": "Trích yếu",
        "Signer": "Người ký",
        "Import a plan": "Nhập kế hoạch",
        "Unit": "Đơn vị",
        "Export to Excel": "Xuất Excel",
        "Log in": "Đăng nhập",
        "Specialist": "Chuyên viên",
        "Leader": "Lãnh đạo",
        "Viewer": "Người xem",
        "Administrator": "Quản trị",
        "Period": "Kỳ báo cáo",
        "Quarter I": "Quý I",
        "Six months": "6 tháng",
        "Nine months": "9 tháng",
        "Year": "Năm",
        "Province / centrally-run city": "Tỉnh / thành phố trực thuộc trung ương",
        "Department or agency": "Sở, ban, ngành",
        "District": "Quận, huyện",
        "Commune / ward": "Xã, phường, thị trấn",
        "Continuous": "Thường xuyên",
        "Reporting calendar": "Chế độ báo cáo",
        # Tracking (docs/glossary.md: nghĩa vụ, việc của tôi, quá hạn, sắp đến hạn, …)
        "My work": "Việc của tôi",
        "Obligations": "Nghĩa vụ",
        "Overdue": "Quá hạn",
        "Due soon": "Sắp đến hạn",
        "Not started": "Chưa thực hiện",
        "In progress": "Đang thực hiện",
        "Done": "Hoàn thành",
        "Done late": "Hoàn thành trễ hạn",
        "Could not be done": "Không thực hiện được",
        "Record progress": "Cập nhật tiến độ",
        "Evidence files": "Tài liệu kiểm chứng",
        "Ask for an extension": "Đề nghị gia hạn",
        "Awaiting approval": "Chờ duyệt",
        "Approve": "Duyệt",
        "Return": "Trả lại",
        "Notifications": "Thông báo",
        "History": "Lịch sử thay đổi",
        "Ranking": "Xếp hạng",
        "On-time rate": "Tỷ lệ đúng hạn",
    }
    with translation.override("vi"):
        got = {msgid: translation.gettext(msgid) for msgid in expected}
        unit_code = translation.pgettext("unit", "code")
    assert got == expected
    assert unit_code == "mã đơn vị"  # a unit's code, not a task's "số thứ tự"


# --- (b) complete with respect to the code ---------------------------------------------------

# Runs Django's makemessages on a copy of the sources (what `make messages` does, without
# docparse) with LOCALE_PATHS pointing into the copy, so the committed catalogue is untouched.
_EXTRACT = """
import sys
import django
from django.conf import settings

django.setup()
settings.LOCALE_PATHS = [sys.argv[1]]
from django.core.management import call_command

call_command("makemessages", locale=["vi"], verbosity=0)
"""


@pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msguniq", "msgfmt")),
    reason="gettext is missing (apt-get install gettext): cannot extract the msgids of the code",
)
def test_catalogue_has_every_msgid_of_the_code(tmp_path, catalogue):
    sources = tmp_path / "cchc"
    shutil.copytree(
        ROOT / "cchc",
        sources,
        ignore=shutil.ignore_patterns("locale", "docparse", "demo_data", "__pycache__", "*.pyc"),
    )
    locale_dir = sources / "locale"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cchc.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "CCHC_VAR_DIR": str(tmp_path / "var"),
    }
    result = subprocess.run(
        [sys.executable, "-c", _EXTRACT, str(locale_dir)],
        cwd=sources,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    extracted = polib.pofile(str(locale_dir / "vi" / "LC_MESSAGES" / "django.po"), encoding="utf-8")
    in_code = {_key(e) for e in extracted if not e.obsolete}
    assert len(in_code) > 100, "makemessages found almost nothing: is it reading the right tree?"
    translated = {_key(e) for e in catalogue.translated_entries() if "fuzzy" not in e.flags}
    missing = sorted(in_code - translated, key=lambda k: k[1])
    assert not missing, (
        "strings of the code without a Vietnamese translation (run `make messages`, then translate "
        "them in cchc/locale/vi/LC_MESSAGES/django.po):\n" + "\n".join(_label(k) for k in missing)
    )


# --- (c) the pages ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_plan_list_in_vietnamese_then_english(client, settings):
    from factories import make_member, make_unit
    from plans.builders import make_plan

    from cchc.org.models import Unit

    district = make_unit("Ủy ban nhân dân Quận 11", kind=Unit.Kind.DISTRICT)
    make_plan(district, n_tasks=2, number="19/KH-UBND")
    user = make_member(district, "specialist", username="chuyenvien.q11")

    login_page = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in login_page and "Mật khẩu" in login_page and "Password" not in login_page
    response = client.post(reverse("login"), {"username": user.username, "password": "mat-khau-123"})
    assert response.status_code == 302

    page = client.get(reverse("plans:list")).content.decode()
    assert '<html lang="vi">' in page
    for vietnamese in (
        "Kế hoạch",
        "Nhập kế hoạch",
        "Xuất Excel",
        "Đăng xuất",
        "Cơ quan ban hành",
        "Số, ký hiệu",
    ):
        assert vietnamese in page, vietnamese
    assert "15/01/2026" in page  # dd/mm/yyyy
    for english in ("Plans", "Log out", "Import a plan", "Export to Excel", "Issuer", "Filter"):
        assert english not in page, english

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("plans:list")})
    assert response.status_code == 302
    page = client.get(reverse("plans:list")).content.decode()
    assert '<html lang="en">' in page
    for english in ("Plans", "Log out", "Import a plan", "Export to Excel", "Issuer"):
        assert english in page, english
    assert "Đăng xuất" not in page and "Xuất Excel" not in page

    client.post(reverse("set_language"), {"language": "vi", "next": reverse("plans:list")})
    assert "Đăng xuất" in client.get(reverse("plans:list")).content.decode()
