"""The ``suara`` command line: thin wrappers over the flows and plain functions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from suara.flows import errors
from suara.flows.config import CONFIG_DIR, DEFAULT_CONFIG, ConfigError, SuaraConfig, load_config
from suara.flows.env import prepare_environment
from suara.flows.taxonomy import app as taxonomy_app


class _App(typer.Typer):
    """Typer app that ends a user mistake in one line and its exit code (README: exit codes); ``--debug`` re-raises."""

    def __call__(self, *args, **kwargs):  # noqa: D102
        try:
            return super().__call__(*args, **kwargs)
        except Exception as exc:
            code, reason = errors.exit_code(exc), errors.environment_failure(exc)
            if reason is not None and code is None:
                code = errors.EXIT_FAILURE
            if code is None or errors.debug():
                raise
            typer.secho(f"error: {reason or exc}", fg="red", err=True)
            raise SystemExit(code) from None


app = _App(add_completion=False, no_args_is_help=True, help=__doc__)

ConfigOpt = Annotated[Path | None, typer.Option("--config", "-c", help="Config YAML (default: configs/suara.yaml).")]
WarehouseOpt = Annotated[Path | None, typer.Option("--warehouse", "-w", help="DuckDB file; overrides the config.")]


@app.callback()
def _main(debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks on errors.")] = False) -> None:
    errors.set_debug(debug)
    # Before any command imports Prefect: Prefect reads its settings (PREFECT_HOME, the API server's start-up
    # timeout) once, at import, so defaults set later are silently ignored (the server then had 20 s, not 120 s).
    prepare_environment()


def _config(
    config: Path | None, warehouse: Path | None, *, writes: bool = True, sources: bool = False,
) -> SuaraConfig:
    prepare_environment()
    try:
        cfg = load_config(config)
        if warehouse is not None:
            wh = cfg.warehouse.model_copy(update={"path": warehouse.resolve()})
            cfg = cfg.model_copy(update={"warehouse": wh})
        if writes:
            errors.check_paths(cfg, packaged_defaults=CONFIG_DIR)
        if sources:
            errors.check_sources(cfg, config or DEFAULT_CONFIG)
    except (ConfigError, errors.UsageError) as exc:
        if errors.debug():
            raise
        typer.secho(f"error: {exc}", fg="red", err=True)
        raise typer.Exit(errors.EXIT_USAGE) from exc
    errors.quiet_prefect_tracebacks()
    return cfg


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Folder for the demo data, warehouse and report.")] = Path("suara-demo"),
    items: Annotated[int, typer.Option(help="Number of feedback items to generate.")] = 6000,
    seed: Annotated[int, typer.Option(help="Random seed of the generator.")] = 7,
) -> None:
    """Generate the bilingual demo data into a fresh warehouse and run the whole nightly flow on it."""
    prepare_environment()
    from suara.flows.demo import DemoFolderError, run_demo

    try:
        run_demo(out, items=items, seed=seed)
    except DemoFolderError as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        raise typer.Exit(2) from exc


@app.command()
def run(config: ConfigOpt = None, warehouse: WarehouseOpt = None) -> None:
    """Run one nightly run: ingest, enrich, touchpoints, themes, marts, report, publish."""
    from suara.flows.nightly import run_nightly

    _exit_if_degraded(run_nightly(_config(config, warehouse, sources=True)))


@app.command()
def ingest(config: ConfigOpt = None, warehouse: WarehouseOpt = None) -> None:
    """Load new and changed records from the configured sources into the warehouse."""
    from suara.flows.ingest import run_ingest

    _exit_if_degraded(run_ingest(_config(config, warehouse, sources=True)))


def _exit_if_degraded(result: dict) -> None:
    """Exit code 3 when the run finished ``degraded`` (a source loaded nothing, a file failed, ...)."""
    status = result.get("status") or (result.get("ingest") or {}).get("status")
    if status == "degraded":
        raise typer.Exit(3)


@app.command()
def enrich(
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
    rescore: Annotated[bool, typer.Option(help="Re-run sentiment on every row (after a model change).")] = False,
) -> None:
    """Add language, normalised text, embeddings and sentiment to new or changed feedback."""
    from suara.flows.enrich_command import run_enrich

    run_enrich(_config(config, warehouse), rescore=rescore)


@app.command()
def themes(
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
    refit: Annotated[bool, typer.Option(help="Refit the topic model instead of assigning to existing themes.")] = False,
    list_: Annotated[bool, typer.Option("--list", help=(
        "Print every theme (id, label, size, negative share, a sample quote) to write the curation file from; "
        "changes nothing."))] = False,
) -> None:
    """Link touchpoints, update the theme registry and rebuild the analyst marts (or list the themes)."""
    if list_:
        from suara.flows.theme_list import print_themes

        print_themes(_config(config, warehouse))
        return
    from suara.flows.themes import run_themes

    run_themes(_config(config, warehouse), refit=refit)


@app.command()
def report(config: ConfigOpt = None, warehouse: WarehouseOpt = None) -> None:
    """Render the HTML theme report and the Markdown digest from the marts."""
    from suara.flows.report import run_report

    run_report(_config(config, warehouse))


@app.command()
def serve(config: ConfigOpt = None, warehouse: WarehouseOpt = None) -> None:
    """Serve a Prefect deployment of the nightly flow on the configured cron schedule."""
    from suara.flows.deploy import serve_nightly

    serve_nightly(_config(config, warehouse), config or DEFAULT_CONFIG)


@app.command(name="eval")
def eval_(
    file: Annotated[Path | None, typer.Argument(
        help="Labelled CSV/TSV file, or a shared set: 'tweeteval:holdout' (the fixed 20% TweetEval hold-out "
        "`suara train` never sees), 'shared:smsa-valid', 'shared:nusax-en-valid', ... (omit with --suite)")] = None,
    suite: Annotated[str | None, typer.Option(
        help="ood: the out-of-domain scorecard (every shared set never trained on; the configured model, the "
        "frozen head and an e5 + logistic-regression baseline in one run; mean and worst set).")] = None,
    sample: Annotated[int, typer.Option(help="--suite: rows per set (fixed seeded sample; 0 = all).")] = 800,
    candidate: Annotated[list[Path] | None, typer.Option(
        help="--suite: another adapter or head file to score in the same run (repeatable).")] = None,
    task: Annotated[str, typer.Option(help="sentiment | touchpoints")] = "sentiment",
    text_col: Annotated[str, typer.Option(help="Column holding the text (name, or 0-based index).")] = "text",
    label_col: Annotated[str, typer.Option(help="Column holding the gold label (name or index).")] = "label",
    label_map: Annotated[str | None, typer.Option(help="Gold label mapping, e.g. 'pos=positive,neg=negative'.")] = None,
    lang_col: Annotated[str | None, typer.Option(help="Column holding the language (else detected).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    taxonomy: Annotated[Path | None, typer.Option(
        help="Journey taxonomy YAML for --task touchpoints (default: the config's journey file).")] = None,
    ignore_label: Annotated[list[str] | None, typer.Option(
        "--ignore-label", help="Gold label to leave out of a touchpoints score (repeatable): a catch-all.")] = None,
    config: ConfigOpt = None,
) -> None:
    """Score sentiment or touchpoint linking against a labelled file, or run the out-of-domain scorecard."""
    from suara.flows.evaluate import run_eval, run_scorecard_suite

    if suite is not None:
        cfg = _config(config, None, writes=False)
        run_scorecard_suite(cfg, suite, n=sample or None, candidates=candidate, as_json=as_json)
        return
    if file is None:
        typer.secho("error: give a labelled FILE or --suite ood", fg="red", err=True)
        raise typer.Exit(2)
    extra = {"taxonomy": taxonomy} if taxonomy is not None else {}
    if ignore_label:
        extra["ignore_labels"] = ignore_label
    run_eval(
        _config(config, None, writes=False), file, task=task, text_col=text_col, label_col=label_col,
        label_map=label_map, lang_col=lang_col, as_json=as_json, **extra,
    )


@app.command()
def train(
    data: Annotated[
        list[Path] | None, typer.Option("--data", help="Labelled CSV (text,label); default: the shared sets.")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Where to write the model (default: the shipped artefact).")] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 13,
    method: Annotated[str, typer.Option(
        help="adapter: LoRA on e5's top layers + head (the default model, ~13 min on 2 cores); "
        "head: MLP ensemble on frozen embeddings (scores cached vectors).")] = "adapter",
    add_set: Annotated[list[str] | None, typer.Option(
        "--add-set", help="Add an openly licensed shared set to the default pool (gplay-train).")] = None,
    ood: Annotated[bool, typer.Option(
        "--ood", help="Also score the out-of-domain scorecard samples; mean and worst go into the card.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Retrain the default sentiment model from labelled files and print held-back metrics."""
    from suara.flows.train import run_train

    run_train(_config(config, None, writes=False), data=data, out=out, seed=seed, method=method,
              add_sets=add_set, ood=ood)


app.add_typer(taxonomy_app, name="taxonomy")

if __name__ == "__main__":
    app()
