"""``suara eval``: score sentiment (or touchpoint linking) against a labelled file."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from suara.flows.config import SuaraConfig
from suara.flows.progress import rich_progress
from suara.nlp.sentiment.evaluate import EvalReport
from suara.nlp.sentiment.labels import LABELS, parse_label_map


def _int_or_name(col: str | None) -> str | int | None:
    return int(col) if col is not None and col.isdigit() else col


def run_eval(
    cfg: SuaraConfig,
    file: Path | str,
    task: str = "sentiment",
    text_col: str = "text",
    label_col: str = "label",
    label_map: str | None = None,
    lang_col: str | None = None,
    as_json: bool = False,
    taxonomy: Path | str | None = None,
    ignore_labels: list[str] | None = None,
) -> EvalReport | object:
    """Score the configured sentiment model on ``file`` and print tables (or JSON).

    ``file`` is a CSV/TSV (delimiter and header detected; columns by name or 0-based index) or a
    shared set name: ``tweeteval:holdout`` (the fixed 20% TweetEval hold-out that ``suara train``
    never sees) or ``shared:<set>``. ``task='touchpoints'`` delegates to
    :func:`suara.nlp.touchpoints_eval.evaluate_touchpoints` (with ``taxonomy``, the journey YAML to use).

    Raises:
        typer.Exit: bad task, columns or labels (the message names file, row and field).
    """
    if task == "touchpoints":
        from suara.nlp.touchpoints_eval import evaluate_touchpoints

        extra = {"taxonomy": taxonomy} if taxonomy is not None else {}
        return evaluate_touchpoints(cfg, file, text_col=text_col, label_col=label_col, as_json=as_json,
                                    ignore_labels=ignore_labels or (), **extra)
    if task != "sentiment":
        typer.secho(f"error: --task must be sentiment or touchpoints, not {task!r}", fg="red", err=True)
        raise typer.Exit(2)
    from suara.nlp.sentiment.evaluate import evaluate_file
    from suara.warehouse.models import sentiment_for

    try:
        mapping = parse_label_map(label_map)
        model = sentiment_for(cfg)  # the one loader: a relative sentiment.model is the config file's
        if as_json:
            report = evaluate_file(model, file, _int_or_name(text_col), _int_or_name(label_col), mapping,
                                   _int_or_name(lang_col))
        else:
            with rich_progress() as progress:
                report = evaluate_file(model, file, _int_or_name(text_col), _int_or_name(label_col), mapping,
                                       _int_or_name(lang_col), progress=progress)
    except (ValueError, KeyError, FileNotFoundError) as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        print_report(report)
    return report


def print_report(report: EvalReport, console: Console | None = None) -> None:
    """Rich tables: summary, per class, per language, confusion matrix."""
    console = console or Console()
    console.print(f"[bold]{report.source}[/]  model {report.model_id}")
    console.print(f"n={report.n}  accuracy={report.accuracy:.4f}  [bold]macro-F1={report.macro_f1:.4f}[/]")
    classes = Table("class", "precision", "recall", "F1", "support", title="Per class")
    for label, m in report.per_class.items():
        classes.add_row(label, f"{m.precision:.4f}", f"{m.recall:.4f}", f"{m.f1:.4f}", str(m.support))
    console.print(classes)
    if report.per_language:
        langs = Table("language", "n", "accuracy", "macro-F1", title="Per language")
        for lang, m in report.per_language.items():
            langs.add_row(lang, str(int(m["n"])), f"{m['accuracy']:.4f}", f"{m['macro_f1']:.4f}")
        console.print(langs)
    cm = Table("gold \\ predicted", *LABELS, title="Confusion matrix")
    for label, row in zip(LABELS, report.confusion, strict=True):
        cm.add_row(label, *(str(v) for v in row))
    console.print(cm)


SUITES = ("ood",)


def run_scorecard_suite(cfg: SuaraConfig, suite: str = "ood", n: int | None = 800,
                        candidates: list[Path] | None = None, as_json: bool = False,
                        console: Console | None = None):
    """``suara eval --suite ood``: the out-of-domain scorecard, all models in one run.

    Scores the configured adapter, the frozen head, the e5 + logistic-regression baseline and
    ``candidates`` (other adapter or head files) on the same samples.

    Raises:
        typer.Exit: unknown suite, or a missing model file or shared set.
    """
    if suite not in SUITES:
        typer.secho(f"error: --suite must be one of {', '.join(SUITES)}, got {suite!r}", fg="red", err=True)
        raise typer.Exit(2)
    from suara.nlp.sentiment import load_sentiment
    from suara.nlp.sentiment.head import HeadSentiment, default_embedder
    from suara.nlp.sentiment.scorecard import run_scorecard
    from suara.warehouse.models import sentiment_for

    try:
        embedder = default_embedder()
        adapter = sentiment_for(cfg, embedder)  # a relative sentiment.model is the config file's
        if not getattr(adapter, "encodes_embeddings", False):
            raise ValueError("the scorecard needs the default adapter backend (sentiment.backend: default)")
        head = HeadSentiment.load(embedder=embedder)
        others = {Path(p).stem: load_sentiment(cfg.sentiment.model_copy(update={"model": str(p)}), embedder=embedder)
                  for p in candidates or []}
        if as_json:
            card = run_scorecard(adapter, head, n=n, candidates=others)
        else:
            with rich_progress() as progress:
                card = run_scorecard(adapter, head, n=n, candidates=others, progress=progress)
    except (ValueError, KeyError, FileNotFoundError) as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps(scorecard_dict(card), indent=2))
    else:
        print_scorecard(card, console)
    return card


def scorecard_dict(card) -> dict:
    """JSON-able figures of a scorecard: per model, per set macro-F1 (gold classes), per-class F1, mean, worst."""
    out: dict = {"sets": {s.name: len(s) for s in card.sets}, "models": {}}
    for model, reports in card.reports.items():
        worst, worst_f1 = card.worst(model)
        out["models"][model] = {
            "model_id": next(iter(reports.values())).model_id,
            "mean_macro_f1": round(card.mean(model), 4), "worst_set": worst, "worst_macro_f1": round(worst_f1, 4),
            "sets": {name: {"macro_f1": round(card.f1(model, name), 4), "accuracy": round(r.accuracy, 4),
                            "f1": {lab: round(m.f1, 4) for lab, m in r.per_class.items() if m.support}}
                     for name, r in reports.items()},
        }
    return out


def print_scorecard(card, console: Console | None = None) -> None:
    """Rich tables: macro-F1 per set and model with the mean and the worst set; per-class F1 per model."""
    from suara.nlp.sentiment.ood import OOD_LICENCES

    console = console or Console(width=160)
    models = list(card.reports)
    table = Table("set", "n", "licence", *models, title="Out-of-domain scorecard: macro-F1 over the gold classes")
    for s in card.sets:
        table.add_row(s.name, str(len(s)), OOD_LICENCES.get(s.name, ""),
                      *(f"{card.f1(m, s.name):.4f}" for m in models))
    table.add_row("[bold]mean[/]", "", "", *(f"[bold]{card.mean(m):.4f}[/]" for m in models))
    table.add_row("[bold]worst[/]", "", "", *(f"{card.worst(m)[1]:.4f} ({card.worst(m)[0]})" for m in models))
    console.print(table)
    per_class = Table("set", *(f"{m} {lab[:3]}" for m in models for lab in LABELS), title="Per-class F1")
    for s in card.sets:
        cells = []
        for m in models:
            pc = card.reports[m][s.name].per_class
            cells += [f"{pc[lab].f1:.3f}" if pc[lab].support else "-" for lab in LABELS]
        per_class.add_row(s.name, *cells)
    console.print(per_class)
    for m in models:
        console.print(f"{m}: {next(iter(card.reports[m].values())).model_id}")
