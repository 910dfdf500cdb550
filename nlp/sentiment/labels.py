"""The sentiment label set, defined once and imported everywhere."""

from __future__ import annotations

LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")
"""Class order of every probability matrix: column 0 negative, 1 neutral, 2 positive."""

LABEL_INDEX: dict[str, int] = {label: i for i, label in enumerate(LABELS)}
"""Column of each label in a probability matrix."""

# Spellings found in public data sets and model cards, folded onto LABELS.
LABEL_ALIASES: dict[str, str] = {
    "negative": "negative", "neg": "negative", "negatif": "negative",
    "neutral": "neutral", "neu": "neutral", "neut": "neutral", "netral": "neutral",
    "positive": "positive", "pos": "positive", "positif": "positive",
}


def canonical_label(value: str, label_map: dict[str, str] | None = None) -> str | None:
    """Fold a raw gold or model label onto one of :data:`LABELS`.

    Args:
        value: the label as written in a file or returned by a model.
        label_map: explicit mapping applied first (keys compared verbatim, then lower-cased).

    Returns:
        ``negative`` / ``neutral`` / ``positive``, or ``None`` when the label is unknown.
    """
    raw = str(value).strip()
    if label_map:
        mapped = label_map.get(raw, label_map.get(raw.lower()))
        if mapped is not None:
            raw = mapped
    return LABEL_ALIASES.get(raw.lower())


def parse_label_map(spec: str | dict[str, str] | None) -> dict[str, str]:
    """Parse a ``'pos=positive,neg=negative,0=negative'`` flag into a dict.

    Raises:
        ValueError: an entry is not ``key=value`` or maps to an unknown label.
    """
    if not spec:
        return {}
    if isinstance(spec, dict):
        pairs = list(spec.items())
    else:
        pairs = []
        for entry in (e.strip() for e in spec.split(",") if e.strip()):
            if "=" not in entry:
                raise ValueError(f"label map entry {entry!r} is not key=value")
            key, _, value = entry.partition("=")
            pairs.append((key.strip(), value.strip()))
    out: dict[str, str] = {}
    for key, value in pairs:
        label = LABEL_ALIASES.get(str(value).lower())
        if label is None:
            raise ValueError(f"label map entry {key}={value}: {value!r} is not one of {', '.join(LABELS)}")
        out[str(key)] = label
    return out


def stars_label(stars: float | int | str | None) -> str | None:
    """1-2 stars negative, 3 neutral, 4-5 positive (the shared sets' mapping); None when missing."""
    try:
        value = int(float(stars))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not 1 <= value <= 5:
        return None
    return "negative" if value <= 2 else "neutral" if value == 3 else "positive"
