"""A form that declares a character set other than UTF-8
(``application/x-www-form-urlencoded; charset=latin-1``), with a CSRF cookie,
so that the CSRF check reads the body: Django refuses such a body. Every POST
address answers a 400 page in the site's style and language (the API in
JSON), logged in one line, never a bare 500 with three tracebacks."""

import datetime
import logging

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from registry.models import Objection, RepairApplication
from tests.factories import PenaltyFactory

pytestmark = pytest.mark.django_db

LATIN_1_FORM = "application/x-www-form-urlencoded; charset=latin-1"
BODY = "grounds=wrong&description=caf%E9&contact=a%40example.org&csrfmiddlewaretoken=" + "x" * 32


@pytest.fixture
def form_client():
    """A client that checks CSRF tokens as the site does, with a cookie set."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "x" * 32
    return client


@pytest.fixture
def penalty():
    cache.clear()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0), tick=False):
        yield PenaltyFactory()


def addresses(language, penalty):
    with translation.override(language):
        return [
            reverse("publicity:objection-new", args=["penalty", penalty.pk]),
            reverse("publicity:repair-new", args=[penalty.pk]),
            reverse("publicity:search"),
            reverse("publicity:redress-follow"),
        ]


def post(form_client, url):
    return form_client.post(url, data=BODY, content_type=LATIN_1_FORM)


@pytest.mark.parametrize(("language", "lang_attribute"), [("zh-hans", "zh-Hans"), ("en", "en")])
def test_a_latin_1_form_is_a_400_page_in_the_readers_language(
    form_client, penalty, caplog, language, lang_attribute
):
    for url in addresses(language, penalty):
        caplog.clear()
        with caplog.at_level(logging.INFO):
            response = post(form_client, url)

        html = response.content.decode()
        assert response.status_code == 400, url
        assert f'<html lang="{lang_attribute}">' in html, url
        with translation.override(language):
            assert gettext("The form could not be read") in html, url
            assert 'class="site-header"' in html, url  # the site's own page
        assert (language == "en") == ("The form could not be read" in html), url
        assert len(caplog.records) <= 1, (url, [r.getMessage() for r in caplog.records])
        assert not any(r.exc_info for r in caplog.records), url
    assert not Objection.objects.exists()
    assert not RepairApplication.objects.exists()


@pytest.mark.parametrize("url", ["/no-such-page/", "/en/no-such-page/"])
def test_a_latin_1_form_to_an_unknown_address_is_the_404_page(form_client, caplog, url):
    with caplog.at_level(logging.INFO):
        response = post(form_client, url)

    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()
    assert len(caplog.records) <= 1
    assert not any(r.exc_info for r in caplog.records)


def test_the_admin_login_answers_a_latin_1_form_with_a_400(form_client, caplog):
    with caplog.at_level(logging.INFO):
        response = post(form_client, reverse("admin:login"))

    assert response.status_code == 400
    assert len(caplog.records) == 1
    assert caplog.records[0].exc_info is None
    assert reverse("admin:login") in caplog.records[0].getMessage()


@pytest.mark.parametrize(
    ("url", "status"),
    [("/api/v1/penalties/", 405), ("/api/v1/no-such-resource/", 404)],
)
def test_the_api_answers_a_latin_1_form_in_json(form_client, caplog, url, status):
    with caplog.at_level(logging.INFO):
        response = post(form_client, url)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    assert len(caplog.records) <= 1
    assert not any(r.exc_info for r in caplog.records)
