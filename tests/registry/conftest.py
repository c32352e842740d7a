import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Services, commands and validators speak the active language, Chinese by
    default; these tests read their English messages (a test that wants
    Chinese overrides it again)."""
    with translation.override("en"):
        yield
