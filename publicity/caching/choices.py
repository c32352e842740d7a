"""The choices of the search form's province, city, industry and list selects,
kept (the scheme: ``publicity.caching``).

They are reference data: read once per process and language and kept for
``CHOICES_SECONDS`` (three queries and some 400 model instances a page
otherwise). Saving or deleting a region, an industry or a list empties the
kept choices of this process at once; other processes hear of it from
PostgreSQL (``*``, ``change_feed``), or else see the change within
``CHOICES_SECONDS``. What the choices are is ``publicity.filters``' to say
(``reference_choices``); this module only keeps them.
"""

import threading
import time

from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from publicity.caching import change_feed
from registry.models import CreditList, Industry, Region

CHOICES_SECONDS = 60

_kept: dict = {}  # language -> (monotonic expiry, choices)
_kept_lock = threading.Lock()
_generation = [0]  # counts the reads: what was rendered from older choices is stale


def generation() -> int:
    """A number that changes whenever the kept choices are read again."""
    return _generation[0]


def kept(read) -> dict:
    """The choices ``read()`` gives in the current language, read at most once
    per ``CHOICES_SECONDS`` per process."""
    language = get_language()
    now = time.monotonic()
    found = _kept.get(language)
    if found is not None and found[0] > now:
        return found[1]
    choices = read()
    with _kept_lock:
        _kept[language] = (now + CHOICES_SECONDS, choices)
        _generation[0] += 1
    return choices


def forget(**kwargs):
    with _kept_lock:
        _kept.clear()
        _generation[0] += 1


for _model in (Region, Industry, CreditList):
    post_save.connect(forget, sender=_model, dispatch_uid=f"choices-{_model}")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"choices-{_model}-")
# Other processes hear of it from PostgreSQL: reference data changed ('*').
change_feed.feed.on_everything.append(forget)
