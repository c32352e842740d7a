"""Authenticator apps (TOTP devices, django-otp) outside the login form: the
secret as apps take it, the QR code for a terminal, the code a device accepts
now (for the demo and for tests), and backup codes."""

import io
import secrets
import time
from base64 import b32decode, b32encode

import qrcode
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

BACKUP_CODE_DIGITS = 8
BACKUP_CODE_COUNT = 10


def base32_secret(device):
    """The secret as authenticator apps take it when typed in by hand."""
    return b32encode(device.bin_key).decode("ascii")


def hex_key(secret):
    """A device key (hex) from a base32 secret; ValueError if it is not one."""
    try:
        return b32decode(secret.upper(), casefold=True).hex()
    except (ValueError, TypeError) as error:
        raise ValueError(f"not a base32 secret: {secret!r}") from error


def terminal_qr(data, tty=False):
    """``data`` as a QR code drawn with block characters, to scan off the
    screen. With ``tty``, in explicit black and white (ANSI colours), which
    scans on light and dark terminals alike; else the light modules are drawn,
    as a dark terminal wants."""

    class Screen(io.StringIO):
        def isatty(self):
            return tty

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_L)
    code.add_data(data)
    screen = Screen()
    code.print_ascii(out=screen, tty=tty, invert=True)
    return screen.getvalue()


def code_now(device):
    """A code ``device`` accepts now, as the authenticator app shows it: the
    current time step's, or the next step's if the current one was already used
    (each code is good once); None if those are used up too."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    now = totp.t()
    step = max(now, device.last_t + 1)
    if step > now + device.tolerance:
        return None
    totp.drift += step - now
    return f"{totp.token():0{device.digits}d}"


def new_backup_codes(user, count=BACKUP_CODE_COUNT):
    """Replaces the user's backup codes with ``count`` new ones (eight digits
    each, each good once) and returns them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="backup codes", confirmed=True)
    codes = set()
    while len(codes) < count:
        codes.add(f"{secrets.randbelow(10**BACKUP_CODE_DIGITS):0{BACKUP_CODE_DIGITS}d}")
    codes = sorted(codes)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
