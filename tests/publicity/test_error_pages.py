"""The 404 and 500 pages: in the reader's language, with a way on."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import valid_code

pytestmark = pytest.mark.django_db


def translated(message, language):
    with translation.override(language):
        return gettext(message)


def company_url(code, language):
    with translation.override(language):
        return reverse("publicity:company-detail", args=[code])


@pytest.mark.smoke
@pytest.mark.parametrize(("language", "lang_attribute"), [("zh-hans", "zh-Hans"), ("en", "en")])
@pytest.mark.parametrize("code", ["X", valid_code(9999999)], ids=["not-a-code", "unknown-code"])
def test_an_unknown_credit_code_gives_a_404_page_in_the_readers_language(
    client, language, lang_attribute, code
):
    response = client.get(company_url(code, language))

    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang_attribute}">' in html
    assert translated("Page not found", language) in html
    with translation.override(language):
        assert f'action="{reverse("publicity:search")}"' in html  # a search box to go on


def test_an_unknown_person_gives_a_404_page(client):
    with translation.override("en"):
        response = client.get(reverse("publicity:person-detail", args=[987654]))

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_code_with_a_nul_byte_or_ten_thousand_characters_is_a_404_not_a_500(client):
    assert client.get("/companies/91110108%00MA0000001/").status_code == 404
    assert client.get(f"/companies/{'9' * 10_000}/").status_code == 404


def test_the_500_page_runs_no_query_and_needs_no_request(django_assert_num_queries):
    with django_assert_num_queries(0), translation.override("en"):
        html = render_to_string("500.html")

    assert "Sorry, there is a problem with the service" in html
