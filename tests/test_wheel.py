"""Issue 10: `pip install .` (not editable) ships one import name, `suara`, with its configs, SQL and artefacts.

The wheel is built from a copy of the source folders (the build writes `build/` next to the sources),
installed without dependencies into a fresh virtual environment that borrows this environment's
third-party packages through a `.pth` line (a `.pth` inside a borrowed folder is not run, so this
checkout's editable `suara` stays invisible), then imported from an unrelated folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCES = ("flows", "nlp", "warehouse", "configs")
SHIPPED = (
    "suara/configs/suara.yaml",
    "suara/configs/journey.yaml",
    "suara/warehouse/schema/001_foundation.sql",
    "suara/warehouse/sql/enrich/pending.sql",
    "suara/warehouse/sql/cache/lookup_embeddings.sql",
    "suara/warehouse/sql/ops/run_finish.sql",
    "suara/warehouse/sql/marts/pain_points.sql",
    "suara/warehouse/sql/marts/pain_points.yml",
    "suara/warehouse/report/templates/report.html.j2",
    "suara/warehouse/demo/data/phrases_id.json",
    "suara/warehouse/demo/data/phrases_en.json",
    "suara/nlp/sentiment/artefacts/default_adapter.npz",
    "suara/nlp/sentiment/artefacts/default_adapter.json",
    "suara/nlp/sentiment/artefacts/default_head.npz",
)

CHECK = """
import importlib, sys
from pathlib import Path
import suara.nlp, suara.flows.cli, suara.warehouse.db
assert "site-packages" in suara.nlp.__file__, suara.nlp.__file__
for name in ("nlp", "flows", "warehouse"):
    try:
        importlib.import_module(name)
    except ModuleNotFoundError:
        continue
    sys.exit(f"top-level {name!r} is importable")
from suara.flows.config import load_config
from suara.flows.demo import build_demo
cfg = load_config()
assert cfg.journey_path.is_file() and cfg.journey_path.name == "journey.yaml"
files, demo_cfg = build_demo(Path("demo"), items=60, seed=3)
assert sum(files.counts.values()) >= 60 and demo_cfg.warehouse_path.parent == Path("demo").resolve()
from suara.warehouse.db import connect
con = connect(demo_cfg.warehouse_path)
assert con.execute("select count(*) from ops.schema_migrations").fetchall()[0][0] >= 1
print("ok")
"""


def _build_wheel(tmp: Path) -> Path:
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    for name in SOURCES:
        shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", ".", "-w", str(tmp / "dist")],
        cwd=src, check=True, capture_output=True, text=True,
    )
    [wheel] = (tmp / "dist").glob("suara-*.whl")
    return wheel


@pytest.mark.slow
def test_wheel_ships_one_namespaced_package_that_works_from_any_folder(tmp_path):
    wheel = _build_wheel(tmp_path)

    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"suara"}
    assert [f for f in SHIPPED if f not in names] == []
    assert not any(n.startswith(("suara/tests/", "suara/bench/")) for n in names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    (purelib / "borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
                   check=True, capture_output=True, text=True)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run([python, "-c", CHECK], cwd=elsewhere, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0 and run.stdout.strip().endswith("ok"), run.stdout + run.stderr
    cli = subprocess.run([venv / "bin" / "suara", "--help"], cwd=elsewhere, capture_output=True, text=True)
    assert cli.returncode == 0 and "demo" in cli.stdout
