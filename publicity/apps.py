from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publicity"
    verbose_name = _("Public site")
