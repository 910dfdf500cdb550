"""Fixtures for the report tests: seeded marts and a config writing into a temporary folder."""

from __future__ import annotations

import pytest
from suara.flows.config import SuaraConfig

from tests.warehouse.report.seed import seed_marts


@pytest.fixture
def seeded_marts(fresh_db):
    """A migrated in-memory warehouse whose ``marts.*`` hold the planted demo stories."""
    seed_marts(fresh_db)
    return fresh_db


@pytest.fixture
def report_cfg(tmp_path) -> SuaraConfig:
    """Default config whose report goes to ``tmp_path/reports``."""
    # The seeded times are written as the report should read them: UTC keeps them as written.
    return SuaraConfig(base_dir=tmp_path, report={"timezone": "UTC"})
