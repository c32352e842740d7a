"""Labels for record fields, taken from the models' own verbose names.

The company and person pages show most model fields; reading the label from
the field keeps one wording (and one translation) for each field across the
admin, the imports and the public pages. A label is looked up and translated
once per model, field and language, then kept: a company page shows hundreds.
"""

from functools import lru_cache

from django import template
from django.utils.text import capfirst
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=1024)
def _label(model, field_name: str, language: str | None) -> str:
    return str(capfirst(model._meta.get_field(field_name).verbose_name))


@register.filter
def label(record, field_name: str) -> str:
    """``{{ penalty|label:"decision_number" }}`` → "Decision document number"."""
    return _label(type(record), field_name, get_language())
