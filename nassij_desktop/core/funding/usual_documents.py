"""The usual documents of a request's file, by the kind of funder it goes to, as stable codes
with translated labels (ar/fr), and the checklist proposed for a request from its funder.

A checklist line holds only its label, written in the language of whoever made the list
(RequestDocument has no code column): `document_code` finds the code back from a label in
Arabic, French or English, forgiving case, spacing, French accents and the Arabic letters
typed one way or another (أ/إ/آ/ا, ى/ي, ة/ه, vowel marks, tatweel). The application pack
(reports/funding/pack.py) recognises by it the documents the association's records make.

What each funder asks: public funders (circulars 7/2003 and 2022, ../shared/LEGAL.md) ask the
association's legal documents, its last reports and accounts, the budget and the account of
the public aid it already used; the INDH adds the commitment to the association's share; a
foreign funder asks the same legal documents, the accounts and the logical framework; a
private donor or a person, a short file. Calls for projects vary: the list is a proposal the
user edits.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy.orm import Session

from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import get_or_fail
from nassij_desktop.core.funding.models import Funder, FunderKind, FundingRequest
from nassij_desktop.core.funding.services import DocumentData
from nassij_desktop.i18n import N_, _, translate_in


class DocumentCode(enum.StrEnum):
    COVER_LETTER = "cover_letter"
    STATUTES = "statutes"
    DEFINITIVE_RECEIPT = "definitive_receipt"
    ASSEMBLY_MINUTES = "assembly_minutes"
    BOARD_LIST = "board_list"
    PRESIDENT_ID = "president_id"
    MORAL_REPORT = "moral_report"
    FINANCIAL_REPORT = "financial_report"
    PUBLIC_AID_ACCOUNT = "public_aid_account"
    BUDGET = "budget"
    LOGFRAME = "logframe"
    COFUNDING_COMMITMENT = "cofunding_commitment"
    RIB_ATTESTATION = "rib_attestation"


DOCUMENT_LABELS: dict[DocumentCode, str] = {
    DocumentCode.COVER_LETTER: N_("Letter of application to the funder"),
    DocumentCode.STATUTES: N_("Statutes"),
    DocumentCode.DEFINITIVE_RECEIPT: N_("Definitive receipt of the declaration"),
    DocumentCode.ASSEMBLY_MINUTES: N_("Minutes of the last general assembly"),
    DocumentCode.BOARD_LIST: N_("List of the board members"),
    DocumentCode.PRESIDENT_ID: N_("Copy of the president's national identity card"),
    DocumentCode.MORAL_REPORT: N_("Moral report"),
    DocumentCode.FINANCIAL_REPORT: N_("Financial report"),
    DocumentCode.PUBLIC_AID_ACCOUNT: N_("Account of the use of the public aid received"),
    DocumentCode.BUDGET: N_("Budget of the project"),
    DocumentCode.LOGFRAME: N_("Logical framework of the project"),
    DocumentCode.COFUNDING_COMMITMENT: N_("Commitment to the association's share of the cost"),
    DocumentCode.RIB_ATTESTATION: N_("Bank account (RIB) attestation"),
}

_C = DocumentCode
_LEGAL = (_C.STATUTES, _C.DEFINITIVE_RECEIPT, _C.ASSEMBLY_MINUTES, _C.BOARD_LIST)
_PUBLIC = (
    _C.COVER_LETTER,
    *_LEGAL,
    _C.PRESIDENT_ID,
    _C.MORAL_REPORT,
    _C.FINANCIAL_REPORT,
    _C.PUBLIC_AID_ACCOUNT,
    _C.BUDGET,
    _C.RIB_ATTESTATION,
)
_FOREIGN = (
    _C.COVER_LETTER,
    *_LEGAL,
    _C.MORAL_REPORT,
    _C.FINANCIAL_REPORT,
    _C.BUDGET,
    _C.LOGFRAME,
    _C.RIB_ATTESTATION,
)
_PRIVATE = (
    _C.COVER_LETTER,
    _C.STATUTES,
    _C.DEFINITIVE_RECEIPT,
    _C.BOARD_LIST,
    _C.MORAL_REPORT,
    _C.BUDGET,
    _C.RIB_ATTESTATION,
)

# The documents each kind of funder usually asks, in the order of the file.
DOCUMENTS_BY_KIND: dict[FunderKind, tuple[DocumentCode, ...]] = {
    FunderKind.STATE: _PUBLIC,
    FunderKind.INDH: (*_PUBLIC[:-1], _C.COFUNDING_COMMITMENT, _C.RIB_ATTESTATION),
    FunderKind.REGION: _PUBLIC,
    FunderKind.PROVINCE: _PUBLIC,
    FunderKind.COMMUNE: _PUBLIC,
    FunderKind.PUBLIC_BODY: _PUBLIC,
    FunderKind.FOREIGN_GOVERNMENT: _FOREIGN,
    FunderKind.INTERNATIONAL_ORGANISATION: _FOREIGN,
    FunderKind.FOREIGN_NGO: _FOREIGN,
    FunderKind.MOROCCAN_PRIVATE: _PRIVATE,
    FunderKind.INDIVIDUAL: (_C.COVER_LETTER, _C.STATUTES, _C.BUDGET, _C.RIB_ATTESTATION),
}
# Asked by some calls only: proposed, not ticked as required.
OPTIONAL: frozenset[tuple[FunderKind, DocumentCode]] = frozenset(
    {
        (FunderKind.MOROCCAN_PRIVATE, _C.BOARD_LIST),
        (FunderKind.MOROCCAN_PRIVATE, _C.MORAL_REPORT),
        (FunderKind.INDIVIDUAL, _C.STATUTES),
    }
)


@dataclass(frozen=True)
class UsualDocument:
    code: DocumentCode
    label: str  # in the language asked
    required: bool


def document_label(code: DocumentCode, lang: str | None = None) -> str:
    """The label of document `code` in `lang` (default: the interface's language)."""
    msgid = DOCUMENT_LABELS[code]
    return _(msgid) if lang is None else translate_in(lang, msgid)


def usual_documents(kind: FunderKind, lang: str | None = None) -> list[UsualDocument]:
    """The documents a funder of `kind` usually asks, labelled in `lang`."""
    return [
        UsualDocument(code, document_label(code, lang), (kind, code) not in OPTIONAL)
        for code in DOCUMENTS_BY_KIND[kind]
    ]


_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # Arabic vowel marks, dagger alef, tatweel
_ARABIC_FORMS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_NOT_WORD = re.compile(r"[\W_]+")


def fold_label(label: str) -> str:
    """`label` as compared: lower case, no accent nor vowel mark, one Arabic form per letter,
    punctuation and spaces as one space."""
    text = unicodedata.normalize("NFKD", label.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch) or ch >= "\u0600")
    text = unicodedata.normalize("NFC", text)
    text = _MARKS.sub("", text).translate(_ARABIC_FORMS)
    return _NOT_WORD.sub(" ", text).strip()


