"""``manage.py export_dumps``: everything public on a day, per record kind,
as gzip CSV and JSON Lines with a manifest whose checksums match, written so
that a failed run leaves the previous dump as it was."""

import csv
import datetime
import gzip
import hashlib
import json

import pytest
from django.core.management import CommandError, call_command

from registry.models import CourtCase, ListEntry, Penalty
from registry.open_data import dumps
from registry.open_data.kinds import KINDS
from tests.factories import CasePartyFactory, ListEntryFactory, PenaltyFactory

TODAY = datetime.date(2025, 12, 1)


@pytest.fixture
def records(db):
    PenaltyFactory(decision_number="公开罚〔2025〕1号", violation_facts="=1+1")
    PenaltyFactory(decision_number="草稿罚〔2025〕1号", state="draft")
    PenaltyFactory(
        decision_number="撤回罚〔2025〕1号",
        state="withdrawn",
        withdrawn_on=datetime.date(2025, 11, 1),
        withdrawal_kind="corrected",
        withdrawal_reason="数据录入错误",
    )
    PenaltyFactory(decision_number="期满罚〔2025〕1号", publicity_until=datetime.date(2025, 11, 30))
    CasePartyFactory(role="plaintiff")
    ListEntryFactory()


def export(root, *args):
    call_command("export_dumps", str(root), "--today", TODAY.isoformat(), *args)
    return json.loads((root / "latest" / "manifest.json").read_text())


def read_csv(path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def read_jsonl(path):
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return [json.loads(line) for line in file]


def test_the_manifest_describes_each_file_with_a_matching_checksum(records, tmp_path):
    manifest = export(tmp_path)

    assert manifest["schema_version"] == 1
    assert manifest["date"] == "2025-12-01"
    assert {item["kind"] for item in manifest["files"]} == set(KINDS)
    for item in manifest["files"]:
        data = (tmp_path / "latest" / item["name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == item["sha256"]
        assert len(data) == item["bytes"]
    assert (tmp_path / "latest").resolve() == tmp_path / "2025-12-01"
    fields = json.loads((tmp_path / "latest" / "fields.json").read_text())
    assert [f["name"] for f in fields["penalties"]["fields"]] == KINDS["penalties"].header


def test_each_kind_holds_its_public_rows_and_nothing_else(records, tmp_path):
    manifest = export(tmp_path)
    rows = {(item["kind"], item["format"]): item["rows"] for item in manifest["files"]}

    assert rows["penalties", "csv"] == rows["penalties", "jsonl"] == 1
    assert rows["penalties", "csv"] == Penalty.objects.public(TODAY).count()
    assert rows["court_cases", "csv"] == CourtCase.objects.public(TODAY).count() == 1
    assert rows["list_entries", "csv"] == ListEntry.objects.public(TODAY).count() == 1
    penalties = read_csv(tmp_path / "latest" / "penalties.csv.gz")
    assert penalties[0] == KINDS["penalties"].header
    assert [row[1] for row in penalties[1:]] == ["公开罚〔2025〕1号"]
    assert "'=1+1" in penalties[1]  # escaped for spreadsheets in the CSV
    (record,) = read_jsonl(tmp_path / "latest" / "penalties.jsonl.gz")
    assert record["decision_number"] == "公开罚〔2025〕1号"
    assert record["violation_facts"] == "=1+1"  # as recorded in JSON
    assert record["fine_amount"] == "50000.00"


def test_a_failed_run_leaves_the_previous_dump_and_latest_as_they_were(
    records, tmp_path, monkeypatch
):
    before = export(tmp_path)
    PenaltyFactory(decision_number="新罚〔2025〕1号")
    written = dumps.write_kind

    def failing(kind, directory, today):
        if kind.name == "court_cases":
            raise OSError("disk full")
        return written(kind, directory, today)

    monkeypatch.setattr(dumps, "write_kind", failing)
    # One clear line, naming what is kept (scripts/fault_suite.py fills a real disk).
    with pytest.raises(
        CommandError,
        match=r"Could not write the dump of .*: disk full\. .* and latest are unchanged\.",
    ):
        export(tmp_path)

    assert json.loads((tmp_path / "latest" / "manifest.json").read_text()) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    penalties = read_csv(tmp_path / "latest" / "penalties.csv.gz")
    assert len(penalties) == 2


def test_an_unknown_kind_is_refused_and_writes_nothing(records, tmp_path):
    export(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())

    with pytest.raises(CommandError, match="No record kind is called people"):
        export(tmp_path, "--kind", "people")

    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_dry_run_says_what_it_would_write_and_writes_nothing(db, tmp_path, capsys):
    call_command("export_dumps", str(tmp_path / "dumps"), "--today", "2025-12-01", "--dry-run")

    out = capsys.readouterr().out
    assert "2025-12-01/penalties.csv.gz" in out
    assert "2025-12-01/manifest.json" in out
    assert not (tmp_path / "dumps").exists()


def test_a_second_run_on_the_same_day_replaces_that_days_dump(records, tmp_path):
    export(tmp_path)
    PenaltyFactory(decision_number="新罚〔2025〕1号")

    manifest = export(tmp_path)

    rows = {(item["kind"], item["format"]): item["rows"] for item in manifest["files"]}
    assert rows["penalties", "csv"] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025-12-01", "latest"]
