"""Pain-point statistics that need numpy: score impact with a bootstrap interval, and the volume spike.

Written to ``core.theme_period_stats``; the SQL marts (``marts.pain_points``, ``marts.bright_spots``,
``marts.theme_trends``) select from it. Groups and periods come from the intermediate models
(``int_theme_memberships``, ``int_feedback_periods``), so the marts and these figures agree.

* **Impact** of a theme x touchpoint in a period = mean score of all the period's items that carry the
  score − the mean *without* the group's items. Negative: the group drags the score down.
  The score of an item is its NPS points (+100 promoter 9-10, −100 detractor 0-6, 0 passive: their
  mean is the NPS), its CSAT top-2-box (1 for answers 4-5, else 0: their mean is the CSAT share), its
  CES (1-7) or its star rating (1-5).
* **Impact metric** of a theme: the first of ``nps``, ``csat``, ``ces``, ``rating`` that the theme's items
  carry enough of: at least half as many answers as the score its items carry most (:func:`choose_metrics`).
  A survey theme keeps NPS; a theme of star-rated reviews without NPS gets the rating.
* **NPS impact** (``nps_impact*``) is the impact on NPS for every group, whatever its metric (kept for
  compatibility).
* **Interval**: Poisson bootstrap (each item weighted by a Poisson(1) count, which approximates
  resampling with replacement and vectorises), fixed seed, percentile interval at ``themes.ci_level``.
* **Volume spike**: a period's volume, taken as a rate per day of data (the running week is partial),
  exceeds the rate of up to 8 earlier periods by ``emerging_sd`` standard deviations (Poisson, or the
  baseline's own variation when larger), leaving a guard of ``emerging_guard_days`` between baseline and
  period so a fresh spike does not hide in its own baseline (:func:`emerging_flags`).
  ``marts.pain_points`` calls a spike an *emerging pain point* only when the group is mostly negative.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import sparse
from suara.warehouse.config import WarehouseSettings as SuaraConfig
from suara.warehouse.db import registered

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


METRICS = ("nps", "csat", "ces", "rating")
"""Scores an impact can be on, in order of preference."""
ENOUGH_SHARE = 0.5
"""A theme's metric is the first whose answers reach this share of the answers of its best-covered score."""


def nps_points(nps: np.ndarray) -> np.ndarray:
    """+100 for promoters (9-10), −100 for detractors (0-6), 0 for passives: their mean is the NPS."""
    nps = np.asarray(nps)
    return np.where(nps >= 9, 100.0, np.where(nps <= 6, -100.0, 0.0))


def metric_points(metric: str, answers: np.ndarray) -> np.ndarray:
    """Per-item score whose mean is the metric: NPS points, CSAT top-2-box (0/1), CES or stars as given."""
    answers = np.asarray(answers, dtype=np.float64)
    if metric == "nps":
        return nps_points(answers)
    if metric == "csat":
        return np.where(answers >= 4, 1.0, 0.0)
    return answers


def _impact(total_s, total_n, group_s, group_n) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        rest_n = total_n[..., None] - group_n
        impact = total_s[..., None] / total_n[..., None] - (total_s[..., None] - group_s) / rest_n
    return np.where((group_n > 0) & (rest_n > 0), impact, np.nan)


def score_impact(points: np.ndarray, member: sparse.csr_matrix) -> np.ndarray:
    """Impact of each group (column of ``member``, responses x groups) on the mean of ``points``.

    Returns:
        One impact per group in the points' unit; NaN when a group has no responses or holds all of them.
    """
    m = sparse.csr_matrix(member, dtype=np.float64)
    total_s, total_n = np.array(points.sum()), np.array(float(len(points)))
    return _impact(total_s, total_n, m.T @ points, np.asarray(m.sum(axis=0)).ravel())


