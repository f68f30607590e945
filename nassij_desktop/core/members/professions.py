"""The shipped list of professions (resources/names/professions.csv) and its gendering rules:
"Enseignant(e)" is "Enseignante" for a woman, "Enseignant" for a man, in both scripts.

The member form, the documents (which print a profession in the document's language,
`profession_name`) and the demo generator share it. Depends on nothing but the resource file.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from nassij_desktop import paths
from nassij_desktop.core.members.models import Gender


@dataclass(frozen=True)
class Profession:
    code: str
    ar: str
    fr: str


@cache
def professions() -> dict[str, Profession]:
    """The professions of the list by code, in the list's order."""
    with paths.resource("names", "professions.csv").open(encoding="utf-8", newline="") as f:
        rows = [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]
    return {r["code"]: Profession(r["code"], r["name_ar"], r["name_fr"]) for r in rows}


_FEMININE_FR = (
    (re.compile(r"teur\(trice\)"), "trice"),
    (re.compile(r"eur\(se\)"), "euse"),
    (re.compile(r"f\(ve\)"), "ve"),
    (re.compile(r"er\(ère\)"), "ère"),
    (re.compile(r"\((\w+)\)"), r"\1"),
)
_PARENTHESES = re.compile(r"\(\w+\)")


def profession_label(profession: Profession, gender: Gender, lang: str) -> str:
    """ "Enseignant(e)" → "Enseignante" for a woman, "Enseignant" for a man (both scripts)."""
    text = profession.ar if lang == "ar" else profession.fr
    female = gender is Gender.FEMALE
    if "/" in text:  # "ربة بيت / رب بيت", "Femme/homme au foyer"
        if lang == "ar":
            first, second = (part.strip() for part in text.split("/", 1))
            return first if female else second
        return re.sub(r"/\w+", "", text) if female else re.sub(r"^\w+/(\w)", _upper, text)
    if lang == "ar":
        return text.replace("(ة)", "ة") if female else text.replace("(ة)", "")
    if not female:
        return _PARENTHESES.sub("", text)
    for pattern, replacement in _FEMININE_FR:
        text = pattern.sub(replacement, text)
    return text


def _upper(match: re.Match[str]) -> str:
    return match.group(1).upper()


@cache
def _labels() -> dict[str, tuple[str, str]]:
    """Every gendered label of the list, in either language, to its (Arabic, French) labels
    for the same gender: "Femme au foyer" → ("ربة بيت", "Femme au foyer")."""
    out: dict[str, tuple[str, str]] = {}
    for profession in professions().values():
        for gender in Gender:
            pair = (
                profession_label(profession, gender, "ar"),
                profession_label(profession, gender, "fr"),
            )
            for label in pair:
                out.setdefault(label.casefold(), pair)
    return out


def profession_name(profession: str, lang: str) -> str:
    """A profession as stored (a label of the list, in either language, or typed freely) in
    the reader's language: "Enseignante" → "مدرسة" in Arabic; a typed one as it is."""
    pair = _labels().get(profession.strip().casefold())
    if pair is None:
        return profession
    return pair[0] if lang == "ar" else pair[1]
