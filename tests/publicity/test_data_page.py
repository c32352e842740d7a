"""The open-data page: the latest dump with sizes and checksums, its files
served by name from the dumps directory only, the licence and the fields."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from registry.open_data.kinds import KINDS
from tests.factories import PenaltyFactory

DATA = reverse("publicity:data")


@pytest.fixture
def dumps_dir(settings, tmp_path):
    settings.DUMPS_DIR = tmp_path
    return tmp_path


def test_without_a_dump_the_page_says_so_and_still_explains_the_fields(client, dumps_dir, db):
    page = client.get(DATA).content.decode()

    assert "尚未生成批量数据" in page
    for kind in KINDS.values():
        assert f"<code>{kind.name}</code>" in page
    assert "<code>decision_number</code>" in page
    assert 'href="/api/v1/docs/"' in page


def test_the_page_lists_the_latest_dump_with_checksums_and_serves_its_files(client, dumps_dir, db):
    PenaltyFactory()
    call_command("export_dumps", str(dumps_dir), "--today", "2025-12-01")
    with translation.override("en"):
        page = client.get(reverse("publicity:data")).content.decode()

    assert "Everything public on 2025-12-01" in page
    assert "public government information" in page
    response = client.get(reverse("publicity:dump-file", args=["manifest.json"]))
    manifest = json.loads(b"".join(response.streaming_content))
    penalties = next(f for f in manifest["files"] if f["name"] == "penalties.csv.gz")
    assert penalties["sha256"] in page
    response = client.get(reverse("publicity:dump-file", args=["penalties.csv.gz"]))
    assert response.status_code == 200
    assert len(b"".join(response.streaming_content)) == penalties["bytes"]


@pytest.mark.parametrize("name", ["secrets.csv.gz", "..", "latest", ".env"])
def test_no_file_outside_the_latest_dumps_list_is_served(client, dumps_dir, db, name):
    call_command("export_dumps", str(dumps_dir), "--today", "2025-12-01")
    (dumps_dir / "secrets.csv.gz").write_bytes(b"x")

    assert client.get(reverse("publicity:dump-file", args=[name])).status_code == 404


def test_every_page_links_to_the_data_page_from_its_footer(client, db):
    assert f'href="{DATA}"' in client.get(reverse("publicity:home")).content.decode()
