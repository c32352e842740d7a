import re
import stat
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.otp import base32_secret

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


@pytest.fixture
def demo_settings(settings, tmp_path):
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    return settings


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def printed_password(output):
    lines = [line for line in output.splitlines() if "Password:" in line]
    assert len(lines) == 1, output
    return lines[0].split("Password:")[1].strip()


def test_demo_admin_creates_a_superuser_and_prints_its_login(demo_settings, tmp_path):
    output = run("demo_admin")

    password = printed_password(output)
    assert "Username: admin" in output
    assert "http://127.0.0.1:8000/admin/" in output
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff and user.is_active
    assert user.check_password(password)
    login_file = tmp_path / "demo-admin.txt"
    assert stat.S_IMODE(login_file.stat().st_mode) == 0o600
    assert f"password={password}" in login_file.read_text()


def test_demo_admin_prints_the_same_login_when_run_again(demo_settings):
    first = printed_password(run("demo_admin"))

    output = run("demo_admin")

    assert printed_password(output) == first
    assert "Reusing" in output
    assert get_user_model().objects.filter(username="admin").count() == 1


def test_demo_admin_resets_a_changed_password_to_the_stored_one(demo_settings):
    stored = printed_password(run("demo_admin"))
    user = get_user_model().objects.get(username="admin")
    user.set_password("changed-in-the-admin")
    user.save()

    output = run("demo_admin")

    assert "Reset" in output
    user.refresh_from_db()
    assert user.check_password(stored)


def test_demo_admin_dry_run_writes_nothing(demo_settings, tmp_path):
    output = run("demo_admin", "--dry-run")

    assert "would create 'admin'" in output
    assert not get_user_model().objects.exists()
    assert not (tmp_path / "demo-admin.txt").exists()


def test_demo_admin_refuses_to_run_with_debug_off(settings, tmp_path):
    settings.DEBUG = False
    settings.VAR_DIR = tmp_path

    with pytest.raises(CommandError, match="only runs with DEBUG=true"):
        run("demo_admin")

    assert not get_user_model().objects.exists()
    assert not (tmp_path / "demo-admin.txt").exists()


def test_demo_status_counts_companies_for_scripts():
    assert run("demo_status", "--company-count").strip() == "0"


def test_demo_status_summarises_the_database():
    output = run("demo_status")

    assert "Companies: 0" in output
    assert "Administrative penalties: 0" in output
    assert "Current list entries: 0" in output


# --- The demo administrator's second factor -------------------------------------


def printed(output, label):
    lines = [line for line in output.splitlines() if line.strip().startswith(f"{label}:")]
    assert len(lines) == 1, output
    return lines[0].split(f"{label}:", 1)[1].strip()


def stored_fields(path):
    return dict(line.split("=", 1) for line in path.read_text().splitlines())


def admin_login(client, password, code):
    return client.post(
        reverse("admin:login"),
        {
            "username": "admin",
            "password": password,
            "otp_token": code,
            "next": reverse("admin:index"),
        },
    )


def test_demo_admin_prints_a_way_in_with_both_factors(demo_settings, tmp_path, client):
    output = run("demo_admin")

    secret, uri = printed(output, "Secret"), printed(output, "URI")
    device = TOTPDevice.objects.get(user__username="admin")
    assert device.confirmed and base32_secret(device) == secret
    assert uri == device.config_url and f"secret={secret}" in uri
    assert "█" in output  # the QR code
    fields = stored_fields(tmp_path / "demo-admin.txt")
    assert fields["otp_secret"] == secret and fields["otp_uri"] == uri
    code = printed(output, "Code now").split()[0]
    response = admin_login(client, printed_password(output), code)
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_demo_admin_keeps_its_secret_across_runs(demo_settings):
    first = run("demo_admin")
    device = TOTPDevice.objects.get(user__username="admin")

    again = run("demo_admin")

    assert "Reusing" in again
    assert printed(again, "Secret") == printed(first, "Secret")
    assert printed(again, "URI") == printed(first, "URI")
    assert list(TOTPDevice.objects.all()) == [device]


def test_demo_admin_puts_back_a_replaced_device(demo_settings):
    secret = printed(run("demo_admin"), "Secret")
    call_command("enrol_otp", "admin", "--force", stdout=StringIO())

    output = run("demo_admin")

    assert "Reset" in output
    device = TOTPDevice.objects.get(user__username="admin")
    assert base32_secret(device) == secret


def test_demo_admin_adds_a_secret_to_a_login_file_from_before_two_factor_login(
    demo_settings, tmp_path
):
    password = printed_password(run("demo_admin"))
    login_file = tmp_path / "demo-admin.txt"
    login_file.write_text(f"username=admin\npassword={password}\n")
    TOTPDevice.objects.all().delete()

    output = run("demo_admin")

    assert printed_password(output) == password
    fields = stored_fields(login_file)
    assert fields["password"] == password
    assert fields["otp_secret"] == printed(output, "Secret")
    assert TOTPDevice.objects.get(user__username="admin").confirmed


def test_demo_admin_code_prints_a_code_that_logs_in(demo_settings, client):
    password = printed_password(run("demo_admin"))

    code = run("demo_admin", "--code").strip()

    assert re.fullmatch(r"\d{6}", code)
    assert admin_login(client, password, code).status_code == 302


def test_demo_admin_code_before_the_demo_says_what_to_run(demo_settings):
    with pytest.raises(CommandError, match="run `make demo` first"):
        run("demo_admin", "--code")


def test_demo_admin_password_passes_the_password_validators(demo_settings):
    validate_password(printed_password(run("demo_admin")))


def test_demo_admin_refuses_a_weak_password_edited_into_its_file(demo_settings, tmp_path):
    (tmp_path / "demo-admin.txt").write_text("username=admin\npassword=12345678\n")

    with pytest.raises(CommandError, match="too weak"):
        run("demo_admin")

    assert not get_user_model().objects.exists()


def staff_login(client, username, password, code):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "otp_token": code},
    )


def test_demo_staff_prints_logins_that_reach_the_review_queue(demo_settings, client):
    from registry.models import Penalty, StaffMember
    from tests import factories

    bureau = factories.AgencyFactory()
    factories.PenaltyFactory(agency=bureau)
    factories.CourtCaseFactory()
    for _ in range(2):
        factories.CompanyFactory()

    output = run("demo_staff")
    rows = {
        line.split()[0]: line.split()[1:3]
        for line in output.splitlines()
        if line.strip().split(" ")[0] in ("maker", "checker", "clerk")
    }
    assert set(rows) == {"maker", "checker", "clerk"}
    assert StaffMember.objects.get(user__username="checker").agency == bureau
    pending = Penalty.objects.filter(agency=bureau, state="pending")
    assert pending.count() == 2
    assert {p.entered_by.username for p in pending} == {"maker"}

    password, code = rows["checker"]
    assert staff_login(client, "checker", password, code).status_code == 302
    queue = client.get(reverse("review-queue")).content.decode()
    assert all(p.decision_number in queue for p in pending)

    # A second run keeps the same logins and adds nothing.
    again = run("demo_staff")
    assert rows["maker"][0] in again
    assert Penalty.objects.filter(state="pending").count() == 2
