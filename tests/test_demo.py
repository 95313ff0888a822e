"""`cchc demo`: the demo tree, accounts, seed plans and their progress as of the demo date,
that day's reminders; loaded twice without duplicates."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pdfplumber
import pytest
from django.contrib.auth import get_user_model

from cchc.audit.models import Entry
from cchc.commands import web
from cchc.demo import DEMO_TODAY, DEMO_USERS, SEED_ISSUERS, DemoResult, load_demo
from cchc.demo_progress import minimal_pdf
from cchc.org.access import can_edit_unit, can_read_unit
from cchc.org.models import Membership, Unit, UnitAlias
from cchc.plans.models import Plan
from cchc.tracking.due_states import DueState
from cchc.tracking.evidence import check_evidence
from cchc.tracking.models import (
    Evidence,
    ExtensionRequest,
    Notification,
    Obligation,
    ProgressUpdate,
    ReminderDigest,
)
from cchc.tracking.selectors import my_work

pytestmark = pytest.mark.django_db


ROOT = Path(__file__).resolve().parent.parent


def _counts() -> dict[str, int]:
    counts = {
        "units": Unit.objects.count(),
        "aliases": UnitAlias.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
    }
    try:
        from cchc.plans.models import Assignment, Plan, Task

        counts |= {"plans": Plan.objects.count(), "tasks": Task.objects.count()}
        counts["assignments"] = Assignment.objects.count()
    except ImportError:  # pragma: no cover
        pass
    for model in (
        Obligation,
        ProgressUpdate,
        Evidence,
        ExtensionRequest,
        Notification,
        ReminderDigest,
        Entry,
    ):
        counts[model.__name__] = model.objects.count()
    return counts


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the demo's evidence files stay out of var/
    return settings.MEDIA_ROOT


def test_demo_twice_duplicates_nothing_and_prints_passwords_once(media, mailoutbox, settings) -> None:
    # One test loads the full demo (a few seconds: ~900 calls of the tracking services).
    first_out = io.StringIO()
    first = load_demo(stdout=first_out)
    assert settings.CCHC_TODAY != DEMO_TODAY  # the demo's clock was put back
    assert first.problems == []
    assert len(first.plans_created) == 5  # the five seeds, through plans.plan_import.import_document
    after_first = _counts()
    assert first.units_created == after_first["units"] > 100
    assert set(first.accounts_created) == {"admin", *(u.username for u in DEMO_USERS)}
    for username, password in first.accounts_created.items():
        assert password in first_out.getvalue()
        assert get_user_model().objects.get(username=username).check_password(password)

    _check_progress(first)
    _check_reminders(first, mailoutbox)
    assert "THEO DÕI THỰC HIỆN tính đến ngày 15/09/2023" in first_out.getvalue()

    second_out = io.StringIO()
    second = load_demo(stdout=second_out)
    assert _counts() == after_first
    assert (second.units_created, second.units_updated, second.accounts_created) == (0, 0, {})
    assert second.plans_created == []
    assert not any(p in second_out.getvalue() for p in first.accounts_created.values())
    assert "cchc manage changepassword" in second_out.getvalue()
    assert second.tracking.skipped and second.tracking.emails_sent == 0
    assert "không ghi thêm" in second_out.getvalue()
    assert second.tracking.statuses == first.tracking.statuses
    assert len(mailoutbox) == first.tracking.digests  # nothing sent twice


def _check_progress(result: DemoResult) -> None:
    """Every seed plan has obligations; progress in each status, reviewed by the right people."""
    summary = result.tracking
    assert {p.pk for p in Plan.objects.filter(obligations__isnull=False)} == set(result.plan_ids)
    assert summary.obligations == Obligation.objects.count() > 500
    assert all(summary.statuses.get(status, 0) > 0 for status in Obligation.Status.values)
    assert summary.statuses[Obligation.Status.DONE] > summary.obligations / 2  # most done on time
    assert summary.reviews[Obligation.Review.APPROVED] > summary.reviews[Obligation.Review.PENDING] > 0
    assert summary.reviews[Obligation.Review.RETURNED] == 1
    assert summary.extensions == {"granted": 1, "pending": 1}
    assert summary.events == 1 and summary.overdue > 0
    assert not ProgressUpdate.objects.filter(status=Obligation.Status.NOT_DONE, reason="").exists()
    assert not Obligation.objects.filter(completed_on__gt=DEMO_TODAY).exists()
    # Recorded by the units' own officers, reviewed by their leader.
    returned = ProgressUpdate.objects.get(review=Obligation.Review.RETURNED)
    assert (returned.author.username, returned.reviewed_by.username) == (
        "chuyenvien.pnv.q11",
        "truongphong.pnv.q11",
    )
    assert returned.review_comment and returned.obligation.status == Obligation.Status.IN_PROGRESS
    granted = ExtensionRequest.objects.get(status=ExtensionRequest.Status.GRANTED)
    assert granted.decided_by.username == "lanhdao.hcm"  # the nearest leader above Phường 8
    assert granted.obligation.due == granted.requested_due > DEMO_TODAY > granted.previous_due
    waiting = ExtensionRequest.objects.get(status=ExtensionRequest.Status.PENDING)
    assert waiting.obligation_id != granted.obligation_id and waiting.previous_due > DEMO_TODAY
    _check_evidence(Evidence.objects.order_by("pk").first())


def _check_evidence(evidence: Evidence) -> None:
    assert evidence.kind == "pdf" and evidence.original_name.endswith(".pdf")
    with evidence.file.open("rb") as handle, pdfplumber.open(handle) as pdf:
        assert "BAO CAO KET QUA THUC HIEN" in pdf.pages[0].extract_text()


def _check_reminders(result: DemoResult, mailoutbox) -> None:
    """As of the demo date the officers see overdue and due-soon work, and got a digest."""
    User = get_user_model()
    officer = User.objects.get(username="chuyenvien.vp.p8q10")
    work = my_work(user=officer, unit=Unit.objects.get(code="q10-p08-vp"), today=DEMO_TODAY)
    extended = ExtensionRequest.objects.get(status=ExtensionRequest.Status.GRANTED).obligation_id
    assert extended in [row.pk for row in work.buckets[DueState.DUE_SOON].rows]
    assert work.buckets[DueState.OVERDUE].count > 0 and work.buckets[DueState.DONE].count > 0
    assert result.tracking.digests == result.tracking.emails_sent == len(mailoutbox) > 0
    recipients = {address for message in mailoutbox for address in message.to}
    assert {"chuyenvien.vp.p8q10@example.gov.vn", "lanhdao.q11@example.gov.vn"} <= recipients
    digest = next(m for m in mailoutbox if m.to == ["chuyenvien.vp.p8q10@example.gov.vn"])
    assert "15/09/2023" in digest.subject
    assert f"/theo-doi/nghia-vu/{extended}/" in digest.body


def test_demo_pdf_is_accepted_as_evidence() -> None:
    data = minimal_pdf(["Báo cáo (đợt 1) \\ Phường 8"])
    assert check_evidence(name="bao-cao.pdf", data=data).kind == "pdf"
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert pdf.pages[0].extract_text() == "Bao cao (dot 1) \\ Phuong 8"


def test_demo_command_names_the_demo_date_when_the_clock_is_not_fixed(monkeypatch, settings, capsys) -> None:
    calls = []
    monkeypatch.setattr(web, "_migrate", lambda: None)
    monkeypatch.setattr("cchc.demo.load_demo", lambda **kwargs: calls.append(kwargs) or DemoResult())
    settings.CCHC_TODAY = None
    web.cmd_demo(argparse.Namespace(reset_passwords=False))
    assert calls[0]["today"] == DEMO_TODAY
    assert "CCHC_TODAY=15/09/2023 .venv/bin/cchc serve" in capsys.readouterr().out

    settings.CCHC_TODAY = DEMO_TODAY.replace(month=10)
    web.cmd_demo(argparse.Namespace(reset_passwords=False))
    assert calls[1]["today"] == DEMO_TODAY.replace(month=10)
    assert "CCHC_TODAY=" not in capsys.readouterr().out


def test_demo_accounts_reach_their_units() -> None:
    load_demo(stdout=io.StringIO(), plans=False)
    User = get_user_model()
    q11_officer = User.objects.get(username="chuyenvien.q11")
    assert can_edit_unit(q11_officer, Unit.objects.get(code="q11-p08"))
    assert not can_read_unit(q11_officer, Unit.objects.get(code="hn"))
    viewer = User.objects.get(username="xem.p8q10")
    ward = Unit.objects.get(code="q10-p08")
    assert can_read_unit(viewer, ward) and not can_edit_unit(viewer, ward)
    assert User.objects.get(username="admin").is_superuser


def test_demo_tree_has_both_shapes() -> None:
    load_demo(stdout=io.StringIO(), plans=False)
    hcm = Unit.objects.get(code="hcm")
    q11 = Unit.objects.get(code="q11")
    assert q11.parent == hcm and str(q11.valid_to) == "2025-06-30"
    assert Unit.objects.filter(parent=q11, kind=Unit.Kind.COMMUNE).count() == 16
    assert Unit.objects.filter(parent__code="govap", kind=Unit.Kind.COMMUNE).count() == 16
    assert Unit.objects.filter(parent__code="q10", kind=Unit.Kind.COMMUNE).count() == 15
    new_ward = Unit.objects.get(code="hcm-p-minh-phung")
    assert new_ward.parent == hcm and str(new_ward.valid_from) == "2025-07-01"
    assert UnitAlias.objects.filter(unit__code="q11-ubnd-phuong", text="UBND 16 phường").exists()


def test_demo_seeds_are_the_test_seeds() -> None:
    demo = sorted((ROOT / "cchc" / "demo_data").glob("*.txt"))
    seeds = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
    assert [p.name for p in demo] == [p.name for p in seeds] == sorted(SEED_ISSUERS)
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(demo, seeds, strict=True))
