"""Issue 6: analysts read a consistent snapshot while the job writes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import duckdb
from suara.warehouse.publish import open_snapshot, publish_snapshot

WRITER = textwrap.dedent(
    """
    import sys, duckdb
    from pathlib import Path
    from suara.warehouse.publish import publish_snapshot
    wh, snap, cycles = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    for cycle in range(1, cycles + 1):
        con = duckdb.connect(str(wh))
        con.execute("begin transaction")
        con.execute("insert into items select ?, range from range(5000)", [cycle])
        con.execute("insert into runs values (?, 5000)", [cycle])
        con.execute("commit")
        con.close()
        publish_snapshot(wh, snap)
    """
)

READER = textwrap.dedent(
    """
    import sys, time, duckdb
    snap, seconds = sys.argv[1], float(sys.argv[2])
    end, reads, bad = time.time() + seconds, 0, 0
    while time.time() < end:
        con = duckdb.connect(snap, read_only=True)
        items, = con.execute("select count(*) from items").fetchone()
        expected, = con.execute("select coalesce(sum(n), 0) from runs").fetchone()
        con.close()
        reads += 1
        bad += items != expected
    print(reads, bad)
    """
)


def _init(wh):
    con = duckdb.connect(str(wh))
    con.execute("create table items (cycle integer, i bigint)")
    con.execute("create table runs (cycle integer, n bigint)")
    con.close()


def test_snapshot_is_a_complete_copy(tmp_path):
    wh, snap = tmp_path / "w.duckdb", tmp_path / "w.snapshot.duckdb"
    _init(wh)
    con = duckdb.connect(str(wh))
    con.execute("insert into items select 1, range from range(10)")
    con.close()
    publish_snapshot(wh, snap)
    reader = open_snapshot(snap)
    assert reader.execute("select count(*) from items").fetchone()[0] == 10
    # A reader with the snapshot open does not stop the next publish, and keeps its view.
    con = duckdb.connect(str(wh))
    con.execute("insert into items select 2, range from range(5)")
    con.close()
    publish_snapshot(wh, snap)
    assert reader.execute("select count(*) from items").fetchone()[0] == 10
    reader.close()
    assert open_snapshot(snap).execute("select count(*) from items").fetchone()[0] == 15
    assert not list(tmp_path.glob(".*.tmp"))


def test_reader_never_sees_half_a_run(tmp_path):
    wh, snap = tmp_path / "w.duckdb", tmp_path / "w.snapshot.duckdb"
    _init(wh)
    publish_snapshot(wh, snap)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(snap), "8"], stdout=subprocess.PIPE, text=True
    )
    time.sleep(0.5)
    writer = subprocess.run([sys.executable, "-c", WRITER, str(wh), str(snap), "15"], capture_output=True, text=True)
    assert writer.returncode == 0, writer.stderr
    out, _ = reader.communicate(timeout=60)
    assert reader.returncode == 0
    reads, bad = map(int, out.split())
    assert reads > 10
    assert bad == 0
    final = open_snapshot(snap)
    assert final.execute("select count(*) from items").fetchone()[0] == 15 * 5000