def bootstrap_impact(
    points: np.ndarray, member: sparse.csr_matrix, *, samples: int = 1000, level: float = 0.9, seed: int = 42
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap interval ``(low, high)`` of :func:`score_impact`, per group.

    Args:
        points: score per response (:func:`metric_points`).
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


nps_impact = score_impact
"""NPS impact: :func:`score_impact` of NPS points (:func:`nps_points`)."""
bootstrap_nps_impact = bootstrap_impact
"""Bootstrap interval of the NPS impact."""


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


def choose_metrics(counts: pd.DataFrame) -> pd.Series:
    """Impact metric per theme from its answer counts (themes x :data:`METRICS`); themes without any dropped.

    The first metric whose answers reach :data:`ENOUGH_SHARE` of the theme's best-covered score: a theme of
    survey answers keeps NPS even when some of its items also carry a rating, a theme of star-rated
    reviews without NPS gets the rating.
    """
    counts = counts.reindex(columns=list(METRICS), fill_value=0).fillna(0)
    best = counts.max(axis=1)
    enough = counts.ge(np.maximum(1.0, ENOUGH_SHARE * best), axis=0)
    return enough[enough.any(axis=1)].idxmax(axis=1)


def _theme_metrics(members: pd.DataFrame, scores: pd.DataFrame) -> pd.Series:
    first = PERIOD_TYPES[0]  # every item has exactly one row per period type
    items = members[(members.touchpoint == ALL_TOUCHPOINTS) & (members.period_type == first)]
    carried = items[["theme_id", "feedback_id"]].merge(
        scores.loc[scores.period_type == first, ["feedback_id", *METRICS]], on="feedback_id")
    return choose_metrics(carried.groupby("theme_id")[list(METRICS)].count())


def _membership(resp: pd.DataFrame, members: pd.DataFrame, groups: np.ndarray) -> sparse.csr_matrix:
    """Responses x ``groups`` 0/1 matrix (an item counts once per group even if it mentions a touchpoint twice)."""
    row_of = pd.Series(np.arange(len(resp)), index=resp.feedback_id.to_numpy())
    col_of = pd.Series(np.arange(len(groups)), index=groups)
    mem = members[members.feedback_id.isin(row_of.index) & members.g.isin(col_of.index)]
    matrix = sparse.csr_matrix(
        (np.ones(len(mem)), (row_of[mem.feedback_id].to_numpy(), col_of[mem.g].to_numpy())),
        shape=(len(resp), len(groups)),
    )
    matrix.data[:] = 1.0
    return matrix


IMPACT_FIGURES = ("nps_responses", "nps_impact", "nps_impact_low", "nps_impact_high", "impact_responses",
                  "impact", "impact_low", "impact_high")


def _impacts(members: pd.DataFrame, scores: pd.DataFrame, groups: np.ndarray, metric_of: np.ndarray,
             cfg: SuaraConfig) -> dict[str, np.ndarray]:
    """NPS impact of every group and impact on each group's own metric, with intervals, in one period."""
    t = cfg.themes
    out = {name: np.full(len(groups), np.nan) for name in IMPACT_FIGURES}
    out["nps_responses"][:] = 0
    out["impact_responses"][:] = 0
    for metric in METRICS:
        chosen = metric_of == metric
        cols = np.arange(len(groups)) if metric == "nps" else np.flatnonzero(chosen)
        resp = scores[scores[metric].notna()]
        if not len(cols) or resp.empty:
            continue
        matrix = _membership(resp, members, groups[cols])
        points = metric_points(metric, resp[metric].to_numpy())
        figures = {
            "impact": score_impact(points, matrix),
            **dict(zip(("impact_low", "impact_high"), bootstrap_impact(
                points, matrix, samples=t.bootstrap_samples, level=t.ci_level, seed=t.seed), strict=True)),
            "impact_responses": np.asarray((matrix > 0).sum(axis=0), dtype=np.float64).ravel(),
        }
        if metric == "nps":
            for name, values in figures.items():
                out[name.replace("impact", "nps_impact", 1) if name != "impact_responses" else "nps_responses"] = values
        own = chosen[cols]
        for name, values in figures.items():
            out[name][cols[own]] = values[own]
    return out


def _period_stats(members: pd.DataFrame, scores: pd.DataFrame, period: str, cfg: SuaraConfig,
                  data_range: tuple, theme_metric: pd.Series) -> pd.DataFrame:
    """Stats rows of one period type: volume, impacts and intervals, volume-spike baseline."""
    members = members[members.period_type == period]
    scores = scores[scores.period_type == period]
    groups = members[["theme_id", "touchpoint"]].drop_duplicates().sort_values(["theme_id", "touchpoint"])
    groups = groups.reset_index(drop=True).reset_index().rename(columns={"index": "g"})
    metric_of = np.array([theme_metric.get(theme) for theme in groups.theme_id], dtype=object)
    members = members.merge(groups, on=["theme_id", "touchpoint"])
    periods = sorted(set(_all_periods(period, *data_range)) | set(members.period) | set(scores.period))
    volume = members.groupby(["period", "g"]).feedback_id.nunique()
    grid = np.zeros((len(groups), len(periods)))
    col = {p: i for i, p in enumerate(periods)}
    for (p, g), v in volume.items():
        grid[g, col[p]] = v
    flags, mean, std = _spikes(grid, periods, period, data_range, cfg)
    out = []
    for p, j in col.items():
        present = np.flatnonzero(grid[:, j] > 0)
        if not len(present):
            continue
        figures = _impacts(members[members.period == p], scores[scores.period == p], present, metric_of[present],
                           cfg)
        frame = groups.iloc[present].copy()
        frame["period_type"], frame["period"] = period, p
        frame["volume"] = grid[present, j].astype(np.int64)
        for name, values in figures.items():
            frame[name] = values
        frame["impact_metric"] = metric_of[present]  # the theme's metric; None when its items carry no score
        frame.loc[frame.impact_metric.isna(), "impact_responses"] = np.nan
        frame["baseline_mean"], frame["baseline_sd"] = mean[present, j], std[present, j]
        frame["volume_spike"] = flags[present, j]
        out.append(frame)
    return pd.concat(out) if out else pd.DataFrame()


STATS_COLUMNS = [
    "period_type", "period", "theme_id", "touchpoint", "volume", "nps_responses", "nps_impact", "nps_impact_low",
    "nps_impact_high", "baseline_mean", "baseline_sd", "volume_spike", "impact_metric", "impact_responses",
    "impact", "impact_low", "impact_high",
]


def compute_theme_period_stats(con, cfg: SuaraConfig) -> int:
    """Rebuild ``core.theme_period_stats`` from the current theme assignments; return the rows written.

    Reads the intermediate models (``build_intermediate`` first). The caller owns the transaction
    (``build_marts`` runs this and the marts in one).
    """
    members = con.execute("select * from int_theme_memberships").df()
    con.execute("delete from core.theme_period_stats")
    if members.empty:
        return 0
    scores = con.execute("select feedback_id, period_type, period, nps, csat, ces, rating "
                         "from int_feedback_periods").df()
    data_range = con.execute("select min(created_at), max(created_at) from core.feedback").fetchall()[0]
    theme_metric = _theme_metrics(members, scores)
    frames = [_period_stats(members, scores, period, cfg, data_range, theme_metric) for period in PERIOD_TYPES]
    stats = pd.concat(frames)[STATS_COLUMNS]
    stats = stats.astype({"volume_spike": bool, "nps_responses": np.int64, "impact_responses": "Int64"})
    with registered(con, "_suara_stats", pa.Table.from_pandas(stats, preserve_index=False)):
        con.execute("insert into core.theme_period_stats by name select * from _suara_stats")
    return len(stats)
