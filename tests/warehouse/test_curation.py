"""Analyst curation file (issue 16): parsing, contradictions, and what lands in core.theme_curation."""

from __future__ import annotations

from datetime import datetime

import pytest
from suara.warehouse.curation import CurationError, apply_curation, load_curation

from tests.nlp.topics.corpus import ensure_upstream
from tests.warehouse.test_marts_cases import _insert

T0 = datetime(2026, 11, 1)


def _write(tmp_path, text: str):
    path = tmp_path / "curation.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_file_becomes_one_row_per_named_theme(tmp_path):
    curation = load_curation(_write(tmp_path, """
rename: {T0003: "Payment fails at checkout"}
merge: {T0003: [T0011, T0015]}
hide: [T0007]
pin: [T0003]
groups: {Payments: [T0003, T0004]}
"""))
    rows = {r["theme_id"]: r for r in curation.rows()}
    assert sorted(rows) == ["T0003", "T0004", "T0007", "T0011", "T0015"]
    assert rows["T0003"] == {"theme_id": "T0003", "label": "Payment fails at checkout", "theme_group": "Payments",
                             "hidden": False, "pinned": True, "merged_into": None}
    assert rows["T0011"]["merged_into"] == "T0003" and rows["T0015"]["merged_into"] == "T0003"
    assert rows["T0007"]["hidden"] is True and rows["T0007"]["label"] is None


@pytest.mark.parametrize("text, fragment", [
    ("merge: {T1: [T2], T2: [T3]}", "T2 is merged away and is also a merge target"),
    ("merge: {T1: [T1]}", "T1 is merged into itself"),
    ("merge: {T1: [T3], T2: [T3]}", "T3 is merged into both T1 and T2"),
    ("renmae: {T1: x}", "renmae"),
    ("hide: T1", "hide"),
    ("rename: [unclosed", "not valid YAML"),
])
def test_contradictions_and_typos_name_the_file_and_key(tmp_path, text, fragment):
    path = _write(tmp_path, text)
    with pytest.raises(CurationError) as err:
        load_curation(path)
    assert str(path) in str(err.value) and fragment in str(err.value)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CurationError, match="curation file not found"):
        load_curation(tmp_path / "nope.yaml")


def test_unknown_retired_and_registry_merged_ids_are_reported(fresh_db, tmp_path):
    ensure_upstream(fresh_db)
    _insert(fresh_db, "core.themes", [
        {"theme_id": "T1", "label": "a", "first_seen": T0},
        {"theme_id": "T2", "label": "b", "first_seen": T0, "status": "retired"},
        {"theme_id": "T3", "label": "c", "first_seen": T0, "status": "merged", "merged_into": "T1"},
    ])
    curation = load_curation(_write(tmp_path, "rename: {T1: A, T2: B}\nmerge: {T9: [T3]}\n"))
    result = apply_curation(fresh_db, curation)
    assert result["curated_themes"] == 4
    assert result["curation_problems"] == [
        "curated theme T2 was retired by a refit",
        "curated theme T3 was merged by a refit into T1",
        "curated theme T9 is not in the theme registry",
        "merge target T9 is not in the theme registry",
    ]
    # applying again replaces, never accumulates
    apply_curation(fresh_db, load_curation(_write(tmp_path, "hide: [T1]\n")))
    assert fresh_db.execute("select theme_id, hidden from core.theme_curation").fetchall() == [("T1", True)]
    assert fresh_db.execute("select count(*) from ops.curation_issues").fetchall()[0][0] == 0


def test_marts_show_renames_merges_and_hide(fresh_db, tmp_path):
    from suara.flows.config import SuaraConfig, ThemeConfig
    from suara.warehouse.marts import build_marts

    ensure_upstream(fresh_db)
    feedback, touchpoints, themes = [], [], []
    plan = {"T1": 30, "T2": 10, "T3": 20}  # T2 is merged into T1; T3 is hidden
    i = 0
    for theme, n in plan.items():
        for _ in range(n):
            fid = f"f{i:03d}"
            feedback.append({"feedback_id": fid, "created_at": datetime(2026, 10, 5, 9) , "nps": 3})
            touchpoints.append({"feedback_id": fid, "touchpoint": "delivery", "journey_stage": "fulfilment",
                                "sentiment_label": "negative", "sentiment_score": -0.8})
            themes.append({"feedback_id": fid, "theme_id": theme})
            i += 1
    _insert(fresh_db, "core.feedback", feedback)
    _insert(fresh_db, "core.feedback_touchpoints", touchpoints)
    _insert(fresh_db, "core.feedback_themes", themes)
    _insert(fresh_db, "core.themes", [{"theme_id": t, "label": f"auto {t}", "first_seen": T0} for t in plan])
    _write(tmp_path, "rename: {T1: Late parcels}\nmerge: {T1: [T2]}\nhide: [T3]\n")
    cfg = SuaraConfig(base_dir=tmp_path, curation="curation.yaml", themes=ThemeConfig(bootstrap_samples=50))
    counts = build_marts(fresh_db, cfg)
    assert counts["curation"]["curation_problems"] == []
    rows = {r[0]: r[1:] for r in fresh_db.execute(
        "select theme_id, label, label_source, auto_label, status, merged_into, hidden from marts.themes").fetchall()}
    assert rows["T1"] == ("Late parcels", "analyst", "auto T1", "active", None, False)
    assert rows["T2"][1:5] == ("auto", "auto T2", "merged", "T1")
    assert rows["T3"][-1] is True
    # every item of the merged theme now belongs to T1, in marts.feedback and in the pain points
    assert dict(fresh_db.execute(
        "select theme_id, count(*) from marts.feedback group by 1").fetchall()) == {"T1": 40, "T3": 20}
    pain = fresh_db.execute(
        "select theme_id, theme_label, volume from marts.pain_points where period_type = 'week'").fetchall()
    assert pain == [("T1", "Late parcels", 40)]  # hidden T3 is left out


