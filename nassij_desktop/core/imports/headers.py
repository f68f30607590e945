"""The column headers an import recognises, in French, Arabic and English.

A header is compared by its key (`header_key`): the members search's folding
(`textnorm.normalise_word`: case, accents, Arabic letter variants, diacritics, spaces and
hyphens) without any other punctuation, so "N° CIN", "n cin" and "NCIN" are one header, and
"الإسم العائلي" is "الاسم العائلي". A few fields are said of a script ("last_name": the
family name, in Arabic or Latin letters): the column's own writing chooses
(`mapping.propose_mapping`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from nassij_desktop.core.common.textnorm import normalise_word

_PUNCTUATION = re.compile(r"[\W_]+")

# Fields said of a script, resolved per column: (Arabic field, Latin field).
SCRIPT_FIELDS: dict[str, tuple[str, str]] = {
    "last_name": ("last_name_ar", "last_name_lat"),
    "first_name": ("first_name_ar", "first_name_lat"),
    "address": ("address_ar", "address"),
}

MEMBER_HEADERS: dict[str, tuple[str, ...]] = {
    "last_name": (
        "Nom", "Nom de famille", "Nom famille", "Last name", "Family name", "Surname",
        "النسب", "الاسم العائلي", "اللقب", "العائلة",
    ),
    "first_name": (
        "Prénom", "Prénoms", "First name", "Given name", "Forename",
        "الاسم الشخصي", "الاسم",
    ),
    "last_name_ar": ("Nom (arabe)", "Nom en arabe", "Nom arabe", "النسب بالعربية"),
    "first_name_ar": ("Prénom (arabe)", "Prénom en arabe", "Prénom arabe", "الاسم بالعربية"),
    "last_name_lat": ("Nom (latin)", "Nom en français", "النسب بالفرنسية"),
    "first_name_lat": ("Prénom (latin)", "Prénom en français", "الاسم بالفرنسية"),
    "id_number": (
        "CIN", "N° CIN", "Numéro CIN", "Num CIN", "CNIE", "N° CNIE", "Carte nationale",
        "N° carte nationale", "Numéro de la carte nationale", "ID number", "National ID",
        "Identity number", "رقم البطاقة الوطنية", "البطاقة الوطنية", "رقم البطاقة",
        "ب.و", "رقم ب.و", "ب.ت.و",
    ),
    "phone": (
        "Téléphone", "Tél", "Tel", "GSM", "Portable", "Mobile", "Phone", "Phone number",
        "N° de téléphone", "الهاتف", "رقم الهاتف", "الجوال", "الهاتف المحمول",
    ),
    "birth_date": (
        "Date de naissance", "Date naissance", "Né le", "Née le", "Né(e) le", "Birth date",
        "Date of birth", "DOB", "تاريخ الازدياد", "تاريخ الولادة", "تاريخ الميلاد",
    ),
    "birth_place": (
        "Lieu de naissance", "Birth place", "Place of birth", "مكان الازدياد", "مكان الولادة",
    ),
    # "Adresse (arabe)" / "العنوان بالفرنسية": the exported members sheet's (core/exports).
    "address": (
        "Adresse", "Address", "Domicile", "العنوان", "محل السكنى", "Adresse (latin)",
        "العنوان بالفرنسية",
    ),
    "address_ar": ("Adresse (arabe)", "Adresse en arabe", "العنوان بالعربية"),
    "city": ("Ville", "City", "Town", "Commune", "Localité", "المدينة", "الجماعة"),
    "profession": ("Profession", "Métier", "Occupation", "Job", "Fonction", "المهنة"),
    "email": (
        "E-mail", "Email", "Mail", "Courriel", "Adresse électronique", "Adresse e-mail",
        "البريد الإلكتروني", "البريد الالكتروني",
    ),
    "join_date": (
        "Date d'adhésion", "Date adhésion", "Adhésion", "Date d'inscription", "Inscrit le",
        "Join date", "Joined", "Membership date", "Member since", "تاريخ الانخراط",
        "تاريخ العضوية", "تاريخ الانضمام",
    ),
    "gender": ("Sexe", "Genre", "Gender", "Sex", "الجنس"),
    "nationality": ("Nationalité", "Nationality", "الجنسية"),
    "category_code": ("Catégorie", "Category", "Type de membre", "الفئة", "الصفة"),
    "notes": ("Remarques", "Observations", "Notes", "Remarks", "ملاحظات"),
}  # fmt: skip

DUES_HEADERS: dict[str, tuple[str, ...]] = {
    "number": (
        "N° adhérent", "Numéro d'adhérent", "Numéro adhérent", "N° membre", "Numéro",
        "Member number", "Member", "Matricule", "رقم العضو", "رقم المنخرط", "رقم الانخراط",
    ),
    "id_number": MEMBER_HEADERS["id_number"],
    "year": ("Année", "Exercice", "Year", "Année de cotisation", "السنة", "سنة الانخراط"),
    "amount": ("Montant", "Cotisation", "Amount", "Somme", "المبلغ", "مبلغ الانخراط", "الواجب"),
    "paid_on": (
        "Date", "Date de paiement", "Date du paiement", "Payé le", "Paid on", "Payment date",
        "التاريخ", "تاريخ الأداء", "تاريخ الدفع",
    ),
    "method": (
        "Mode", "Mode de paiement", "Moyen de paiement", "Method", "Payment method",
        "طريقة الأداء", "طريقة الدفع",
    ),
    "notes": MEMBER_HEADERS["notes"],
}  # fmt: skip


def header_key(text: str) -> str:
    """A header folded for comparison: one case, no accents, no Arabic letter variants, no
    spaces or punctuation."""
    return _PUNCTUATION.sub("", normalise_word(text))


def _table(headers: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {header_key(text): field for field, texts in headers.items() for text in texts}


_KNOWN = {"members": _table(MEMBER_HEADERS), "dues": _table(DUES_HEADERS)}


def known_field(header: str, kind: str = "members") -> str | None:
    """The field (or script field) a header names in an import of `kind`, if known."""
    return _KNOWN[kind].get(header_key(header))


def recognise(cells: Sequence[str] | Iterable[str]) -> set[str]:
    """The fields a row of cells names, in any kind of import (to find the header row)."""
    found = set()
    for cell in cells:
        key = header_key(cell) if cell else ""
        for table in _KNOWN.values():
            if key in table:
                found.add(table[key])
    return found
