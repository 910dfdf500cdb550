"""Every mart and every mart column is documented in its sibling .yml, and the column tests hold (STYLE.md 2)."""

from __future__ import annotations

import pytest
import yaml
from suara.warehouse.db import SQL_DIR
from suara.warehouse.marts import MARTS, mart_doc_path

from tests.nlp.topics.corpus import built_warehouse

MART_DIR = SQL_DIR / "marts"


def _doc(name: str) -> dict:
    return yaml.safe_load(mart_doc_path(name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def warehouse():
    con, _ = built_warehouse()
    yield con
    con.close()


def test_every_sql_model_is_built_and_documented():
    sql = {p.stem for p in MART_DIR.glob("*.sql")}
    docs = {p.stem for p in MART_DIR.glob("*.yml")}
    assert sql == set(MARTS) == docs


@pytest.mark.parametrize("name", MARTS)
def test_mart_doc_has_grain_and_describes_every_column(warehouse, name):
    doc = _doc(name)
    assert doc["name"] == name
    assert doc["grain"].startswith("One row per") and doc["grain"].endswith(".")
    documented = [c["name"] for c in doc["columns"]]
    assert all(c.get("description", "").strip() for c in doc["columns"]), name
    actual = [r[0] for r in warehouse.execute(
        "select column_name from information_schema.columns where table_schema = 'marts' and table_name = ? "
        "order by ordinal_position", [name]).fetchall()]
    assert actual, f"marts.{name} was not built"
    assert documented == actual, f"marts.{name}: undocumented {set(actual) - set(documented)}, " \
                                 f"stale {set(documented) - set(actual)}"


def _column_failures(con, table: str, column: str, test) -> int:
    # Identifiers come from the checked-in .yml files, never from data.
    if test == "not_null":
        sql = f'select count(*) from {table} where "{column}" is null'
    elif test == "unique":
        sql = f'select count(*) from (select "{column}" from {table} group by 1 having count(*) > 1)'
    elif isinstance(test, dict) and "accepted_values" in test:
        values = test["accepted_values"]
        return con.execute(
            f'select count(*) from {table} where "{column}" is not null and not list_contains(?, "{column}")',
            [values]).fetchall()[0][0]
    else:
        raise AssertionError(f"{table}.{column}: unknown test {test!r}")
    return con.execute(sql).fetchall()[0][0]


@pytest.mark.parametrize("name", MARTS)
def test_mart_column_tests_pass(warehouse, name):
    doc = _doc(name)
    table = f"marts.{name}"
    assert warehouse.execute(f"select count(*) from {table}").fetchall()[0][0] > 0
    failures = []
    for column in doc["columns"]:
        for test in column.get("tests", []):
            if _column_failures(warehouse, table, column["name"], test):
                failures.append((column["name"], test))
    for test in doc.get("tests", []):
        cols = ", ".join(f'"{c}"' for c in test["unique_combination"])
        dupes = warehouse.execute(
            f"select count(*) from (select {cols} from {table} group by all having count(*) > 1)").fetchall()[0][0]
        if dupes:
            failures.append((test["unique_combination"], "unique_combination"))
    assert not failures, f"{table}: {failures}"


def test_column_tests_can_fail(warehouse):
    warehouse.execute("create temp table broken as select * from marts.themes")
    warehouse.execute("update broken set status = 'lost'")
    assert _column_failures(warehouse, "broken", "status", {"accepted_values": ["active"]}) > 0
    assert _column_failures(warehouse, "broken", "status", "unique") > 0
