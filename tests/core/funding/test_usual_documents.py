"""The usual documents by funder kind: every kind proposes a file whose labels are translated
in Arabic and in French; a public funder asks the account of the public aid, the INDH the
association's share, a foreign funder the logical framework; a checklist line is recognised
by its label in either language however its letters were typed; the proposal for a request
follows its funder's kind and is refused to who may not see funding."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.funding.models import PUBLIC_FUNDER_KINDS, FunderKind
from nassij_desktop.core.funding.services import (
    FunderData,
    RequestData,
    create_funder,
    create_funding_request,
)
from nassij_desktop.core.funding.usual_documents import (
    DOCUMENT_LABELS,
    DocumentCode,
    document_code,
    propose_checklist,
    usual_documents,
)
from nassij_desktop.i18n import translate_in
from nassij_desktop.storage import Database

C = DocumentCode
VOLUNTEER = Actor(user_id=None, login="karim", role=Role.VOLUNTEER)


@pytest.mark.parametrize("kind", list(FunderKind))
def test_every_kind_proposes_a_translated_file(kind: FunderKind) -> None:
    codes = [d.code for d in usual_documents(kind, "fr")]
    assert codes[0] is C.COVER_LETTER and C.BUDGET in codes and C.RIB_ATTESTATION in codes
    assert len(set(codes)) == len(codes)
    for lang in ("ar", "fr"):
        for document in usual_documents(kind, lang):
            assert document.label != DOCUMENT_LABELS[document.code], (lang, document.code)
            assert document_code(document.label) is document.code
    if kind in PUBLIC_FUNDER_KINDS:
        assert C.PUBLIC_AID_ACCOUNT in codes and C.PRESIDENT_ID in codes
    else:
        assert C.PUBLIC_AID_ACCOUNT not in codes
    assert (C.COFUNDING_COMMITMENT in codes) is (kind is FunderKind.INDH)
    foreign = {
        FunderKind.FOREIGN_GOVERNMENT,
        FunderKind.INTERNATIONAL_ORGANISATION,
        FunderKind.FOREIGN_NGO,
    }
    assert (C.LOGFRAME in codes) is (kind in foreign)


def test_the_labels_in_arabic_and_french() -> None:
    indh = usual_documents(FunderKind.INDH, "ar")
    assert [d.label for d in indh[:3]] == [
        "طلب موجه إلى الممول",
        "القانون الأساسي",
        "الوصل النهائي للتصريح",
    ]
    assert indh[-2].label == "التزام بمساهمة الجمعية في كلفة المشروع"
    french = {d.code: d.label for d in usual_documents(FunderKind.COMMUNE, "fr")}
    assert french[C.ASSEMBLY_MINUTES] == "Procès-verbal de la dernière assemblée générale"
    assert french[C.PUBLIC_AID_ACCOUNT] == "Compte d'emploi des subventions publiques reçues"
    private = {d.code: d.required for d in usual_documents(FunderKind.MOROCCAN_PRIVATE)}
    assert private[C.STATUTES] and not private[C.BOARD_LIST]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("محضر اخر جمع عام", C.ASSEMBLY_MINUTES),  # آ typed as ا
        ("ميزانيه المشروع", C.BUDGET),  # ة typed as ه
        ("لائحة أعضاء المكتب.", C.BOARD_LIST),
        ("التّقرير الأدبي", C.MORAL_REPORT),  # a vowel mark
        ("  recepisse DEFINITIF de la declaration ", C.DEFINITIVE_RECEIPT),
        ("Procès-verbal de la dernière assemblée générale", C.ASSEMBLY_MINUTES),
        ("Financial report", C.FINANCIAL_REPORT),
        ("Lettre du gouverneur", None),
        ("", None),
    ],
)
def test_a_line_is_recognised_in_either_language(typed: str, code: DocumentCode | None) -> None:
    assert document_code(typed) is code


def test_the_proposal_follows_the_funder_of_the_request(database: Database) -> None:
    with database.transaction() as session:
        funder = create_funder(
            session,
            CLI_ACTOR,
            FunderData(name_fr="Fondation X", kind=FunderKind.FOREIGN_NGO, country="FR"),
        )
        request_id = create_funding_request(
            session,
            CLI_ACTOR,
            RequestData(funder_id=funder.id, title="Bibliothèque", amount_requested=Decimal(9)),
        ).id
        french = propose_checklist(session, CLI_ACTOR, request_id, "fr")
        arabic = propose_checklist(session, CLI_ACTOR, request_id, "ar")
        with pytest.raises(PermissionDenied):
            propose_checklist(session, VOLUNTEER, request_id, "fr")
    assert [d.label for d in french] == [
        translate_in("fr", DOCUMENT_LABELS[c]) for c in usual_documents_codes()
    ]
    assert "Cadre logique du projet" in [d.label for d in french]
    assert "الإطار المنطقي للمشروع" in [d.label for d in arabic]
    assert all(d.required and not d.provided for d in french)


def usual_documents_codes() -> list[DocumentCode]:
    return [d.code for d in usual_documents(FunderKind.FOREIGN_NGO)]
