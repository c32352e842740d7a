"""Names in the language of the page: the English one on English pages where
it is known, else the Chinese, which is the name of record.

Companies, agencies, regions, industries and credit lists have a Chinese
``name`` and an English ``name_en`` that may be empty. A pure function of an
object and a language: views, template tags, filters and selectors share it.
"""

from django.utils.translation import get_language


def is_english(language: str | None = None) -> bool:
    """Whether ``language`` (by default the active one) is English."""
    if language is None:
        language = get_language()
    return (language or "").startswith("en")


def display_name(obj, field: str = "name", language: str | None = None) -> str:
    """``obj``'s ``field`` as a page in ``language`` (by default the active one)
    shows it: its English form (``<field>_en``) on English pages where there is
    one, else the Chinese."""
    chinese = getattr(obj, field, "") or ""
    if is_english(language):
        return getattr(obj, f"{field}_en", "") or chinese
    return chinese
