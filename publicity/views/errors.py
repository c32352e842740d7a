"""The error pages (400, 404, 500), named in the root URLconf.

Django's own error views check the CSRF token once more on the way
(``requires_csrf_token``), which reads a POST body again. A body Django
refused to read (a form declaring a character set other than UTF-8: Django
raises ``BadRequest`` and, unlike its other parse errors, does not mark the
body as read) then raised again in the error view and again in the 500 view:
a bare 500 and three tracebacks in the log. These views never read the body
(none of their pages has a form that posts), and a bad request is logged in
one line, on the logger Django would use, without a traceback: it is the
client's mistake, not ours.

Under ``/api/`` the answer is JSON, as the API's own errors are
(``{"detail": "..."}``)."""

import logging

from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _log_once(request, exception, response) -> None:
    """One line for a bad request; Django's own log of it (with the
    traceback) then sees the response as logged and stays quiet."""
    if isinstance(exception, SuspiciousOperation):
        logger = logging.getLogger(f"django.security.{type(exception).__name__}")
        level = logging.ERROR
    else:
        logger = logging.getLogger("django.request")
        level = logging.WARNING
    # Escaped as Django escapes what it logs: a path may hold control characters.
    path = request.path.encode("unicode_escape").decode("ascii")
    reason = str(exception).encode("unicode_escape").decode("ascii")
    logger.log(
        level,
        "Bad request (%s): %s",
        reason or type(exception).__name__,
        path,
        extra={"status_code": response.status_code, "request": request},
    )
    response._has_been_logged = True  # read by django.utils.log.log_response


def bad_request(request, exception=None):
    if _is_api(request):
        response = JsonResponse(
            {"detail": _("The request could not be read: send UTF-8, as a form or JSON.")},
            status=400,
        )
    else:
        response = render(request, "400.html", status=400)
    if exception is not None:
        _log_once(request, exception, response)
    return response


def page_not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page needs nothing that may have failed: no request context,
    no query (see ``500.html``)."""
    return HttpResponseServerError(loader.get_template("500.html").render())
