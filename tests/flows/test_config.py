"""Typed config: defaults, path resolution, and errors that name the file and the key."""

from __future__ import annotations

import pytest
from suara.flows.config import DEFAULT_CONFIG, ConfigError, SuaraConfig, load_config


def test_shipped_config_matches_code_defaults():
    shipped = load_config(DEFAULT_CONFIG)
    defaults = SuaraConfig(base_dir=shipped.base_dir)
    assert shipped == defaults


def test_minimal_user_config(tmp_path):
    path = tmp_path / "my.yaml"
    path.write_text(
        "warehouse: {path: data/vo.duckdb}\n"
        "sources:\n"
        "  - {name: app_reviews, kind: review, path: exports/reviews-*.csv, format: csv,\n"
        "     columns: {id: review_id, text: content, created_at: reviewed_at, rating: stars}}\n"
    )
    cfg = load_config(path)
    assert cfg.warehouse_path == tmp_path / "data" / "vo.duckdb"
    assert cfg.snapshot_path == tmp_path / "data" / "vo.snapshot.duckdb"
    assert cfg.sources[0].columns["rating"] == "stars"
    assert cfg.embeddings.backend == "e5"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "sources:\n  - {name: s, kind: blog, path: x.csv, columns: {id: a, text: b, created_at: c}}\n",
            "sources.0.kind",
        ),
        ("sources:\n  - {name: s, kind: review, path: x.csv, columns: {id: a, text: b}}\n", "sources.0.columns"),
        ("themes: {window_dayz: 3}\n", "themes.window_dayz"),
    ],
)
def test_errors_name_file_and_key(tmp_path, text, key):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value)
    assert key in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")
