"""Demo staff accounts, so that a newcomer can try the agency workspace.

Creates (or reuses) two staff members of the market-regulation bureau with the
most penalties ("maker" enters and submits, "checker" reviews) and one clerk of
the busiest court, and leaves two penalties waiting for the checker's review.
Passwords are random on the first run and kept in var/demo-staff.txt (mode
600), as demo_admin does for the administrator. Only with DEBUG on.
"""

import datetime
import os
import secrets
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from registry import services
from registry.models import Agency, Company, Penalty, StaffMember
from registry.models.base import RecordState

PENDING_NUMBERS = ["演示待审〔2026〕1号", "演示待审〔2026〕2号"]


def staff_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-staff.txt"


def read_passwords(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep:
            out[key.strip()] = value.strip()
    return out


def write_passwords(path: Path, passwords: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        for username, password in passwords.items():
            handle.write(f"{username}={password}\n")
    os.chmod(path, 0o600)


def busiest(kind: str, related: str) -> Agency | None:
    return Agency.objects.filter(kind=kind).annotate(n=Count(related)).order_by("-n", "pk").first()


class Command(BaseCommand):
    help = (
        "Create or reuse demo staff accounts (a maker and a checker of one bureau, a court "
        "clerk) and leave two penalties waiting for review. Passwords are kept in "
        "var/demo-staff.txt. Only with DEBUG on."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_staff only runs with DEBUG=true: it is for a local demo.")
        bureau = busiest(Agency.Kind.MARKET_REGULATION, "penalties")
        court = busiest(Agency.Kind.COURT, "court_cases")
        if bureau is None or court is None:
            raise CommandError("Load the demo data first (manage.py seed_demo).")
        path = staff_file()
        passwords = read_passwords(path)
        accounts = {"maker": bureau, "checker": bureau, "clerk": court}
        for username in accounts:
            passwords.setdefault(username, secrets.token_urlsafe(12))
        write_passwords(path, passwords)

        User = get_user_model()
        with transaction.atomic():
            users = {}
            for username, agency in accounts.items():
                user = User.objects.filter(username=username).first()
                if user is None:
                    user = User.objects.create_user(username=username, is_staff=True)
                user.is_active = user.is_staff = True
                user.set_password(passwords[username])
                user.save()
                StaffMember.objects.update_or_create(user=user, defaults={"agency": agency})
                users[username] = user
            self._pending_penalties(bureau, users["maker"])

        self.stdout.write(self.style.SUCCESS(f"Demo staff (passwords kept in {path}):"))
        for username, agency in accounts.items():
            self.stdout.write(f"  {username:8} {passwords[username]}  ({agency.name})")
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
            outcome = services.penalty_upsert(
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
            )
            penalty = outcome.obj
            penalty.state = RecordState.PENDING
            penalty.entered_by = penalty.submitted_by = maker
            penalty.submitted_at = timezone.now()
            penalty.save()
