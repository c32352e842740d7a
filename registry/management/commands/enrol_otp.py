"""Enrol a staff member's authenticator app: the second factor of the admin login."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry import services
from registry.otp import base32_secret, new_backup_codes, terminal_qr


def print_enrolment(stdout, device):
    """The otpauth:// address, the secret and the QR code of ``device``."""
    stdout.write(_("Scan this QR code with the authenticator app:"))
    stdout.write(terminal_qr(device.config_url, tty=stdout.isatty()), ending="")
    stdout.write(_("Or add the account by hand with this secret (time-based, 6 digits):"))
    stdout.write(f"  {base32_secret(device)}")
    stdout.write(_("Address for apps that take a link:"))
    stdout.write(f"  {device.config_url}")


def print_backup_codes(stdout, codes):
    stdout.write(
        _(
            "Backup codes, each good once, for a day without the phone (keep them on "
            "paper, apart from the phone):"
        )
    )
    for start in range(0, len(codes), 5):
        stdout.write("  " + "  ".join(codes[start : start + 5]))


class Command(BaseCommand):
    help = (
        "Enrol an authenticator app (TOTP) for a staff member: creates a confirmed "
        "device and prints its QR code, secret and otpauth:// address, and ten backup "
        "codes. Every staff account needs one to log in to the admin. Refuses if the "
        "user already has one, unless --force, which replaces it and the backup codes "
        "(the old app and codes stop working)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--name",
            default="authenticator",
            help="A name for the device, e.g. the phone's (default: %(default)s).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the user's existing device and backup codes (a lost or new phone).",
        )

    def handle(self, *args, username, name, force, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            message = _("There is no user %(username)s.") % {"username": username}
            raise CommandError(message) from None
        name = name.strip()
        if not name or len(name) > TOTPDevice._meta.get_field("name").max_length:
            raise CommandError(_("A device name is 1 to 64 characters long."))

        with transaction.atomic():
            existing = TOTPDevice.objects.select_for_update().filter(user=user)
            if existing.exists() and not force:
                raise CommandError(
                    _(
                        "%(username)s already has an authenticator app enrolled; "
                        "run again with --force to replace it (the old app and backup codes "
                        "stop working)."
                    )
                    % {"username": username}
                )
            replaced = existing.count()
            device = services.authenticator_replace(user=user, name=name)
            backup_codes = new_backup_codes(user)

        if replaced:
            self.stdout.write(
                self.style.WARNING(
                    _("Replaced the authenticator app of %(username)s.") % {"username": username}
                )
            )
        if not (user.is_active and user.is_staff):
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "Note: %(username)s is not an active staff member, so cannot "
                        "log in to the admin yet."
                    )
                    % {"username": username}
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Enrolled an authenticator app (%(name)s) for %(username)s.")
                % {"name": name, "username": username}
            )
        )
        print_enrolment(self.stdout, device)
        print_backup_codes(self.stdout, backup_codes)
        self.stdout.write(
            _(
                "Give this to %(username)s only, in person or over a trusted channel: "
                "anyone with it can make their codes. At the admin login they give their "
                "password and the 6-digit code the app shows."
            )
            % {"username": username}
        )