def _folded_labels() -> dict[str, DocumentCode]:
    found: dict[str, DocumentCode] = {}
    for code, msgid in DOCUMENT_LABELS.items():
        for text in (msgid, translate_in("ar", msgid), translate_in("fr", msgid)):
            found.setdefault(fold_label(text), code)
    return found


_FOLDED: dict[str, DocumentCode] | None = None


def document_code(label: str) -> DocumentCode | None:
    """The usual document a checklist line names, in Arabic, French or English; None for a
    document of the funder's own."""
    global _FOLDED
    if _FOLDED is None:
        _FOLDED = _folded_labels()
    return _FOLDED.get(fold_label(label))


def propose_checklist(
    session: Session, actor: Actor, request_id: int, lang: str | None = None
) -> list[DocumentData]:
    """The checklist proposed for request `request_id`: the usual documents of its funder's
    kind, in `lang` (default: the interface's), none provided yet."""
    actor.require(Permission.FUNDING_READ)
    request = get_or_fail(session, FundingRequest, request_id, _("funding request"))
    funder = session.get(Funder, request.funder_id)
    kind = funder.kind if funder is not None else FunderKind.STATE
    return [
        DocumentData(document.label, required=document.required)
        for document in usual_documents(kind, lang)
    ]


__all__ = [
    "DOCUMENTS_BY_KIND",
    "DOCUMENT_LABELS",
    "DocumentCode",
    "UsualDocument",
    "document_code",
    "document_label",
    "fold_label",
    "propose_checklist",
    "usual_documents",
]
