"""Paging of the API's lists: by cursor on a unique key (keyset), so that no
page costs more than the first; a page holds ``DEFAULT_PAGE_SIZE`` records
unless ``page_size`` asks for another size, at most ``MAX_PAGE_SIZE``.

Counts stop at ``registry.paging.COUNT_CAP`` as on the pages: ``count`` is at
most 1,000 and ``count_more`` says there were more ("more than 1,000")."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from registry.paging import COUNT_CAP, capped_count

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


def page_size_asked(request, default: int = DEFAULT_PAGE_SIZE, maximum: int = MAX_PAGE_SIZE):
    """``page_size`` from the query string; a 400 naming it when it is not a
    whole number from 1 to ``maximum``."""
    raw = request.query_params.get("page_size")
    if raw in (None, ""):
        return default
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise ValidationError(
            {
                "page_size": [
                    _("A whole number from 1 to %(maximum)s; %(default)s if left out.")
                    % {"maximum": maximum, "default": DEFAULT_PAGE_SIZE}
                ]
            }
        )
    return int(raw)


def count_fields(count) -> dict:
    """The capped count as the lists give it."""
    return {
        "count": count.shown,
        "count_more": count.more,
        "count_text": f"more than {COUNT_CAP:,}" if count.more else str(count.shown),
    }


class KeysetPagination(CursorPagination):
    """Cursor paging on ``ordering``, which names a unique column."""

    ordering = "id"
    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        return page_size_asked(request)

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {"cursor": [_("Not a cursor of this list: use a next or previous link as given.")]}
            ) from None

    def paginate_queryset(self, queryset, request, view=None):
        self.count = capped_count(queryset)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return Response(
            {
                **count_fields(self.count),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "count_more", "count_text", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "maximum": COUNT_CAP},
                "count_more": {"type": "boolean"},
                "count_text": {"type": "string", "example": f"more than {COUNT_CAP:,}"},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == "page_size":
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}
        return parameters


class CodePagination(KeysetPagination):
    ordering = "code"


class UsccPagination(KeysetPagination):
    ordering = "uscc"
