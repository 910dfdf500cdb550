"""Start-up cost of a command with nothing to do: ``suara enrich`` on a warehouse with no pending row.

Each figure is one whole process (interpreter start, imports, warehouse, run record), timed from outside:

- ``now``: ``suara enrich`` as shipped (one count query; no Prefect, no torch, no model).
- ``previous``: what the command did before issue 10, in one process: load the embedder and the sentiment
  model, then run the Prefect enrich flow on the ephemeral API (which finds nothing to do).

Runs alternate (now, previous, now, ...) so a drift in machine speed hits both; medians and the ratio
of medians are printed. Usage: ``python bench/bench_noop.py --runs 3``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PREVIOUS = """
import sys
from suara.flows.config import load_config
from suara.flows.env import prepare_environment
prepare_environment()
cfg = load_config(sys.argv[1])
from suara.flows.enrich import enrich_flow
from suara.warehouse.models import load_models
load_models(cfg)  # the old enrich_task loaded both models before looking for work
enrich_flow(cfg)
"""


def _timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    """Time both ways ``--runs`` times each and print the medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="suara-noop-"))
    config = folder / "suara.yaml"
    config.write_text("warehouse:\n  path: wh.duckdb\n", encoding="utf-8")
    suara = Path(sys.executable).with_name("suara")
    now_cmd = [str(suara), "enrich", "--config", str(config)]
    previous_cmd = [sys.executable, "-c", PREVIOUS, str(config)]
    _timed(now_cmd)  # warm-up: creates the warehouse, warms the file cache
    now, previous = [], []
    for _ in range(args.runs):
        now.append(_timed(now_cmd))
        previous.append(_timed(previous_cmd))
    med_now, med_prev = statistics.median(now), statistics.median(previous)
    print(f"no-op enrich, {args.runs} runs each, wall seconds per process")
    print(f"now       median {med_now:6.2f}  runs {', '.join(f'{t:.2f}' for t in now)}")
    print(f"previous  median {med_prev:6.2f}  runs {', '.join(f'{t:.2f}' for t in previous)}")
    print(f"now / previous = {med_now / med_prev:.3f}  ({med_prev / med_now:.1f}x faster)")


if __name__ == "__main__":
    main()
