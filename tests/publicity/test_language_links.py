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
