import os
import secrets
from base64 import b32encode
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry import services
from registry.otp import base32_secret, code_now, hex_key, terminal_qr

USERNAME = "admin"
DEVICE_NAME = "demo"


def login_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-admin.txt"


def read_login(path: Path) -> dict[str, str] | None:
    """The login stored by an earlier run (username, password and, since the
    two-factor login, otp_secret), or None."""
    if not path.exists():
        return None
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep:
            fields[key.strip()] = value.strip()
    if not fields.get("username") or not fields.get("password"):
        raise CommandError(f"{path} is not a demo login file; delete it to start afresh.")
    if fields.get("otp_secret"):
        try:
            hex_key(fields["otp_secret"])
        except ValueError:
            raise CommandError(f"{path} has a bad otp_secret; delete it to start afresh.") from None
    return fields


def write_login(path: Path, username: str, password: str, secret: str, uri: str) -> None:
    """Stores the login readable by its owner only (mode 600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(
            f"username={username}\npassword={password}\notp_secret={secret}\notp_uri={uri}\n"
        )
    os.chmod(path, 0o600)


def new_secret() -> str:
    return b32encode(secrets.token_bytes(20)).decode("ascii")


class Command(BaseCommand):
    help = (
        "Create or reuse the demo site's administrator and print its login. The first run "
        "creates the superuser `admin` with a random password and an authenticator app "
        "(TOTP) secret, stored in var/demo-admin.txt (mode 600); later runs print the "
        "same login, resetting the user's password and device to the stored ones if they "
        "were changed. It prints the current 6-digit code too (--code: only that). Only "
        "with DEBUG on: a password in a file is for a demo on a developer's machine, never "
        "for production."
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
        parser.add_argument(
            "--code",
            action="store_true",
            help="Print only a code the demo administrator's device accepts now.",
        )

    def handle(self, *args, dry_run, site_url, code, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo_admin only runs with DEBUG=true: it keeps a superuser's password "
                "in a file, which is for a local demo only."
            )
        path = login_file()
        stored = read_login(path)
        if code:
            return self.print_code(stored)
        username = stored["username"] if stored else USERNAME
        password = stored["password"] if stored else secrets.token_urlsafe(12)
        secret = (stored or {}).get("otp_secret") or new_secret()

        User = get_user_model()
        user = User.objects.filter(username=username).first()
        device = (
            TOTPDevice.objects.filter(user=user, confirmed=True, key=hex_key(secret)).first()
            if user is not None
            else None
        )
        if user is None:
            action = "Created"
        elif device is None or not (
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

        # Django's password validators, as for any account (a password edited
        # into the file by hand may not pass): services.staff_account_save.
        try:
            with transaction.atomic():
                if action != "Reusing":
                    user = services.staff_account_save(
                        username=username, password=password, superuser=True
                    )
                if device is None:
                    # One device, the stored one: the authenticator app that
                    # scanned it on an earlier run keeps working.
                    device = services.authenticator_replace(
                        user=user, name=DEVICE_NAME, key=hex_key(secret)
                    )
        except ValidationError as error:
            raise CommandError(
                f"The password in {path} is too weak: {' '.join(error.messages)} "
                "Delete the file to start afresh."
            ) from None
        stored_uri = (stored or {}).get("otp_uri")
        if stored is None or stored.get("otp_secret") != secret or stored_uri != device.config_url:
            write_login(path, username, password, secret, device.config_url)
        else:
            os.chmod(path, 0o600)

        self.stdout.write(
            self.style.SUCCESS(f"{action} the demo administrator (login kept in {path}).")
        )
        self.stdout.write(f"  Admin:    {site_url.rstrip('/')}{reverse('admin:index')}")
        self.stdout.write(f"  Username: {username}")
        self.stdout.write(f"  Password: {password}")
        self.stdout.write("  Second factor: a 6-digit code from an authenticator app.")
        self.stdout.write(f"  Secret:   {base32_secret(device)}")
        self.stdout.write(f"  URI:      {device.config_url}")
        self.stdout.write("  Scan this with the app (or type the secret in):")
        self.stdout.write(terminal_qr(device.config_url, tty=self.stdout.isatty()), ending="")
        current = code_now(device) or "(just used: wait a few seconds)"
        self.stdout.write(
            f"  Code now: {current} (changes every {device.step} seconds; "
            "`make demo-code` prints a fresh one)"
        )

    def print_code(self, stored):
        if not stored or not stored.get("otp_secret"):
            raise CommandError("No demo administrator yet: run `make demo` first.")
        device = TOTPDevice.objects.filter(
            user__username=stored["username"], confirmed=True, key=hex_key(stored["otp_secret"])
        ).first()
        if device is None:
            raise CommandError(
                "The demo administrator's device is not in the database: run `make demo`."
            )
        current = code_now(device)
        if current is None:
            raise CommandError("This code was just used; wait a few seconds and run again.")
        self.stdout.write(current)
