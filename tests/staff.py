"""Staff accounts for admin tests: one place to make a staff member of an
agency and to log a test client in as it.

``login`` is the only way tests log into the admin, so that the login's
requirements (the second factor) are met in one place.
"""

from django.contrib.auth import get_user_model

from registry.models import StaffMember

PASSWORD = "correct horse battery staple 42"


def make_staff(agency, username: str, **extra):
    """An active staff account belonging to ``agency``."""
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=True, **extra
    )
    StaffMember.objects.create(user=user, agency=agency)
    return user


def make_superuser(username: str = "central"):
    return get_user_model().objects.create_superuser(
        username=username, password=PASSWORD, email=f"{username}@example.org"
    )


def login(client, user):
    """Log ``client`` in as ``user`` with every factor the admin asks for
    (password and TOTP code: tests.otp enrols a device when the user has none)."""
    from tests.otp import login_with_otp

    login_with_otp(client, user)
    return client


def form_data(form) -> dict:
    """What a browser would post for ``form`` as rendered."""
    from django import forms

    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
        elif value is not None:
            data[bound.html_name] = value
    return data


def change_page_data(response) -> dict:
    """What a browser would post back from an admin add or change page, unchanged."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data.update(form_data(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(form_data(form))
    return data
