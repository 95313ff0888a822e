"""Service tests read the services' messages in English (their msgids), whatever the
Vietnamese catalogue says; the pages' Vietnamese is asserted in tests/web and tests/browser."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield
