"""The per-client limit on searches: a 429 page that explains it, never a captcha."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from publicity.ratelimit import client_address

with translation.override("en"):
    SEARCH_EN = reverse("publicity:search")
with translation.override("zh-hans"):
    SEARCH_ZH = reverse("publicity:search")


@pytest.fixture(autouse=True)
def _no_searches_counted_yet(request):
    if request.node.get_closest_marker("django_db"):
        cache.clear()


def search(client, **extra):
    return client.get(SEARCH_EN, {"q": "华鑫"}, **extra)


@pytest.mark.smoke
@pytest.mark.django_db
def test_past_the_limit_a_search_gets_a_429_page_that_explains_the_limit(client, settings):
    settings.SEARCH_RATE_LIMIT = 2

    assert [search(client).status_code for _ in range(2)] == [200, 200]
    response = search(client)

    page = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "more than 2 searches in the last minute" in page
    assert f"Please wait {response['Retry-After']} second" in page
    assert "do not need to log in or solve a captcha" in page
    assert "bulk dumps on the open data page" in page


@pytest.mark.django_db
def test_the_429_page_is_in_the_language_of_the_address(client, settings):
    settings.SEARCH_RATE_LIMIT = 1
    client.get(SEARCH_ZH, {"q": "华鑫"})

    response = client.get(SEARCH_ZH, {"q": "华鑫"})

    assert response.status_code == 429
    assert '<html lang="zh-Hans">' in response.content.decode()


@pytest.mark.django_db
def test_a_limit_of_zero_turns_the_limit_off(client, settings):
    settings.SEARCH_RATE_LIMIT = 0

    assert {search(client).status_code for _ in range(5)} == {200}


@pytest.mark.django_db
def test_each_client_has_its_own_count(client, settings):
    settings.SEARCH_RATE_LIMIT = 1
    search(client, REMOTE_ADDR="203.0.113.1")

    assert search(client, REMOTE_ADDR="203.0.113.1").status_code == 429
    assert search(client, REMOTE_ADDR="203.0.113.2").status_code == 200


@pytest.mark.django_db
def test_the_search_form_alone_is_not_counted(client, settings):
    settings.SEARCH_RATE_LIMIT = 1

    assert [client.get(SEARCH_EN).status_code for _ in range(3)] == [200, 200, 200]


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client, settings):
    settings.SEARCH_RATE_LIMIT = 1
    search(client, HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert search(client, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/search/", **extra)


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_added(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    # The client wrote the first entry itself; the proxy appended the second.
    assert client_address(_request("10.0.0.1", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_behind_two_trusted_proxies_the_client_is_the_second_address_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_address(_request("10.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.0.2")) == ("203.0.113.9")


def test_without_a_trusted_proxy_the_forwarded_for_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(_request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_a_missing_forwarded_for_header_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(_request("203.0.113.7")) == "203.0.113.7"


def test_ipv6_clients_are_counted_by_their_64_bit_network():
    one = client_address(_request("2001:db8:1:2:aaaa::1"))
    same_network = client_address(_request("2001:db8:1:2:bbbb::2"))

    assert one == same_network == "2001:db8:1:2::"
    assert client_address(_request("2001:db8:1:3::1")) != one


def test_an_ipv4_mapped_ipv6_address_counts_as_the_ipv4_address():
    assert client_address(_request("::ffff:203.0.113.7")) == "203.0.113.7"


def test_an_unreadable_address_does_not_crash():
    assert client_address(_request("")) == "unknown"
