"""Benchmark ingestion (issue 2): 1,000,000 generated CSV rows with some PII and bad rows.

Prints rows/s of the first load, peak resident memory of the process (ru_maxrss: DuckDB allocates
outside Python, so tracemalloc would miss it) and the time of a no-op rerun.

With ``--baseline COMMIT`` (issue 14) the same file is also loaded by the code of that commit (its
``flows``/``nlp``/``warehouse``/``configs`` exported with ``git archive`` and imported first), each load in
a fresh process and a fresh warehouse, alternating baseline and current ``--repeat`` times back to back,
and the median ratio is printed.

    nice -n 10 python bench/bench_ingest.py --rows 300000 --baseline ae25c82 --repeat 3

    nice -n 10 python bench/bench_ingest.py [--rows 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tarfile
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


def export_commit(commit: str, into: Path) -> Path:
    """The package folders of ``commit`` laid out as an importable ``suara`` package under ``into``."""
    repo = Path(__file__).resolve().parent.parent
    archive = into / "src.tar"
    with archive.open("wb") as fh:
        subprocess.run(["git", "archive", commit, "flows", "nlp", "warehouse", "configs"], cwd=repo, stdout=fh,
                       check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "suara", filter="data")
    return into


def child_load(folder: Path, tag: str) -> tuple[float, float]:
    """Load ``folder/nps.csv`` into a fresh warehouse in this process; return wall and CPU seconds.

    CPU seconds (all threads of the process) are the fairer figure on a shared, loaded machine.
    """
    from suara.flows.config import load_config
    from suara.warehouse.db import connect
    from suara.warehouse.load import ingest_sources

    cfg = load_config(write_config(folder, f"bench-{tag}.duckdb", f"suara-{tag}.yaml"))
    cfg.warehouse_path.unlink(missing_ok=True)
    con = connect(cfg.warehouse_path)
    t0, c0 = time.perf_counter(), time.process_time()
    ingest_sources(con, cfg)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    con.close()
    cfg.warehouse_path.unlink(missing_ok=True)
    return seconds, cpu


def compare(folder: Path, rows: int, commit: str, repeat: int, current: str | None = None) -> None:
    """Alternate baseline and current loads of the same file, each in its own process; print the ratio.

    ``current`` (a commit) replaces the working tree as the "current" side.
    """
    if Path(commit).is_dir():  # an exported tree (e.g. HEAD with only the ingest files of an older commit)
        trees = {"baseline": Path(commit)}
    else:
        trees = {"baseline": export_commit(commit, Path(tempfile.mkdtemp(prefix="suara-baseline-")))}
    if current:
        trees["current"] = export_commit(current, Path(tempfile.mkdtemp(prefix="suara-current-")))
    times: dict[str, list[float]] = {"baseline": [], "current": []}
    cpus: dict[str, list[float]] = {"baseline": [], "current": []}
    for i in range(repeat):
        for label in ("baseline", "current"):
            env = dict(os.environ)
            if label in trees:
                env["PYTHONPATH"] = str(trees[label])  # found before the editable install's finder
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(folder), "--tag", f"{label}{i}"],
                env=env, cwd=trees.get(label), capture_output=True, text=True, check=True,
            ).stdout
            seconds, cpu = json.loads(out.strip().splitlines()[-1])["seconds"]
            times[label].append(seconds)
            cpus[label].append(cpu)
            print(f"{label} #{i + 1}: {seconds:.1f} s wall, {cpu:.1f} s CPU ({rows / seconds:,.0f} rows/s)")
    name = current or "working tree"
    for what, data in (("wall", times), ("CPU", cpus)):
        b, c = statistics.median(data["baseline"]), statistics.median(data["current"])
        bm, cm = min(data["baseline"]), min(data["current"])
        print(f"first load {what}: baseline {commit} median {b:.1f} s (min {bm:.1f}), {name} median {c:.1f} s "
              f"(min {cm:.1f}); current/baseline: median {c / b:.2f}x, min {cm / bm:.2f}x")


def write_config(folder: Path, warehouse: str = "bench.duckdb", name: str = "suara.yaml") -> Path:
    """The bench's source config next to the data."""
    cfg_path = folder / name
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
    return cfg_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="Folder to keep the data and warehouse in.")
    parser.add_argument("--baseline", help="Commit (or exported tree folder) to compare with, loaded back to back.")
    parser.add_argument("--repeat", type=int, default=3, help="Alternating runs per side with --baseline.")
    parser.add_argument("--current", help="With --baseline: measure this commit instead of the working tree.")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tag", default="child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps({"seconds": child_load(args.child, args.tag)}))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="suara-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "nps.csv"
    t0 = time.perf_counter()
    generate(data, args.rows)
    print(
        f"generated {args.rows:,} rows ({data.stat().st_size / 1e6:.0f} MB) "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    if args.baseline:
        compare(folder, args.rows, args.baseline, args.repeat, args.current)
        return
    cfg = load_config(write_config(folder))
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
