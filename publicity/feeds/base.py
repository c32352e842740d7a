"""What every feed of the site shares: Atom, entries read once per request in
``get_object`` (a :class:`Subject`), tag-URI ids and a 400 for bad filters."""

from dataclasses import dataclass, field, replace

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.http.request import split_domain_port
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from publicity.feeds.entries import Entry

LATEST = 50  # entries in a feed, newest first
TAG_YEAR = 2026  # the date part of the tag URIs: fixed, so that ids never change


class BadFilters(Exception):
    """The feed's query string does not validate (answered with a 400)."""


@dataclass
class Subject:
    """What a feed is about, with its entries already read."""

    title: str
    link: str  # the page the feed follows
    url: str  # the feed's own address
    entries: list[Entry] = field(default_factory=list)
    subtitle: str = ""


def tag_uri(host: str, key: str) -> str:
    """The id of an entry (RFC 4151): the host without its port, a fixed
    year and the entry's key."""
    domain, _port = split_domain_port(host)
    return f"tag:{domain or host},{TAG_YEAR}:{key}"


class RecordFeed(Feed):
    """A feed over a :class:`Subject` that subclasses build in ``subject``."""

    feed_type = Atom1Feed

    def subject(self, request, **kwargs) -> Subject:
        raise NotImplementedError

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except BadFilters:
            return HttpResponseBadRequest(
                _("The filters of this feed are not valid: check them on the page."),
                content_type="text/plain; charset=utf-8",
            )

    def get_object(self, request, **kwargs):
        subject = self.subject(request, **kwargs)
        host = request.get_host()
        subject.entries = [replace(e, id=tag_uri(host, e.key)) for e in subject.entries]
        return subject

    def title(self, subject):
        return f"{subject.title} – {_('Public Credit Information')}"

    def link(self, subject):
        return subject.link

    def feed_url(self, subject):
        return subject.url

    def subtitle(self, subject):
        return subject.subtitle

    def author_name(self):
        return _("Public Credit Information")

    def items(self, subject):
        return subject.entries

    def item_title(self, entry):
        return entry.title

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return entry.id

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated

    def item_description(self, entry):
        # Atom's summary is declared HTML by Django: the plain text escaped.
        return escape(entry.summary)
