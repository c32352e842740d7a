"""What a shared cache (reverse proxy, CDN) may keep: public pages for a
minute, hashed static files for years, and nothing personal or failed."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

HOME_EN = "/en/"
SEARCH_EN = "/en/search/"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


@pytest.mark.smoke
@pytest.mark.django_db
def test_a_public_page_may_be_kept_by_a_shared_cache_for_a_minute_not_by_a_browser(
    client, settings
):
    settings.PUBLIC_CACHE_SECONDS = 60

    for response in (client.get(HOME_EN), client.get(SEARCH_EN, {"q": "华鑫"})):
        assert response.status_code == 200
        directives = set(response["Cache-Control"].split(", "))
        assert directives == {"public", "max-age=0", "s-maxage=60"}


@pytest.mark.django_db
def test_a_too_many_searches_page_is_never_kept(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    settings.SEARCH_RATE_LIMIT = 1
    client.get(SEARCH_EN, {"q": "华鑫"})

    response = client.get(SEARCH_EN, {"q": "华鑫"})

    assert response.status_code == 429
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_nothing_is_public_for_staff_or_under_the_admin(client, settings, admin_user):
    settings.PUBLIC_CACHE_SECONDS = 60

    login_page = client.get("/admin/login/")
    client.force_login(admin_user)
    home_for_staff = client.get(HOME_EN)

    assert "public" not in login_page.get("Cache-Control", "")
    assert home_for_staff.status_code == 200
    assert "public" not in home_for_staff.get("Cache-Control", "")


@pytest.mark.django_db
def test_zero_seconds_sends_no_cache_control(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 0

    assert not client.get(HOME_EN).has_header("Cache-Control")


@pytest.mark.django_db
def test_hashed_static_files_are_kept_for_years_and_compressed(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)
    url = staticfiles_storage.url("publicity/css/site.css")

    # A new client builds the middleware afresh: WhiteNoise reads STATIC_ROOT then.
    response = Client().get(url, HTTP_ACCEPT_ENCODING="br, gzip")

    assert url != "/static/publicity/css/site.css"  # the content's hash is in the name
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age >= 365 * 24 * 60 * 60
    assert response["Content-Encoding"] == "br"
