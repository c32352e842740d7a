"""The JSON API's settings (publicity/api): Django REST framework's and
drf-spectacular's, kept here so that publicity/settings.py stays readable.
No Django import: the settings module imports this before Django is set up."""


def api_settings(api_rate_limit: int) -> tuple[dict, dict]:
    """``REST_FRAMEWORK`` and ``SPECTACULAR_SETTINGS`` for a limit of
    ``api_rate_limit`` requests a minute per client (0: none)."""
    REST_FRAMEWORK = {
        # JSON only: no browsable API (its pages and scripts are not the site's).
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_PARSER_CLASSES": [],
        # Anonymous and keyless: no session, no CSRF, no user.
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
        "UNAUTHENTICATED_USER": None,
        "DEFAULT_THROTTLE_CLASSES": ["publicity.api.throttling.ApiThrottle"],
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        "EXCEPTION_HANDLER": "publicity.api.errors.handle",
        "DEFAULT_VERSIONING_CLASS": None,
        "COERCE_DECIMAL_TO_STRING": True,
    }
    SPECTACULAR_SETTINGS = {
        "TITLE": "Public Credit Information API",
        "DESCRIPTION": (
            "Read-only public records: companies, penalties, licences, court cases, credit "
            f"lists, agencies, people (masked ID numbers only), regions and industries. "
            f"Anonymous; {api_rate_limit or 'no limit of'} requests a minute per client; "
            "lists paged by cursor, counts capped at 1,000."
        ),
        "VERSION": "1",
        "SERVE_INCLUDE_SCHEMA": False,
        "SCHEMA_PATH_PREFIX": "/api/v1",
        # Swagger UI from the site's own static files (drf-spectacular-sidecar), no CDN.
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "REDOC_DIST": "SIDECAR",
    }
    return REST_FRAMEWORK, SPECTACULAR_SETTINGS
