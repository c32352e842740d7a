"""Import throughput of ``manage.py import_records``, whole process.

    .venv/bin/python bench/import_records.py [--rows 5000] [--runs 3]

Writes CSV files with ROWS companies and ROWS penalties (plus agencies), then
for each run: a fresh database (a copy of a migrated SQLite file, or the
database named by DATABASE_URL, emptied of these records), and times as
separate processes the import of companies, of penalties, and the re-import
of penalties (which must change nothing). A baseline in the same session is
the start-up of a no-op ``manage.py check``. Prints medians, rows/s, the
ratio to the baseline, and the peak resident memory of the import process.
"""

import argparse
import csv
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from registry import uscc  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
AUTHORITY = "北京市海淀区市场监督管理局"


def write_files(folder: Path, rows: int) -> dict:
    files = {
        "agencies": folder / "agencies.csv",
        "companies": folder / "companies.csv",
        "penalties": folder / "penalties.csv",
    }
    with open(files["agencies"], "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(["name", "name_en", "kind", "region_code"])
        w.writerow([AUTHORITY, "Haidian Market Regulation", "market_regulation", "110108"])
    codes = [uscc.with_check_character(f"91110108MA{n:07d}") for n in range(rows)]
    with open(files["companies"], "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(
            [
                "uscc",
                "name",
                "entity_type",
                "legal_representative",
                "registered_capital",
                "established_on",
                "region_code",
                "industry_code",
                "registration_authority",
            ]
        )
        for n, code in enumerate(codes):
            w.writerow(
                [
                    code,
                    f"北京测试{n}科技有限公司",
                    "limited_liability",
                    "张三",
                    "1000000",
                    "2015-03-01",
                    "110108",
                    "65",
                    AUTHORITY,
                ]
            )
    with open(files["penalties"], "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(
            [
                "decision_number",
                "uscc",
                "violation_type",
                "violation_facts",
                "legal_basis",
                "penalty_category",
                "penalty_content",
                "fine_amount",
                "decided_on",
                "authority",
            ]
        )
        for n, code in enumerate(codes):
            w.writerow(
                [
                    f"京海市监罚〔2025〕{n}号",
                    code,
                    "market_order",
                    "虚假宣传",
                    "《反不正当竞争法》第八条",
                    "warning;fine",
                    "警告并罚款",
                    "5000",
                    "2025-06-01",
                    AUTHORITY,
                ]
            )
    return files


def timed(args, env) -> tuple[float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args], env=env, check=True, stdout=subprocess.DEVNULL
    )
    elapsed = time.perf_counter() - started
    # ru_maxrss of children is the largest of any child so far (KiB on Linux).
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    env = {
        **os.environ,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench"),
        "ALLOWED_HOSTS": "localhost",
    }
    sqlite = "DATABASE_URL" not in os.environ
    files = write_files(work, options.rows)
    template = work / "template"
    if sqlite:
        template.mkdir()
        subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), "migrate", "-v", "0"],
            env={**env, "VAR_DIR": str(template)},
            check=True,
        )
    results = {"baseline": [], "companies": [], "penalties": [], "reimport": []}
    peak = 0
    for run in range(options.runs):
        if sqlite:
            var = work / f"run{run}"
            shutil.copytree(template, var)
            env["VAR_DIR"] = str(var)
        else:
            subprocess.run(
                [PYTHON, str(ROOT / "manage.py"), "migrate", "-v", "0"], env=env, check=True
            )
            subprocess.run(
                [
                    PYTHON,
                    str(ROOT / "manage.py"),
                    "shell",
                    "-c",
                    "from registry.models import *; PenaltyCategory.objects.all().delete();"
                    "Penalty.objects.all().delete(); Company.objects.all().delete()",
                ],
                env=env,
                check=True,
            )
        results["baseline"].append(timed(["check"], env)[0])
        timed(["import_records", "agencies", str(files["agencies"])], env)
        for kind, key in (
            ("companies", "companies"),
            ("penalties", "penalties"),
            ("penalties", "reimport"),
        ):
            elapsed, rss = timed(["import_records", kind, str(files[kind])], env)
            results[key].append(elapsed)
            peak = max(peak, rss)
    base = statistics.median(results["baseline"])
    engine = "SQLite" if sqlite else "PostgreSQL"
    print(f"import_records, {options.rows} rows per file, {engine}, median of {options.runs} runs")
    print(f"{'step':<24}{'seconds':>10}{'rows/s':>10}{'x baseline':>12}")
    print(f"{'baseline (manage.py check)':<24}{base:>10.2f}{'':>10}{1:>12.1f}")
    for key, label in (
        ("companies", "companies"),
        ("penalties", "penalties"),
        ("reimport", "penalties re-import"),
    ):
        median = statistics.median(results[key])
        print(f"{label:<24}{median:>10.2f}{options.rows / median:>10,.0f}{median / base:>12.1f}")
    print(f"peak RSS of an import process: {peak / 1024:.0f} MB")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
