"""Filter values that look like numbers to ``str.isdigit()`` but are not
whole numbers (a superscript two, a circled one, Arabic-Indic digits): the
page answers as it does for any invalid filter (400, the error at the top, the
value not echoed raw), never a 500. Also the penalties feed and the API, which
read the same filter sets."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import CourtCaseFactory, ListEntryFactory, PenaltyFactory
from tests.factories_browse import freeze_today

ODD_DIGITS = ["²", "①", "٣", "1²", "１２"]


@pytest.fixture(autouse=True)
def today(db, time_machine):
    yield from freeze_today(time_machine)


@pytest.fixture
def records(db):
    PenaltyFactory()
    CourtCaseFactory()
    ListEntryFactory()


def addresses(language):
    with translation.override(language):
        return [
            (reverse("publicity:penalty-list"), "authority"),
            (reverse("publicity:case-list"), "court"),
            (reverse("publicity:list-detail", args=["abnormal_operations"]), "authority"),
        ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("value", ODD_DIGITS)
def test_an_odd_digit_in_an_agency_filter_is_a_bad_filter_not_a_crash(
    client, records, language, value
):
    for url, name in addresses(language):
        response = client.get(url, {name: value})

        body = response.content.decode()
        assert response.status_code == 400, url
        with translation.override(language):
            assert re.search(r"<title>\s*" + re.escape(gettext("Error:")), body), url
        assert 'class="browse-errors"' in body, url
        assert f'href="#id_{name}"' in body, url


@pytest.mark.parametrize("value", ODD_DIGITS)
def test_an_odd_digit_in_the_penalty_feeds_authority_is_a_bad_request(client, records, value):
    response = client.get(reverse("publicity:penalty-feed"), {"authority": value})

    assert response.status_code == 400


@pytest.mark.parametrize("value", ODD_DIGITS)
@pytest.mark.parametrize(
    "name, params",
    [
        ("api:penalty-list", {"authority": None}),
        ("api:case-list", {"court": None}),
        ("api:list-entry-list", {"view": "current", "authority": None}),
    ],
)
def test_an_odd_digit_in_the_apis_agency_filter_is_a_named_error(
    client, records, value, name, params
):
    params = {key: given or value for key, given in params.items()}
    response = client.get(reverse(name), params)

    assert response.status_code == 400
    assert set(response.json()["errors"]) & {"authority", "court"}
