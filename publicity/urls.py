from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from publicity import views

public_patterns = [
    path("", views.home, name="home"),
]

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    *i18n_patterns(
        path("", include((public_patterns, "publicity"))),
        prefix_default_language=False,
    ),
]
