from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = _("Credit registry")


class AgencyAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the two-factor site of registry/admin/site.py as
    ``admin.site``: listed in INSTALLED_APPS instead of "django.contrib.admin",
    so that every ``@admin.register`` lands on the site that asks for the code.
    (``default = False``: "registry" itself keeps RegistryConfig.)"""

    default = False
    default_site = "registry.admin.site.default_site"
