"""Labels for record fields, taken from the models' own verbose names.

The company and person pages show most model fields; reading the label from
the field keeps one wording (and one translation) for each field across the
admin, the imports and the public pages.
"""

from django import template
from django.utils.text import capfirst

register = template.Library()


@register.filter
def label(record, field_name: str) -> str:
    """``{{ penalty|label:"decision_number" }}`` → "Decision document number"."""
    return capfirst(type(record)._meta.get_field(field_name).verbose_name)
