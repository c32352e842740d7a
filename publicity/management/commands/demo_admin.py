import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

USERNAME = "admin"


def login_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-admin.txt"


def read_login(path: Path) -> tuple[str, str] | None:
    """The username and password stored by an earlier run, or None."""
    if not path.exists():
        return None
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep:
            fields[key.strip()] = value.strip()
    if not fields.get("username") or not fields.get("password"):
        raise CommandError(f"{path} is not a demo login file; delete it to start afresh.")
    return fields["username"], fields["password"]


def write_login(path: Path, username: str, password: str) -> None:
    """Stores the login readable by its owner only (mode 600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"username={username}\npassword={password}\n")
    os.chmod(path, 0o600)


class Command(BaseCommand):
    help = (
        "Create or reuse the demo site's administrator and print its login. The first run "
        "creates the superuser `admin` with a random password, stored in "
        "var/demo-admin.txt (mode 600); later runs print the same login, resetting the "
        "user's password to the stored one if it was changed. Only with DEBUG on: a "
        "password in a file is for a demo on a developer's machine, never for production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be created or reset, without writing anything.",
        )
        parser.add_argument(
            "--site-url",
            default="http://127.0.0.1:8000",
            help="Where the demo is served, for the admin link (default: %(default)s).",
        )

    def handle(self, *args, dry_run, site_url, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo_admin only runs with DEBUG=true: it keeps a superuser's password "
                "in a file, which is for a local demo only."
            )
        path = login_file()
        stored = read_login(path)
        username, password = stored or (USERNAME, secrets.token_urlsafe(12))

        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            action = "Created"
        elif not (
            user.is_active and user.is_staff and user.is_superuser and user.check_password(password)
        ):
            action = "Reset"
        else:
            action = "Reusing"

        if dry_run:
            verb = {"Created": "create", "Reset": "reset", "Reusing": "reuse"}[action]
            self.stdout.write(
                self.style.WARNING(f"Dry run, nothing written: would {verb} {username!r}.")
            )
            return

        if stored is None:
            write_login(path, username, password)
        else:
            os.chmod(path, 0o600)
        with transaction.atomic():
            if user is None:
                User.objects.create_superuser(username=username, email="", password=password)
            elif action == "Reset":
                user.is_active = user.is_staff = user.is_superuser = True
                user.set_password(password)
                user.save()

        self.stdout.write(
            self.style.SUCCESS(f"{action} the demo administrator (login kept in {path}).")
        )
        self.stdout.write(f"  Admin:    {site_url.rstrip('/')}{reverse('admin:index')}")
        self.stdout.write(f"  Username: {username}")
        self.stdout.write(f"  Password: {password}")
