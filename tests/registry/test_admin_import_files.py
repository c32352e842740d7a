"""The admin's import keeps an uploaded file as a file in the default
storage (MEDIA_ROOT), not in the database or the cache: from the preview until
"Confirm import", and for a registration file until a colleague decides."""

import datetime
import os
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from registry.models import Company, ImportBatch, Penalty
from tests import factories
from tests.registry.test_admin_import import (
    HEADER,
    PROCESS_URL,
    client_for,
    confirm,
    grant,
    messages_of,
    row,
    upload,
)
from tests.staff import make_staff

pytestmark = pytest.mark.django_db


def kept_files(user) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "imports" / "pending" / str(user.pk)
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def agency():
    return factories.AgencyFactory(name="北京市海淀区市场监督管理局")


@pytest.fixture
def maker(agency):
    user = make_staff(agency, "file-maker")
    grant(user, "view_penalty", "import_penalty")
    return user


def test_a_previewed_file_waits_as_a_file_and_is_gone_once_confirmed(maker):
    company = factories.CompanyFactory()
    text = HEADER + row("京海市监罚〔2026〕5号", company.uscc)
    client = client_for(maker)
    preview = upload(client, text, name="处罚 2026.csv")
    [kept] = kept_files(maker)
    assert kept.read_bytes() == text.encode("utf-8")
    assert confirm(client, preview).status_code == 302
    assert kept_files(maker) == []
    batch = ImportBatch.objects.get()
    assert batch.file_name.endswith(".csv") and "2026" in batch.file_name
    assert Penalty.objects.get().state == "pending"


def test_another_users_token_finds_nothing(maker, agency):
    company = factories.CompanyFactory()
    preview = upload(client_for(maker), HEADER + row("京海市监罚〔2026〕6号", company.uscc))
    token = preview.context["confirm_form"]["token"].value()
    colleague = make_staff(agency, "colleague")
    grant(colleague, "view_penalty", "import_penalty")
    response = client_for(colleague).post(reverse(PROCESS_URL), {"token": token}, follow=True)
    assert messages_of(response) and not Penalty.objects.exists()
    assert len(kept_files(maker)) == 1  # still the maker's to confirm


def test_a_file_left_unconfirmed_for_over_an_hour_is_refused_and_deleted(maker):
    company = factories.CompanyFactory()
    client = client_for(maker)
    preview = upload(client, HEADER + row("京海市监罚〔2026〕7号", company.uscc))
    [kept] = kept_files(maker)
    two_hours_ago = (datetime.datetime.now() - datetime.timedelta(hours=2)).timestamp()
    os.utime(kept, (two_hours_ago, two_hours_ago))
    response = client.post(
        reverse(PROCESS_URL),
        {"token": preview.context["confirm_form"]["token"].value()},
        follow=True,
    )
    assert messages_of(response) and not Penalty.objects.exists()
    assert kept_files(maker) == []


def test_a_registration_file_waits_for_review_in_the_storage_not_the_database(agency):
    registrar = make_staff(agency, "file-registrar")
    grant(registrar, "import_company")
    checker = make_staff(agency, "file-checker")
    code = factories.valid_code(4343)
    text = f"uscc,name,entity_type\n{code},北京文件公司科技有限公司,limited_liability\n"
    client = client_for(registrar)
    preview = upload(client, text, name="companies.csv", url="admin:registry_company_import")
    confirm(client, preview, url="admin:registry_company_process_import")
    batch = ImportBatch.objects.get()
    stored = Path(settings.MEDIA_ROOT) / batch.file.name
    assert stored.read_bytes() == text.encode("utf-8")
    assert not Company.objects.filter(uscc=code).exists()
    with time_machine.travel(datetime.datetime.now() + datetime.timedelta(days=2)):
        client_for(checker).post(reverse("admin:registry_importbatch_approve", args=[batch.pk]))
    assert Company.objects.get(uscc=code).name == "北京文件公司科技有限公司"
