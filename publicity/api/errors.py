"""JSON bodies of the API's errors: a 400 names each parameter at fault and
what it allows (``{"errors": {"page_size": ["..."]}}``); a 429 says, besides
``Retry-After``, in how many seconds to come back."""

import math

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler


def handle(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field": exc.detail}
        response.data = {"detail": _("Bad parameters."), "errors": detail}
    elif isinstance(exc, exceptions.Throttled):
        seconds = max(1, math.ceil(exc.wait or 1))
        response["Retry-After"] = str(seconds)
        response.data = {
            "detail": _("Too many requests: try again in %(seconds)s seconds.")
            % {"seconds": seconds},
            "retry_after": seconds,
        }
    return response
