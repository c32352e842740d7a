"""Files uploaded in the admin's import, kept in the default storage
(``MEDIA_ROOT``) between the preview and "Confirm import": never in the
database or the cache, whatever their size. Each waits under its uploader's
own folder and a random token, at most ``PENDING_UPLOAD_SECONDS``; confirming
takes it (read once, then deleted), and files left unconfirmed are deleted
the next time their uploader uploads."""

import datetime
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

# How long an uploaded file waits for "Confirm import".
PENDING_UPLOAD_SECONDS = 60 * 60
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Upload:
    data: bytes
    file_name: str
    file_format: str


def _folder(user) -> str:
    return f"imports/pending/{user.pk}"


def keep(*, user, data: bytes, file_name: str, file_format: str) -> str:
    """Keep an uploaded file until it is confirmed; returns its token."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown file format {file_format!r}")
    _forget_stale(user)
    token = secrets.token_urlsafe(24)
    # The original name travels in the file's own name: nothing else is stored.
    safe_name = "".join(c for c in file_name if c.isalnum() or c in "._-")[:100] or "upload"
    default_storage.save(f"{_folder(user)}/{token}.{file_format}.{safe_name}", ContentFile(data))
    return token


def take(*, user, token: str) -> Upload | None:
    """The file kept under ``token`` for ``user`` (then forgotten), or None
    when there is none or it waited too long."""
    if not token or not all(c.isalnum() or c in "-_" for c in token):
        return None
    try:
        _dirs, files = default_storage.listdir(_folder(user))
    except FileNotFoundError:
        return None
    for name in files:
        if not name.startswith(f"{token}."):
            continue
        path = f"{_folder(user)}/{name}"
        fresh = not _stale(path)
        with default_storage.open(path, "rb") as kept:
            data = kept.read()
        default_storage.delete(path)
        if not fresh:
            return None
        _token, file_format, file_name = name.split(".", 2)
        return Upload(data=data, file_name=file_name, file_format=file_format)
    return None


def _stale(path: str) -> bool:
    age = timezone.now() - default_storage.get_modified_time(path)
    return age > datetime.timedelta(seconds=PENDING_UPLOAD_SECONDS)


def _forget_stale(user) -> None:
    try:
        _dirs, files = default_storage.listdir(_folder(user))
    except FileNotFoundError:
        return
    for name in files:
        path = f"{_folder(user)}/{name}"
        if _stale(path):
            default_storage.delete(path)
