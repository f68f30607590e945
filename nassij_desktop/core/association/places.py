"""Place names in the reader's script: the shipped cities, known in Arabic and French.

Screens and documents share this (the members table, the register, receipts); it lives in core
so that a screen showing a city does not load the PDF engine.
"""

from __future__ import annotations

import csv
from functools import cache

from nassij_desktop import paths


@cache
def _places() -> dict[str, tuple[str, str]]:
    """Every shipped city name, in either script, to its (Arabic, French) names."""
    out: dict[str, tuple[str, str]] = {}
    with paths.resource("places", "cities.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            pair = (row["name_ar"].strip(), row["name_fr"].strip())
            for name in pair:
                out.setdefault(name.casefold(), pair)
    return out


def place_name(place: str, lang: str) -> str:
    """A city name in the reader's language when it is one of the shipped cities
    ("Zagora" → "زاكورة" in Arabic); any other place as it was typed."""
    pair = _places().get(place.strip().casefold())
    if pair is None:
        return place
    return pair[0] if lang == "ar" else pair[1]
