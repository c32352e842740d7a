import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def links(response):
    page = response.content.decode()
    start = page.index('class="language-switcher"')
    return page[start : page.index("</nav>", start)]


@pytest.mark.smoke
def test_each_page_links_to_itself_in_the_other_language_keeping_the_query(client):
    chinese = client.get(reverse("publicity:penalty-list") + "?sort=-fine")
    assert 'href="/en/penalties/?sort=-fine"' in links(chinese)
    english = client.get("/en/penalties/?sort=-fine")
    assert 'href="/penalties/?sort=-fine"' in links(english)
    assert 'aria-current="true" lang="en"' in links(english)


def test_a_missing_page_links_to_the_same_address_in_the_other_language(client):
    response = client.get("/en/companies/91110108MA0000001X/")
    assert response.status_code == 404
    assert 'href="/companies/91110108MA0000001X/"' in links(response)


def test_a_search_links_to_the_same_search_in_the_other_language(client):
    chinese = client.get(reverse("publicity:search"), {"q": "华鑫"})
    assert 'href="/en/search/?q=%E5%8D%8E%E9%91%AB"' in links(chinese)
    english = client.get("/en/search/", {"q": "华鑫", "page": "2"})
    assert 'href="/search/?q=%E5%8D%8E%E9%91%AB&amp;page=2"' in links(english)


def test_an_unknown_address_links_to_the_same_address_in_the_other_language(client):
    english = client.get("/en/no-such-page/?page=2")
    assert english.status_code == 404
    assert 'href="/no-such-page/?page=2"' in links(english)
    chinese = client.get("/no-such-page/")
    assert chinese.status_code == 404
    assert 'href="/en/no-such-page/"' in links(chinese)


def test_an_address_starting_with_two_slashes_never_links_to_another_host(client):
    for path in ("//evil.example/companies/91110108MA0000001X/", "/en//evil.example/"):
        response = client.get("/", PATH_INFO=path)
        assert response.status_code == 404
        assert 'href="//' not in links(response)
        assert "evil.example" in links(response)
