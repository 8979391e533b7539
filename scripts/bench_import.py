"""Time the import of a 10,000-row workbook (KPI reports) into a copy of the demo database.

Usage: .venv/bin/python scripts/bench_import.py [rows]
Prints the workbook size and the time to check (parse + validate + plan) and to apply.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from score_dash import ingest
from score_dash.store import db, loading

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def build(frames: dict, rows: int) -> bytes:
    """New KPI reports for four new half-years (added in the same file), then corrections."""
    enterprises = list(frames["enterprises"]["enterprise"])
    kpis = list(frames["kpi_definitions"]["kpi"])
    wb = Workbook()
    ws = wb.active
    ws.title = "periods"
    ws.append(["period", "start_date", "end_date", "review_date"])
    periods = ["2018-H1", "2018-H2", "2019-H1", "2019-H2"]
    for code in periods:
        year, half = int(code[:4]), code[-1]
        ws.append(
            [
                code,
                f"{year}-{'01' if half == '1' else '07'}-01",
                f"{year}-{'06-30' if half == '1' else '12-31'}",
                None,
            ]
        )
    kpi_ws = wb.create_sheet("kpi_observations")
    kpi_ws.append(["enterprise", "kpi", "period", "value", "is_baseline", "reported_date"])
    n = 0
    for period in periods:
        for enterprise in enterprises:
            for kpi in kpis:
                if n == rows:
                    break
                kpi_ws.append([enterprise, kpi, period, 1.0 + n % 7, False, "2018-07-20"])
                n += 1
    # Beyond the new half-year: corrections of existing reports (updates by natural key).
    existing = frames["kpi_observations"].head(rows - n)
    for row in existing.itertuples(index=False):
        kpi_ws.append(
            [
                row.enterprise,
                row.kpi,
                row.period,
                float(row.value) + 0.5,
                bool(row.is_baseline),
                row.reported_date.date() if row.reported_date == row.reported_date else None,
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        engine = db.make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        db.load_demo(engine)
        data = build(loading.load_frames(engine), rows)
        start = time.perf_counter()
        parsed, report = ingest.check_file(data, "bench.xlsx", engine, 50)
        checked = time.perf_counter()
        result = ingest.apply_import(engine, parsed, report, "bench", accept_warnings=True)
        done = time.perf_counter()
        print(f"workbook: {rows:,} KPI rows, {len(data) / 1024:.0f} KB")
        print(f"check (parse, validate, plan): {checked - start:.2f} s")
        print(f"apply (one transaction):       {done - checked:.2f} s")
        print(f"total:                         {done - start:.2f} s")
        print(result.summary())


if __name__ == "__main__":
    main()
