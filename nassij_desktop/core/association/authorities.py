"""The local authority of the association's seat, to which its declarations are addressed
(Dahir 1-58-376, art. 5): a caïdat (its caïd, القائد), a pachalik (its pacha, الباشا), an
administrative annex (its chief, رئيس الملحقة الإدارية) or a district (its chief, رئيس الدائرة).

The profile keeps the kind (`Association.authority_kind`) and the place it is named after
(`Association.authority_place`, else the seat's commune). For a file whose profile does not say
it, `recognise_authority` reads the kind from the name the authority was recorded under when a
declaration was filed ("Pachalik de Moulay Yacoub", "قيادة أولاد تايمة"); migration 0010 does
the same, with a frozen copy of these patterns, for the files it upgrades.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from nassij_desktop.i18n import N_


class AuthorityKind(enum.StrEnum):
    CAIDAT = "caidat"
    PACHALIK = "pachalik"
    ANNEXE = "annexe"  # annexe administrative (الملحقة الإدارية), in the cities
    DISTRICT = "district"  # district / cercle (الدائرة)


AUTHORITY_KIND_LABELS = {
    AuthorityKind.CAIDAT: N_("Caïdat (the caïd)"),
    AuthorityKind.PACHALIK: N_("Pachalik (the pacha)"),
    AuthorityKind.ANNEXE: N_("Administrative annex (its chief)"),
    AuthorityKind.DISTRICT: N_("District (its chief)"),
}

# The words that name each kind, in French and Arabic, as people record them; the first
# matching kind wins ("annexe administrative du caïdat…" is an annex).
_PATTERNS: tuple[tuple[AuthorityKind, re.Pattern[str]], ...] = (
    (AuthorityKind.ANNEXE, re.compile(r"\bannexe\b|ملحقة", re.IGNORECASE)),
    (AuthorityKind.PACHALIK, re.compile(r"\bpachal[iy]c?k\b|\bpacha\b|باشوية|الباشا", re.I)),
    (AuthorityKind.DISTRICT, re.compile(r"\bdistrict\b|\bcercle\b|دائرة", re.IGNORECASE)),
    (AuthorityKind.CAIDAT, re.compile(r"\bca[iï]dat\b|\bca[iï]d\b|قيادة|القائد", re.IGNORECASE)),
)
# What comes before the place in such a name: the kind's words and "de", "d'", "du".
_LEADING = re.compile(
    r"^\s*(?:(?:l['’]\s*)?annexe(?:\s+administrative)?|pachal[iy]c?k|pacha|district(?:\s+urbain)?"
    r"|cercle|ca[iï]dat|ca[iï]d|الملحقة\s+الإدارية|ملحقة\s+إدارية|الملحقة|ملحقة|باشوية|دائرة"
    r"|قيادة)\s*(?:(?:de\s+la|de|du|des|d['’])\s*)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class RecognisedAuthority:
    kind: AuthorityKind
    place: str  # "" when the name holds no place after the kind


def recognise_authority(name: str | None) -> RecognisedAuthority | None:
    """The kind of authority a recorded name says ("Pachalik d'Erfoud" → pachalik, place
    "Erfoud"), or None when no known word is in it."""
    if not name:
        return None
    for kind, pattern in _PATTERNS:
        if pattern.search(name):
            rest = _LEADING.sub("", name.strip(), count=1)
            place = rest.strip() if rest != name.strip() else ""
            return RecognisedAuthority(kind, place)
    return None


def authority_kind(value: str | None) -> AuthorityKind | None:
    """A stored kind, or None for none or a value this version does not know."""
    try:
        return AuthorityKind(value) if value else None
    except ValueError:
        return None
