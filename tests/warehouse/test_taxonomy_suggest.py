"""`suara taxonomy suggest`: proposals from a real linked warehouse (issue 12, item 2)."""

from pathlib import Path

import numpy as np
import yaml
from suara.flows.config import SuaraConfig
from suara.warehouse.db import connect
from suara.warehouse.taxonomy_suggest import characteristic, suggest, to_yaml

from tests.warehouse.test_link import insert

CAFE = (Path(__file__).parents[1] / "nlp" / "cases" / "taxonomy_cafe.yaml").read_text(encoding="utf-8")
COFFEE = ["cappuccino nya pahit banget", "cappuccino terlalu manis", "cappuccino dingin pas datang",
          "kopi susu cappuccino enak", "the cappuccino was burnt", "cappuccino foam was flat",
          "kopi hitamnya pahit", "espresso nya asam"]
SEATING = ["kursinya keras dan sempit", "mejanya kotor dan goyang", "no free tables on saturday",
           "the chairs are uncomfortable", "susah dapat meja kosong", "sofa di pojok nyaman"]
PARKING = ["parkir motor penuh terus", "parkirnya sempit dan mahal", "tukang parkir galak", "parkir mobil susah",
           "bayar parkir dua kali", "parkiran becek kalau hujan", "lahan parkir kecil", "parkir liar di depan",
           "no parking near the cafe", "parking lot is always full"]


def linked_warehouse(tmp_path):
    """Given: enriched items with cached embeddings, linked as a run would (coffee, seating; parking unlinked)."""
    taxonomy = tmp_path / "cafe.yaml"
    taxonomy.write_text(CAFE, encoding="utf-8")
    cfg = SuaraConfig(journey=taxonomy)
    con = connect(tmp_path / "w.duckdb")
    groups = [("coffee", COFFEE), ("seating", SEATING), ("unlinked", PARKING)]
    i = 0
    for touchpoint, texts in groups:
        for text in texts:
            insert(con, f"f{i:02d}", text, "review", None, None, cache=True)
            con.execute("insert into core.feedback_touchpoints values (?, ?, ?, 0.9, 'neutral', 0.0, ?, 'embedding',"
                        " true, 'v1', 'k', now())",
                        [f"f{i:02d}", touchpoint, None if touchpoint == "unlinked" else "visit", text])
            i += 1
    return con, cfg


def test_characteristic_terms_are_specific_to_their_class():
    target = ["cappuccino pahit", "cappuccino manis", "cappuccino dingin", "kopi enak"]
    others = [["meja kotor", "kursi keras enak", "meja sempit"]]
    words, phrases = characteristic(target, others, known={"kopi"})
    assert words[0] == "cappuccino" and "kopi" not in words
    assert "enak" not in words[:1] and phrases == []


def test_suggest_proposes_terms_and_a_missing_touchpoint_from_the_warehouse(tmp_path):
    con, cfg = linked_warehouse(tmp_path)
    result = suggest(con, cfg, max_clusters=4)
    unlinked = con.execute("select count(*) from core.feedback_touchpoints where touchpoint = 'unlinked'").fetchone()
    assert result.items == len(COFFEE + SEATING + PARKING) and result.unlinked == unlinked[0]
    coffee = next(t for t in result.touchpoints if t.touchpoint == "coffee")
    assert "cappuccino" in coffee.keywords  # the batch's own word for the touchpoint, not in the taxonomy yet
    assert result.clusters, "the unlinked parking complaints should form a cluster"
    top = result.clusters[0]
    assert "parkir" in top.keywords and top.size >= 5
    assert all(quote in PARKING for quote in top.examples)  # quotes are the warehouse's (redacted) text
    text = to_yaml(result)
    proposal = yaml.safe_load(text)
    assert "cappuccino" in proposal["extend"]["coffee"]["keywords"]
    entry = proposal["new_touchpoints"][0]
    assert entry["stage"] == "visit" and "parkir" in entry["keywords"]


def test_clusters_without_a_word_of_their_own_are_not_proposed():
    from suara.warehouse.taxonomy_suggest import Cluster, Suggestions

    chatter = Cluster(40, 0.2, [], [], "coffee", 0.9, ["ok", "oke", "👍"])
    parking = Cluster(12, 0.06, ["parkir"], ["parkir penuh"], "seating", 0.8, ["parkir penuh terus"])
    text = to_yaml(Suggestions("cafe.yaml", {"coffee": "visit", "seating": "visit"}, 200, 52, [], [chatter, parking]))
    proposal = yaml.safe_load(text)
    assert [e["keywords"] for e in proposal["new_touchpoints"]] == [["parkir"]]
    assert "40 items (20.0%), e.g. ok | oke | 👍" in text


def test_cli_taxonomy_suggest_prints_and_writes_yaml(tmp_path):
    from suara.flows.cli import app
    from typer.testing import CliRunner

    con, cfg = linked_warehouse(tmp_path)
    con.close()
    config = tmp_path / "suara.yaml"
    config.write_text(f"warehouse:\n  path: {tmp_path / 'w.duckdb'}\njourney: {cfg.journey_path}\n", encoding="utf-8")
    out = CliRunner().invoke(app, ["taxonomy", "suggest", "--config", str(config), "--out", str(tmp_path / "s.yaml")])
    assert out.exit_code == 0, out.output
    assert "new_touchpoints:" in out.output and "cappuccino" in out.output
    assert yaml.safe_load((tmp_path / "s.yaml").read_text(encoding="utf-8"))["extend"]["coffee"]
    assert cfg.journey_path.read_text(encoding="utf-8") == CAFE  # nothing applied


def test_a_cluster_of_one_word_reactions_is_not_proposed_as_a_touchpoint():
    from suara.warehouse.taxonomy_suggest import _clusters

    rng = np.random.default_rng(0)
    axes = np.eye(8, dtype=np.float32)
    praise = ["Keren", "keren!", "Kereeen", "mantap", "keren 👍", "keren", "Keren.", "keren banget"] * 2
    parking = PARKING + PARKING[:6]
    rows = [(t, t, axes[0] + 0.05 * rng.standard_normal(8)) for t in praise]
    rows += [(t, t, axes[1] + 0.05 * rng.standard_normal(8)) for t in parking]
    clusters = _clusters(rows, {"coffee": COFFEE}, len(rows), max_clusters=2, seed=0, centroids={})
    by_example = {c.examples[0] in PARKING: c for c in clusters}
    assert "parkir" in by_example[True].keywords
    assert by_example[False].keywords == [] and by_example[False].phrases == []  # "keren" alone is not a topic
