"""The choices of the search and browse selects, kept (the scheme:
``publicity.caching``).

The search form's province, city, industry and list choices are reference
data: read once per process and language and kept for
``CHOICES_SECONDS`` (three queries and some 400 model instances a page
otherwise). Saving or deleting a region, an industry or a list empties the
kept choices of this process at once; other processes hear of it from
PostgreSQL (``*``, ``change_feed``), or else see the change within
``CHOICES_SECONDS``. What the choices are is ``publicity.filters``' to say
(``reference_choices``); this module only keeps them.

The browse pages' region and authority choices (``cached_choices``) are kept
in the default cache, shared by every process, for ``CHOICES_TIMEOUT`` (ten
minutes); what they are is ``publicity.browse_filters``' to say.
"""

import threading
import time

from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from publicity.caching import change_feed
from publicity.caching.store import attempt
from registry.models import CreditList, Industry, Region

CHOICES_SECONDS = 60
CHOICES_TIMEOUT = 10 * 60

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


def cached_choices(sources: dict) -> dict[str, list]:
    """``{name: compute}`` → ``{name: choices}``, from the cache where it has
    them (one query with a database cache), computed and kept otherwise."""
    language = get_language()
    keys = {f"publicity:choices:{name}:{language}": name for name in sources}
    found = attempt("default", lambda cache: cache.get_many(keys), {})
    missing = {key: sources[name]() for key, name in keys.items() if key not in found}
    if missing:
        attempt("default", lambda cache: cache.set_many(missing, CHOICES_TIMEOUT))
    return {name: found[key] if key in found else missing[key] for key, name in keys.items()}
