"""Demo staff accounts, so that a newcomer can try the agency workspace.

Creates (or reuses) two staff members of the market-regulation bureau with the
most penalties ("maker" enters and submits, "checker" reviews) and one clerk of
the busiest court, and leaves two penalties waiting for the checker's review.
Passwords and authenticator (TOTP) secrets are random on the first run and
kept in var/demo-staff.txt (mode 600), as demo_admin does for the
administrator; each run prints a current code for each account. Only with
DEBUG on.
"""

import datetime
import os
import secrets
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry import services
from registry.management.commands.demo_admin import new_secret
from registry.models import Agency, Company, Penalty
from registry.models.base import RecordState
from registry.otp import code_now, hex_key

PENDING_NUMBERS = ["演示待审〔2026〕1号", "演示待审〔2026〕2号"]


def staff_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-staff.txt"


def read_logins(path: Path) -> dict[str, tuple[str, str]]:
    """username -> (password, base32 TOTP secret), from an earlier run."""
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and not line.startswith("#"):
            out[parts[0]] = (parts[1], parts[2])
    return out


def write_logins(path: Path, logins: dict[str, tuple[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("# username password totp-secret (demo staff; manage.py demo_staff)\n")
        for username, (password, secret) in logins.items():
            handle.write(f"{username} {password} {secret}\n")
    os.chmod(path, 0o600)


def busiest(kind: str, related: str) -> Agency | None:
    return Agency.objects.filter(kind=kind).annotate(n=Count(related)).order_by("-n", "pk").first()


class Command(BaseCommand):
    help = (
        "Create or reuse demo staff accounts (a maker and a checker of one bureau, a court "
        "clerk) and leave two penalties waiting for review. Passwords are kept in "
        "var/demo-staff.txt. Only with DEBUG on."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--code",
            metavar="USERNAME",
            help="Only print a current second-factor code for this demo staff account.",
        )

    def handle(self, *args, code=None, **options):
        if not settings.DEBUG:
            raise CommandError("demo_staff only runs with DEBUG=true: it is for a local demo.")
        if code:
            device = TOTPDevice.objects.filter(user__username=code, confirmed=True).first()
            if device is None:
                raise CommandError(f"No demo staff account {code!r}: run manage.py demo_staff.")
            self.stdout.write(code_now(device) or "Wait 30 seconds and try again.")
            return
        bureau = busiest(Agency.Kind.MARKET_REGULATION, "penalties")
        court = busiest(Agency.Kind.COURT, "court_cases")
        if bureau is None or court is None:
            raise CommandError("Load the demo data first (manage.py seed_demo).")
        path = staff_file()
        logins = read_logins(path)
        accounts = {"maker": bureau, "checker": bureau, "clerk": court}
        for username in accounts:
            logins.setdefault(username, (secrets.token_urlsafe(12), new_secret()))
        write_logins(path, logins)

        with transaction.atomic():
            users = {}
            for username, agency in accounts.items():
                password, secret = logins[username]
                user = services.staff_account_save(
                    username=username, password=password, agency=agency
                )
                device = TOTPDevice.objects.filter(user=user, key=hex_key(secret)).first()
                if device is None:
                    device = services.authenticator_replace(
                        user=user, name="demo authenticator", key=hex_key(secret)
                    )
                users[username] = (user, device)
            self._pending_penalties(bureau, users["maker"][0])

        self.stdout.write(
            self.style.SUCCESS(f"Demo staff (passwords and authenticator secrets in {path}):")
        )
        self.stdout.write("  username password          code    agency")
        for username, agency in accounts.items():
            device = users[username][1]
            code = code_now(device) or "(wait 30 s)"
            self.stdout.write(f"  {username:8} {logins[username][0]:17} {code:7} {agency.name}")
        self.stdout.write(
            "  A code lasts 30 seconds: `make demo-code WHO=checker` prints a fresh one."
        )
        self.stdout.write(
            "  'maker' entered two penalties waiting for review: log in as 'checker' to "
            "approve them."
        )

    def _pending_penalties(self, bureau: Agency, maker) -> None:
        companies = Company.objects.order_by("pk")[:2]
        today = timezone.localdate()
        for number, company in zip(PENDING_NUMBERS, companies, strict=False):
            if Penalty.objects.filter(agency=bureau, decision_number=number).exists():
                continue
            # Entered and submitted by the maker, as the admin's import would.
            services.penalty_upsert(
                agency=bureau,
                decision_number=number,
                company=company,
                violation_type=Penalty.ViolationType.MARKET_ORDER,
                violation_facts="在网店页面对商品作虚假的性能宣传",
                legal_basis="《中华人民共和国反不正当竞争法》第八条第一款、第二十条",
                categories=["fine"],
                penalty_content="罚款人民币三万元",
                fine_amount=Decimal("30000"),
                decided_on=today - datetime.timedelta(days=3),
                change_reason="demo_staff",
                state=RecordState.PENDING,
                entered_by=maker,
            )
