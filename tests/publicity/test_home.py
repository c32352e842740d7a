import pytest
from django.urls import reverse

from registry.models import CreditList

pytestmark = pytest.mark.smoke


@pytest.mark.django_db
def test_home_page_lists_every_credit_list(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(reverse("publicity:home"))

    assert response.status_code == 200
    page = response.content.decode()
    names = list(CreditList.objects.values_list("name", flat=True))
    # The data migration seeds the national lists from registry/data/credit_lists.csv.
    assert len(names) == 7
    assert "经营异常名录" in names
    for name in names:
        assert name in page
