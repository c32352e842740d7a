"""The bulk dumps: everything public on a day, one gzip CSV and one gzip JSON
Lines file per record kind, with ``manifest.json`` (rows, bytes and SHA-256 of
each file) and ``fields.json`` (the columns of each kind).

A dump is written into a temporary directory beside its place and renamed
into place when whole, then ``latest`` (a symbolic link) is pointed at it: a
run that fails leaves the previous dumps, and ``latest``, as they were."""

import csv
import datetime
import gzip
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from django.utils import timezone

from registry.open_data import cells
from registry.open_data.kinds import KINDS, SCHEMA_VERSION, Kind

LATEST = "latest"
MANIFEST = "manifest.json"
FIELDS = "fields.json"


def file_names(kind: Kind) -> tuple[str, str]:
    return f"{kind.name}.csv.gz", f"{kind.name}.jsonl.gz"


def write_kind(kind: Kind, directory: Path, today: datetime.date) -> int:
    """Writes ``kind``'s public rows on ``today`` as gzip CSV and JSON Lines
    into ``directory``; returns the number of rows."""
    csv_name, json_name = file_names(kind)
    header = kind.header
    rows = 0
    with (
        gzip.open(directory / csv_name, "wt", encoding="utf-8", newline="") as csv_file,
        gzip.open(directory / json_name, "wt", encoding="utf-8") as json_file,
    ):
        writer = csv.writer(csv_file)
        writer.writerow(header)
        for row in kind.rows(kind.public(today).order_by("pk")):
            writer.writerow([cells.csv_cell(value) for value in row])
            record = {
                name: cells.json_value(value) for name, value in zip(header, row, strict=True)
            }
            json_file.write(json.dumps(record, ensure_ascii=False) + "\n")
            rows += 1
    return rows


def _described(path: Path, kind: Kind, file_format: str, rows: int) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return {
        "kind": kind.name,
        "format": file_format,
        "name": path.name,
        "rows": rows,
        "bytes": path.stat().st_size,
        "sha256": digest.hexdigest(),
    }


def field_reference() -> dict:
    return {
        kind.name: {
            "about": kind.about,
            "fields": [{"name": c.name, "about": c.about} for c in kind.columns],
        }
        for kind in KINDS.values()
    }


def planned(today: datetime.date, kinds=None) -> list[str]:
    """The files a dump of ``today`` would hold (for --dry-run)."""
    names = [name for kind in _kinds(kinds) for name in file_names(kind)]
    return [f"{today.isoformat()}/{name}" for name in [*names, MANIFEST, FIELDS]]


def _kinds(kinds) -> list[Kind]:
    names = kinds or list(KINDS)
    unknown = [name for name in names if name not in KINDS]
    if unknown:
        raise ValueError(f"No record kind is called {', '.join(unknown)}.")
    return [KINDS[name] for name in names]


def export(root: Path, today: datetime.date, kinds=None) -> Path:
    """Writes the dump of ``today`` to ``root/<date>`` and points
    ``root/latest`` at it; returns its directory."""
    chosen = _kinds(kinds)
    root.mkdir(parents=True, exist_ok=True)
    target = root / today.isoformat()
    work = Path(tempfile.mkdtemp(prefix=f".{today.isoformat()}-", dir=root))
    try:
        files = []
        for kind in chosen:
            rows = write_kind(kind, work, today)
            for file_format, name in zip(("csv", "jsonl"), file_names(kind), strict=True):
                files.append(_described(work / name, kind, file_format, rows))
        (work / FIELDS).write_text(
            json.dumps(field_reference(), ensure_ascii=False, indent=2), encoding="utf-8"
        )
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "date": today.isoformat(),
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "files": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        work.chmod(0o755)
        _replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    _point_latest(root, target.name)
    return target


def _replace(new: Path, target: Path) -> None:
    """Moves ``new`` to ``target``; an earlier dump of the same day is moved
    aside first and removed once the new one is in place."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def _point_latest(root: Path, name: str) -> None:
    link = root / f".{LATEST}-{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(name)
    os.replace(link, root / LATEST)


def latest(root: Path) -> tuple[Path, dict] | None:
    """The newest dump's directory and manifest, or None."""
    directory = root / LATEST
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return directory.resolve(), manifest
