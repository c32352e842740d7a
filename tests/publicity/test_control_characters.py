"""Characters that cannot be shown, in the public forms: control characters
(other than tab, line feed and carriage return) and U+FFFD, which Django puts
where a form was not UTF-8. The form comes back with an error naming the
field, the rest of the text as typed, and nothing is stored; the services
refuse them too, whatever the channel."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from registry import services
from registry.models import Objection, Penalty, RepairApplication
from registry.plain_text import MESSAGE_TAKEN_OUT
from tests.factories import PenaltyFactory

pytestmark = pytest.mark.django_db

OBJECTION = {"grounds": "wrong", "contact": "objector@example.org", "website": ""}
REPAIR = {"applicant": "张伟，法定代表人", "contact": "zhang@example.com", "website": ""}
UNSHOWABLE = ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\ufffd"]


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0), tick=False):
        yield


@pytest.fixture
def penalty():
    """A serious penalty decided long enough ago for credit repair."""
    return PenaltyFactory(
        severity=Penalty.Severity.SERIOUS,
        decided_on=datetime.date(2024, 1, 10),
        publicity_until=datetime.date(2027, 1, 9),
    )


def objection_url(penalty, language="zh-hans"):
    with translation.override(language):
        return reverse("publicity:objection-new", args=["penalty", penalty.pk])


def repair_url(penalty, language="zh-hans"):
    with translation.override(language):
        return reverse("publicity:repair-new", args=[penalty.pk])


def textarea(html, name) -> str:
    return re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', html, re.S).group(1)


@pytest.mark.parametrize("character", UNSHOWABLE, ids=lambda c: f"U+{ord(c[0]):04X}")
@pytest.mark.parametrize(
    ("language", "label"),
    [("zh-hans", "此记录有什么问题？"), ("en", "What is wrong with the record?")],
)
def test_an_objection_with_an_unshowable_character_comes_back_with_the_rest_of_the_text(
    client, penalty, character, language, label
):
    text = f"罚款金额应为五千元，{character}不是五万元。"
    response = client.post(objection_url(penalty, language), {**OBJECTION, "description": text})

    html = response.content.decode()
    assert response.status_code == 400
    with translation.override(language):  # the error, in the page's language, names the field
        assert escape(MESSAGE_TAKEN_OUT % {"field": label}) in html
    typed_rest = text.replace(character[0], "")  # "[31m" of an escape sequence stays
    assert textarea(html, "description").strip() == escape(typed_rest)
    assert not Objection.objects.exists()


def test_a_form_that_is_not_utf_8_is_refused_not_stored_with_replacement_characters(
    client, penalty
):
    # "不是" in GBK: bytes that are not UTF-8; Django reads them as U+FFFD.
    body = "grounds=wrong&contact=a%40example.org&description=%B2%BB%CA%C7%E4%BA%D2%BB%CD%F2"
    response = client.post(
        objection_url(penalty, "en"),
        body,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert "“What is wrong with the record?” contained characters" in response.content.decode()
    assert not Objection.objects.exists()


def test_tabs_and_line_breaks_are_kept(client, penalty):
    text = "第一，金额有误：\r\n\t应为五千元。\n第二，日期有误。"
    response = client.post(objection_url(penalty), {**OBJECTION, "description": text})

    assert response.status_code == 302
    assert Objection.objects.get().description == text


@pytest.mark.parametrize("field", ["applicant", "evidence", "contact"])
def test_a_repair_application_with_a_control_character_is_refused_naming_the_field(
    client, penalty, field
):
    data = {**REPAIR, "evidence": "罚款已于2025年7月1日缴清，附缴款凭证。"}
    data[field] = data[field][:4] + "\x08" + data[field][4:]
    response = client.post(repair_url(penalty, "en"), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("contained characters that cannot be shown") == 2  # summary and field
    assert "\x08" not in html
    assert not RepairApplication.objects.exists()


def test_the_follow_form_refuses_a_control_character_naming_the_field(client):
    with translation.override("en"):
        follow = reverse("publicity:redress-follow")
    response = client.get(follow, {"reference": "26-K7QF\x1b-3MWD"})

    assert response.status_code == 400
    assert "“Reference number” contained characters" in response.content.decode()


@pytest.mark.parametrize("character", UNSHOWABLE, ids=lambda c: f"U+{ord(c[0]):04X}")
def test_the_services_refuse_unshowable_characters_from_any_channel(penalty, character):
    with pytest.raises(ValidationError) as objection:
        services.objection_submit(
            record=penalty, grounds="wrong", description=f"金额{character}有误", contact="a@b.cn"
        )
    with pytest.raises(ValidationError) as repair:
        services.repair_apply(
            penalty=penalty, applicant="张伟", evidence="已缴清", contact=f"a{character}@b.cn"
        )

    assert set(objection.value.message_dict) == {"description"}
    assert set(repair.value.message_dict) == {"contact"}
    assert not Objection.objects.exists() and not RepairApplication.objects.exists()