def test_theme_list_shows_curated_labels_active_first(fresh_db, tmp_path):
    from suara.warehouse.curation import list_themes

    test_marts_show_renames_merges_and_hide(fresh_db, tmp_path)
    rows = list_themes(fresh_db)
    assert [(r["theme_id"], r["label"], r["status"]) for r in rows] == [
        ("T1", "Late parcels", "active"), ("T3", "auto T3", "active"), ("T2", "auto T2", "merged")]
    assert rows[1]["hidden"] is True


def test_a_refit_never_retires_or_merges_away_a_pinned_theme(fresh_db, tmp_path):
    from suara.nlp.topics.registry import LineageEvent
    from suara.warehouse.theme_registry import record_events

    ensure_upstream(fresh_db)
    _insert(fresh_db, "core.themes", [{"theme_id": t, "label": t, "first_seen": T0} for t in ("T1", "T2", "T3", "T4")])
    apply_curation(fresh_db, load_curation(_write(tmp_path, "pin: [T1, T3]\n")))
    record_events(fresh_db, [
        LineageEvent("retired", "T1", (), None), LineageEvent("retired", "T2", (), None),
        LineageEvent("merged", "T3", ("T4",), 0.9),
    ], "r2", T0)
    status = dict(fresh_db.execute("select theme_id, status from core.themes").fetchall())
    assert status == {"T1": "active", "T2": "retired", "T3": "active", "T4": "active"}
    # the lineage still says what the refit proposed
    assert fresh_db.execute("select count(*) from core.theme_lineage where run_id = 'r2'").fetchall()[0][0] == 3


def test_a_renamed_theme_of_praise_keeps_its_complaints_label_on_pain_points(fresh_db, tmp_path):
    from suara.flows.config import SuaraConfig, ThemeConfig
    from suara.warehouse.marts import build_marts

    ensure_upstream(fresh_db)
    rows = [("f1", "T1", "positive"), ("f2", "T1", "positive"), ("f3", "T1", "positive"), ("f4", "T1", "negative"),
            ("f5", "T2", "negative"), ("f6", "T2", "negative")]
    _insert(fresh_db, "core.feedback", [{"feedback_id": f, "created_at": datetime(2026, 10, 5, 9)} for f, _, _ in rows])
    _insert(fresh_db, "core.enrichment", [
        {"feedback_id": f, "content_hash": "h", "language": "en", "language_mixed": False, "language_confidence": 0.9,
         "text_norm": "teks", "text_hash": f, "embedding_model": "m", "sentiment_label": s,
         "sentiment_score": 0.8 if s == "positive" else -0.8, "p_negative": 0.1, "p_neutral": 0.1, "p_positive": 0.8,
         "sentiment_model": "test", "enriched_at": T0} for f, _, s in rows])
    _insert(fresh_db, "core.feedback_touchpoints", [
        {"feedback_id": f, "touchpoint": "app" if s == "positive" else "checkout", "journey_stage": "purchase",
         "sentiment_label": s, "sentiment_score": 0.8 if s == "positive" else -0.8} for f, _, s in rows])
    _insert(fresh_db, "core.feedback_themes", [{"feedback_id": f, "theme_id": t} for f, t, _ in rows])
    _insert(fresh_db, "core.themes", [
        {"theme_id": "T1", "label": "great app", "complaint_label": "app crash", "first_seen": T0},
        {"theme_id": "T2", "label": "payment failed", "complaint_label": "payment failed", "first_seen": T0}])
    _write(tmp_path, "rename: {T1: Great app, T2: Payment fails at checkout}\n")
    build_marts(fresh_db, SuaraConfig(base_dir=tmp_path, curation="curation.yaml",
                                      themes=ThemeConfig(bootstrap_samples=50)))
    pain = fresh_db.execute("select theme_id, theme_label from marts.pain_points "
                            "where period_type = 'week' and is_pain_point order by theme_id").fetchall()
    assert pain == [("T1", "app crash"), ("T2", "Payment fails at checkout")]
