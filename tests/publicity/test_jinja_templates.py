"""The Jinja2 templates (templates/jinja2, publicity/jinja2.py): every message
they show has its Chinese translation, and what they print is what Django's
templates would print.

``makemessages`` reads Django's templates, not these: a message only they
use would be left out of the catalogue, and the Chinese page would show
English. This test names it.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, engines
from django.utils import translation
from django.utils.safestring import mark_safe

JINJA_DIR = Path(settings.BASE_DIR) / "templates" / "jinja2"


def messages():
    env = engines["jinja2"].env
    for path in sorted(JINJA_DIR.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        for line, function, message in env.extract_translations(source):
            singular = message if isinstance(message, str) else message[0]
            yield f"{path.relative_to(JINJA_DIR)}:{line}", function, singular


def test_the_jinja_templates_have_messages_to_translate():
    assert len(list(messages())) > 100


def test_every_message_of_the_jinja_templates_has_its_chinese_translation():
    missing = []
    with translation.override("zh-hans"):
        for where, _function, message in messages():
            if translation.gettext(message) == message:
                missing.append(f"{where}: {message!r}")
    assert missing == []


@pytest.mark.parametrize(
    "value",
    [
        'O\'Brien & "Sons" <Ltd>',
        mark_safe("<b>safe</b>"),
        None,
        7,
        Decimal("12.50"),
        datetime.date(2024, 3, 9),
        "",
    ],
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_value_prints_as_django_prints_it(value, language):
    jinja = engines["jinja2"].from_string("{{ value }}|{{ value|default('–') }}")
    django = Template('{{ value }}|{{ value|default:"–" }}')
    with translation.override(language):
        assert jinja.render({"value": value}) == django.render(Context({"value": value}))


def test_a_missing_value_prints_nothing_and_its_attributes_too():
    jinja = engines["jinja2"].from_string("[{{ missing }}{{ missing.name }}]")
    assert jinja.render({}) == "[]"
