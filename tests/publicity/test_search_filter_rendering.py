"""The filter form's widgets are rendered once and reused
(publicity/caching/renderings.py): what is reused must still be what was asked."""

import re

import pytest
from django.core.cache import cache

SEARCH_EN = "/en/search/"
SEARCH_ZH = "/search/"


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings):
    cache.clear()
    settings.SEARCH_RATE_LIMIT = 1000


def selected(response, name):
    select = re.search(rf'<select name="{name}".*?</select>', response.content.decode(), re.S)
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select.group(0))


@pytest.mark.django_db
def test_each_search_shows_its_own_filter_values_and_language(client):
    zhejiang = client.get(SEARCH_EN, {"q": "华鑫", "province": "330000", "status": "revoked"})
    plain = client.get(SEARCH_EN, {"q": "华鑫"})
    beijing = client.get(SEARCH_EN, {"q": "华鑫", "province": "110000"})
    chinese = client.get(SEARCH_ZH, {"q": "华鑫"})

    assert selected(zhejiang, "province") == ["330000"]
    assert selected(zhejiang, "status") == ["revoked"]
    assert selected(plain, "province") == [""] and selected(plain, "status") == [""]
    assert selected(beijing, "province") == ["110000"]
    assert "All provinces" in plain.content.decode()
    assert "All provinces" not in chinese.content.decode()
