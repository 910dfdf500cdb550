"""Pain-point statistics that need numpy: NPS impact with a bootstrap interval, and the emerging flag.

Written to ``core.theme_period_stats``; the SQL marts (``marts.pain_points``,
``marts.theme_trends``) select from it.

* **NPS** of a set of responses = % promoters (9-10) − % detractors (0-6).
* **NPS impact** of a theme × touchpoint in a period = NPS of all the period's
  responses − NPS of the period's responses *without* the ones in the group.
  Negative: the group drags NPS down; positive: it lifts NPS.
* **Interval**: Poisson bootstrap (each response weighted by a Poisson(1) count,
  which approximates resampling with replacement and vectorises), fixed seed,
  percentile interval at ``themes.ci_level``.
* **Volume spike** (``emerging`` in this table): a period's volume, taken as a rate per day of data
  (the running week is partial), exceeds the rate of up to 8 earlier periods by ``emerging_sd``
  standard deviations (Poisson, or the baseline's own variation when larger), leaving a guard of
  ``emerging_guard_days`` between baseline and period so a fresh spike does not hide in its own
  baseline (:func:`emerging_flags`). ``marts.pain_points`` calls a spike an *emerging pain point*
  only when the group is mostly negative.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import sparse
from suara.warehouse.config import WarehouseSettings as SuaraConfig
from suara.warehouse.db import read_sql

ALL_TOUCHPOINTS = "*"
"""Touchpoint key of the theme-level rows (every touchpoint together)."""
PERIOD_TYPES = ("week", "month")
PERIOD_DAYS = {"week": 7, "month": 30}
"""Nominal length of each period type (turns ``themes.emerging_guard_days`` into periods)."""
BASELINE_PERIODS = 8
"""Previous periods the emerging baseline looks back over."""
MIN_BASELINE_PERIODS = 2
"""Periods of history needed before anything can be called emerging."""
_BLOCK_CELLS = 4_000_000
"""Bootstrap weights generated per block (replicates x responses), bounding memory."""


def nps_points(nps: np.ndarray) -> np.ndarray:
    """+100 for promoters (9-10), −100 for detractors (0-6), 0 for passives: their mean is the NPS."""
    nps = np.asarray(nps)
    return np.where(nps >= 9, 100.0, np.where(nps <= 6, -100.0, 0.0))


def _impact(total_s, total_n, group_s, group_n) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        rest_n = total_n[..., None] - group_n
        impact = total_s[..., None] / total_n[..., None] - (total_s[..., None] - group_s) / rest_n
    return np.where((group_n > 0) & (rest_n > 0), impact, np.nan)


def nps_impact(points: np.ndarray, member: sparse.csr_matrix) -> np.ndarray:
    """NPS impact of each group (column of ``member``, responses x groups) on the responses' NPS.

    Returns:
        One impact per group in NPS points; NaN when a group has no responses or holds all of them.
    """
    m = sparse.csr_matrix(member, dtype=np.float64)
    total_s, total_n = np.array(points.sum()), np.array(float(len(points)))
    return _impact(total_s, total_n, m.T @ points, np.asarray(m.sum(axis=0)).ravel())


def bootstrap_nps_impact(
    points: np.ndarray, member: sparse.csr_matrix, *, samples: int = 1000, level: float = 0.9, seed: int = 42
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap interval ``(low, high)`` of :func:`nps_impact`, per group.

    Args:
        points: NPS points per response (:func:`nps_points`).
        member: responses x groups 0/1 matrix.
        samples: bootstrap replicates.
        level: confidence level (e.g. 0.9 for a 90% interval).
        seed: random seed (same inputs, same interval).
    """
    m = sparse.csc_matrix(member, dtype=np.float32)
    n, g = m.shape
    rng = np.random.default_rng(seed)
    block = max(1, min(samples, _BLOCK_CELLS // max(n, 1)))
    replicates = []
    for start in range(0, samples, block):
        w = rng.poisson(1.0, size=(min(block, samples - start), n)).astype(np.float32)
        group_s = (m.T @ (w * points.astype(np.float32)).T).T
        group_n = (m.T @ w.T).T
        replicates.append(_impact(w @ points, w.sum(axis=1), np.asarray(group_s), np.asarray(group_n)))
    reps = np.vstack(replicates) if replicates else np.full((0, g), np.nan)
    alpha = (1.0 - level) / 2.0
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN groups (no responses) give NaN, as wanted
        low = np.nanquantile(reps, alpha, axis=0) if len(reps) else np.full(g, np.nan)
        high = np.nanquantile(reps, 1 - alpha, axis=0) if len(reps) else np.full(g, np.nan)
    return low, high


def emerging_flags(
    volumes: np.ndarray, days: np.ndarray | None = None, *, sd: float = 3.0, min_count: int = 5,
    guard: int = 1,
) -> tuple[np.ndarray, ...]:
    """Volume-spike flag per group and period from a dense groups x periods volume matrix (periods in order).

    Volumes are compared as rates per day of data, so a partial period (the running week, or the first
    week of the data) is neither inflated nor deflated. The baseline of period ``p`` is the pooled daily rate
    of up to ``BASELINE_PERIODS`` periods that end ``guard`` periods before ``p``: a spike that began in the
    previous period does not inflate its own baseline. A period spikes when its volume exceeds the
    expected volume (baseline rate x its days) by ``sd`` standard deviations, the deviation being the larger
    of the Poisson one (sqrt of the expectation, at least 1) and the baseline's own period-to-period
    variation (scaled to the period's days), and it reaches ``min_count`` items.

    Args:
        volumes: groups x periods counts.
        days: days of data in each period (``None``: all periods complete and equally long).
        sd: standard deviations above the expected volume.
        min_count: smallest volume that can be flagged.
        guard: periods skipped between the baseline and the period tested.

    Returns:
        ``(flags, expected, deviation)``, each groups x periods; NaN before ``MIN_BASELINE_PERIODS`` periods of
        baseline exist.
    """
    volumes = np.asarray(volumes, dtype=np.float64)
    g, p = volumes.shape
    days = np.ones(p) if days is None else np.maximum(np.asarray(days, dtype=np.float64), 1e-9)
    expected = np.full((g, p), np.nan)
    deviation = np.full((g, p), np.nan)
    for j in range(p):
        stop = j - guard
        start = max(0, stop - BASELINE_PERIODS)
        if stop - start < MIN_BASELINE_PERIODS:
            continue
        window, window_days = volumes[:, start:stop], days[start:stop]
        rate = window.sum(axis=1) / window_days.sum()
        expected[:, j] = rate * days[j]
        spread = (window / window_days).std(axis=1, ddof=1) * days[j]
        deviation[:, j] = np.maximum(np.sqrt(np.maximum(expected[:, j], 1.0)), spread)
    with np.errstate(invalid="ignore"):
        flags = (volumes > expected + sd * deviation) & (volumes >= min_count)
    return flags, expected, deviation


def period_days(starts: list, period: str, data_start, data_end) -> np.ndarray:
    """Days of data inside each period (``week`` or ``month`` starting at ``starts``), counting whole dates.

    The data's first and last dates bound the count, so the running week holds only the days seen so far.
    """
    first, last = pd.Timestamp(data_start).normalize(), pd.Timestamp(data_end).normalize()
    out = []
    for start in starts:
        begin = pd.Timestamp(start)
        end = begin + (pd.DateOffset(weeks=1) if period == "week" else pd.DateOffset(months=1)) - pd.Timedelta(days=1)
        out.append(max(0, (min(end, last) - max(begin, first)).days + 1))
    return np.asarray(out, dtype=np.float64)


def _all_periods(period: str, data_start, data_end) -> list:
    """Every period start from the data's first to its last date (periods without items included)."""
    freq = "W-MON" if period == "week" else "MS"
    first = pd.Timestamp(data_start).normalize()
    first = first - pd.Timedelta(days=first.weekday()) if period == "week" else first.replace(day=1)
    return list(pd.date_range(first, pd.Timestamp(data_end), freq=freq))


def _spikes(grid: np.ndarray, periods: list, period: str, data_range: tuple, cfg: SuaraConfig):
    t = cfg.themes
    guard = math.ceil(t.emerging_guard_days / PERIOD_DAYS[period])
    days = period_days(periods, period, *data_range)
    return emerging_flags(grid, days, sd=t.emerging_sd, min_count=t.emerging_min_count, guard=guard)


def _period_stats(members: pd.DataFrame, responses: pd.DataFrame, period: str, cfg: SuaraConfig,
                  data_range: tuple) -> pd.DataFrame:
    """Stats rows of one period type: volume, NPS impact and interval, volume-spike baseline."""
    t = cfg.themes
    groups = members[["theme_id", "touchpoint"]].drop_duplicates().sort_values(["theme_id", "touchpoint"])
    groups = groups.reset_index(drop=True).reset_index().rename(columns={"index": "g"})
    members = members.merge(groups, on=["theme_id", "touchpoint"])
    periods = sorted(set(_all_periods(period, *data_range)) | set(members[period]) | set(responses[period]))
    volume = members.groupby([period, "g"]).feedback_id.nunique()
    grid = np.zeros((len(groups), len(periods)))
    col = {p: i for i, p in enumerate(periods)}
    for (p, g), v in volume.items():
        grid[g, col[p]] = v
    flags, mean, std = _spikes(grid, periods, period, data_range, cfg)
    out = []
    for p in periods:
        resp = responses[responses[period] == p].reset_index(drop=True)
        row_of = pd.Series(resp.index, index=resp.feedback_id)
        mem = members[(members[period] == p) & members.feedback_id.isin(row_of.index)]
        matrix = sparse.csr_matrix(
            (np.ones(len(mem)), (row_of[mem.feedback_id].to_numpy(), mem.g.to_numpy())), shape=(len(resp), len(groups))
        )
        matrix.data[:] = 1.0  # an item counted once per group even if it mentions a touchpoint twice
        points = nps_points(resp.nps.to_numpy())
        impact = nps_impact(points, matrix) if len(resp) else np.full(len(groups), np.nan)
        low, high = bootstrap_nps_impact(points, matrix, samples=t.bootstrap_samples, level=t.ci_level, seed=t.seed)
        responders = np.asarray((matrix > 0).sum(axis=0)).ravel()
        j = col[p]
        present = grid[:, j] > 0
        frame = groups[present].copy()
        frame["period_type"], frame["period"] = period, p
        frame["volume"] = grid[present, j].astype(np.int64)
        frame["nps_responses"] = responders[present].astype(np.int64)
        for name, values in (("nps_impact", impact), ("nps_impact_low", low), ("nps_impact_high", high),
                             ("baseline_mean", mean[:, j]), ("baseline_sd", std[:, j])):
            frame[name] = values[present]
        frame["emerging"] = flags[present, j]
        out.append(frame)
    return pd.concat(out) if out else pd.DataFrame()


STATS_COLUMNS = [
    "period_type", "period", "theme_id", "touchpoint", "volume", "nps_responses", "nps_impact", "nps_impact_low",
    "nps_impact_high", "baseline_mean", "baseline_sd", "emerging",
]


def compute_theme_period_stats(con, cfg: SuaraConfig) -> int:
    """Rebuild ``core.theme_period_stats`` from the current theme assignments; return the rows written.

    The caller owns the transaction (``build_marts`` runs this and the marts in one).
    """
    members = con.execute(read_sql("themes/memberships.sql")).df()
    responses = con.execute(read_sql("themes/responses.sql")).df()
    con.execute("delete from core.theme_period_stats")
    if members.empty:
        return 0
    data_range = con.execute("select min(created_at), max(created_at) from core.feedback").fetchall()[0]
    frames = [_period_stats(members, responses, period, cfg, data_range) for period in PERIOD_TYPES]
    stats = pd.concat(frames)[STATS_COLUMNS]
    stats = stats.astype({"emerging": bool})
    con.register("_suara_stats", pa.Table.from_pandas(stats, preserve_index=False))
    try:
        con.execute("insert into core.theme_period_stats select * from _suara_stats")
    finally:
        con.unregister("_suara_stats")
    return len(stats)
