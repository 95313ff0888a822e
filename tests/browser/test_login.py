"""Logging in and switching language, in a real browser."""

from __future__ import annotations

import re

from django.urls import reverse
from factories import make_member, make_unit
from playwright.sync_api import expect

from cchc.org.models import Membership, Unit


def test_wrong_password_shows_a_vietnamese_error(page, log_in) -> None:
    user = make_member(make_unit("Quận 11", kind=Unit.Kind.DISTRICT), Membership.Role.SPECIALIST)
    log_in(page, user.username, "sai-mat-khau")
    assert page.url.split("?")[0].endswith(reverse("login"))
    error = page.locator(".errorlist")
    expect(error).to_contain_text("mật khẩu chính xác")
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_log_in_lands_on_the_plan_list(logged_in_page) -> None:
    user = make_member(make_unit("Quận 11", kind=Unit.Kind.DISTRICT), Membership.Role.SPECIALIST)
    page = logged_in_page(user)
    expect(page).to_have_url(re.compile(re.escape(reverse("plans:list")) + r"$"))
    expect(page.locator(".account .who")).to_contain_text(user.username)


def test_switch_to_english_and_back(page) -> None:
    page.goto(reverse("login"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # Django's own messages follow the language: the login error is now in English.
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong")
    page.locator("form:has(#id_password) [type=submit]").click()
    expect(page.locator(".errorlist")).to_contain_text("Please enter a correct")
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("button", name="English")).to_be_visible()
