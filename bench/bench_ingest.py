"""Benchmark ingestion (issue 2): 1,000,000 generated CSV rows with some PII and bad rows.

Prints rows/s of the first load, peak resident memory of the process (ru_maxrss: DuckDB allocates
outside Python, so tracemalloc would miss it) and the time of a no-op rerun.

    nice -n 10 python bench/bench_ingest.py [--rows 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from suara.flows.config import load_config  # noqa: E402
from suara.warehouse.db import connect  # noqa: E402
from suara.warehouse.load import ingest_sources  # noqa: E402

TEXTS = [
    "Pengiriman cepat banget, kurirnya ramah 👍",
    "Aplikasi sering force close pas checkout",
    "Refund udah 2 minggu gak masuk, tolong dicek",
    "Great service, the courier was very friendly",
    "Harganya Rp 150.000 tapi kualitasnya mantap",
    "Pesanan INV/20241103/MPL/123456789 belum sampai",
    "CS lama bgt balasnya, udh 3 hari",
    "Voucher gak bisa dipakai, payment failed terus",
]
PII = [
    "hubungi saya di 0812-3456-7890",
    "email budi.santoso@gmail.com",
    "NIK 3174015708900001",
    "kartu 4111 1111 1111 1111 kepotong dua kali",
]


def generate(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("response_id,comment,submitted_at,nps,channel,region,customer\n")
        for i in range(rows):
            text = rng.choice(TEXTS)
            if rng.random() < 0.02:
                text += ", " + rng.choice(PII)
            nps = rng.randint(0, 10) if rng.random() > 0.003 else 11
            date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:15:00"
            if rng.random() < 0.002:
                date = "kemarin"
            fh.write(
                f'{i},"{text}",{date},{nps},{rng.choice(["app", "web", "email"])},'
                f"{rng.choice(['Jakarta', 'Bandung', 'Medan'])},C{rng.randint(1, 200_000)}\n"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="Folder to keep the data and warehouse in.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="suara-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "nps.csv"
    t0 = time.perf_counter()
    generate(data, args.rows)
    print(
        f"generated {args.rows:,} rows ({data.stat().st_size / 1e6:.0f} MB) "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    cfg_path = folder / "suara.yaml"
    cfg_path.write_text(
        yaml.safe_dump(
            {
                "warehouse": {"path": "bench.duckdb"},
                "sources": [
                    {
                        "name": "nps",
                        "kind": "survey",
                        "path": "nps.csv",
                        "columns": {
                            "id": "response_id",
                            "text": "comment",
                            "created_at": "submitted_at",
                            "nps": "nps",
                            "channel": "channel",
                            "customer_id": "customer",
                        },
                    }
                ],
            }
        )
    )
    cfg = load_config(cfg_path)
    cfg.warehouse_path.unlink(missing_ok=True)
    con = connect(cfg.warehouse_path)
    t0 = time.perf_counter()
    result = ingest_sources(con, cfg)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    rerun = ingest_sources(con, cfg)
    noop = time.perf_counter() - t0
    con.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"first load: {first:.1f} s, {args.rows / first:,.0f} rows/s "
        f"(inserted {result.total('inserted'):,}, quarantined {dict(result.quarantined)}, "
        f"pii {dict(result.sources['nps'].pii_redacted)})"
    )
    print(
        f"no-op rerun: {noop:.2f} s (files skipped {rerun.total('files_skipped')}, "
        f"inserted {rerun.total('inserted')})"
    )
    print(f"peak RSS: {peak_mb:,.0f} MB; warehouse file {cfg.warehouse_path.stat().st_size / 1e6:.0f} MB")
    print(
        f"target 50,000 rows/s: {'met' if args.rows / first >= 50_000 else 'NOT met'} "
        f"({args.rows / first / 50_000:.2f}x)"
    )


if __name__ == "__main__":
    main()
