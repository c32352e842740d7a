"""The security headers that Django's ``SecurityMiddleware`` does not send.

- ``Content-Security-Policy`` (django-csp): ``CONTENT_SECURITY_POLICY`` in the
  settings, the same for every page: scripts, styles, images, fonts and fetches
  from the site itself only, no inline script or style (the one exception, the
  500 page's own ``<style>``, is allowed by its hash). Pages under the admin get
  ``ADMIN_POLICY_UPDATE`` on top: the one ``style="..."`` attribute of the
  admin's third-party templates, allowed by its hash.
  The API docs (Swagger UI) load their init script from a URL of their own
  (``SpectacularSwaggerSplitView``) and their style from a static file
  (``templates/drf_spectacular/swagger_ui.html``).
- ``Permissions-Policy``: the browser features no page of the site uses
  (camera, microphone, geolocation...) are refused to every page and frame.

HSTS, the SSL redirect, the proxy's HTTPS header, ``Referrer-Policy``,
``Cross-Origin-Opener-Policy``, ``X-Content-Type-Options`` and
``X-Frame-Options`` are Django's own settings (the "Security headers and
HTTPS" block of ``publicity/settings.py``, driven by the environment).
"""

from csp.middleware import CSPMiddleware
from django.conf import settings

# The admin's pages only: the one style attribute of django-simple-history's
# history page ("border-top: 0"), allowed by its hash and nothing else. (The
# export page's style attributes and onchange appear only with its selectable-
# fields form, which the admin does not use: tests/browser visit that page.)
ADMIN_POLICY_UPDATE = {
    "style-src-attr": ["'unsafe-hashes'", "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"],
}

# Refused to every page and frame ("()": to no origin at all).
REFUSED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in REFUSED_FEATURES)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's additions on its pages."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        admin_prefix = "/" + settings.ADMIN_PATH
        if not report_only and parts.update is None and request.path_info.startswith(admin_prefix):
            parts.update = ADMIN_POLICY_UPDATE
        return parts


class PermissionsPolicyMiddleware:
    """``Permissions-Policy: camera=(), microphone=(), ...`` on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
