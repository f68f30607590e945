"""Morocco's twelve regions (2015 division), from resources/places/regions.csv."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from nassij_desktop import paths


@dataclass(frozen=True)
class Region:
    code: str
    name_ar: str
    name_fr: str
    name_en: str

    def name(self, lang: str) -> str:
        return {"ar": self.name_ar, "fr": self.name_fr}.get(lang, self.name_en)


@cache
def regions() -> tuple[Region, ...]:
    with paths.resource("places", "regions.csv").open(encoding="utf-8", newline="") as f:
        return tuple(Region(**row) for row in csv.DictReader(f))


def region_codes() -> frozenset[str]:
    return frozenset(r.code for r in regions())
