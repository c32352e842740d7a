"""The search page keeps its filter choices and its rendered filter form per
process (publicity/caching/choices.py, publicity/caching/renderings.py): what is kept must
still be what the register and the request say."""

import pytest
from django.core.cache import cache

from registry.models import Region

SEARCH_EN = "/en/search/"


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings):
    cache.clear()
    settings.SEARCH_RATE_LIMIT = 1000


@pytest.mark.django_db
def test_a_renamed_province_shows_its_new_name_at_once(client):
    zhejiang = Region.objects.get(code="330000")
    option = '<option value="330000">{}</option>'
    before = client.get(SEARCH_EN, {"q": "华鑫"}).content.decode()
    assert option.format(zhejiang.name_en or zhejiang.name) in before
    zhejiang.name_en = "Chekiang"
    zhejiang.save()

    after = client.get(SEARCH_EN, {"q": "华鑫"}).content.decode()

    assert option.format("Chekiang") in after
    assert option.format(zhejiang.name) not in after


@pytest.mark.django_db
def test_each_search_keeps_its_own_query_and_errors_in_the_filter_form(client):
    first = client.get(SEARCH_EN, {"q": "华鑫", "established_from": "2001"}).content.decode()
    wrong = client.get(SEARCH_EN, {"q": "华鑫", "established_from": "1800"})
    second = client.get(SEARCH_EN, {"q": "恒通", "established_from": "2001"}).content.decode()

    assert wrong.status_code == 400
    assert 'class="search-field__error"' in wrong.content.decode()
    assert 'name="q" value="华鑫"' in first and 'name="q" value="恒通"' in second
    assert 'class="search-field__error"' not in second
    assert 'value="2001"' in second and "Clear the filters" in second
