"""The agency page: its facts and what it has published."""

import pytest
from django.urls import reverse

from tests.factories import AgencyFactory, PenaltyFactory


@pytest.mark.smoke
@pytest.mark.django_db
def test_agency_page_shows_the_agency_and_its_penalties(client):
    penalty = PenaltyFactory()

    response = client.get(reverse("publicity:agency-detail", args=[penalty.agency.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert penalty.agency.name in page
    assert penalty.company.name in page


@pytest.mark.django_db
def test_unknown_agency_is_a_404_page(client):
    agency = AgencyFactory()

    response = client.get(reverse("publicity:agency-detail", args=[agency.pk + 1]))

    assert response.status_code == 404
