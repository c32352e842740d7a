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
    """Log ``client`` in as ``user`` with every factor the admin asks for."""
    client.force_login(user)
    return client
