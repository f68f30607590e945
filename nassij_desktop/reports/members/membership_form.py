"""The membership application form (طلب الانخراط / demande d'adhésion), blank to hand out or
filled in from the register for one member (to sign again, or for the member's file):

- the applicant's identity: names in both scripts, identity document, birth date and place,
  nationality, address, phone, e-mail, profession;
- the consent to the processing of the personal data on the form (law 09-08: its purpose,
  the member register, dues and the association's messages, as the member form records it;
  kept no longer than needed, not passed on; the rights of access, rectification and
  opposition);
- the commitment to the statutes and the internal rules, the date and the signature;
- a part kept for the association: the board's decision, its date, the member number.

A member's data are read through `members.services.get_member`, which masks the identity for
a role that may not see it (law 09-08): those lines are then left blank, to be filled in by
hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.association.places import place_name
from nassij_desktop.core.common.names import in_sentence
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.validators import national_phone
from nassij_desktop.core.members.models import IDENTITY_DOCUMENT_LABELS, IdentityDocument
from nassij_desktop.core.members.nationalities import nationality_name
from nassij_desktop.core.members.professions import profession_name
from nassij_desktop.core.members.records import MASK, MemberRecord
from nassij_desktop.core.members.services import get_member
from nassij_desktop.i18n import N_, translate_in
from nassij_desktop.i18n.formatting import format_date, isolate
from nassij_desktop.reports.engine import ReportDocument, SignatureBlock
from nassij_desktop.reports.governance.layout import Frame, read_frame
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

BLANK = "…………………………"  # a space to fill in by hand
# The purpose of the processing, as the member form proposes it (ui/members/member_form.py).
CONSENT_PURPOSE = N_("Member register, dues and the association's messages")


@dataclass(frozen=True)
class MembershipFormData:
    frame: Frame
    member: MemberRecord | None  # None: a blank form


def build_membership_form_data(
    session: Session, actor: Actor, member_id: int | None = None, today: dt.date | None = None
) -> MembershipFormData:
    member = get_member(session, actor, member_id) if member_id is not None else None
    return MembershipFormData(frame=read_frame(session, today), member=member)


# --------------------------------------------------------------------------- values


def _shown(value: str | None) -> str:
    """A stored value, or nothing when there is none or it is masked for this reader."""
    return "" if value in (None, MASK) else str(value)


def identity_rows(member: MemberRecord | None, lang: Lang) -> list[tuple[str, str]]:
    def value(get: str) -> str:
        return _shown(getattr(member, get)) if member is not None else ""

    gender = member.gender.value if member is not None and member.gender else None
    document = translate_in(lang, IDENTITY_DOCUMENT_LABELS[IdentityDocument.CIN])
    number = value("id_number")
    if member is not None and member.id_document is not IdentityDocument.CIN:
        document = translate_in(lang, IDENTITY_DOCUMENT_LABELS[member.id_document])
    birth = ""
    if member is not None and member.birth_date is not None:
        birth = format_date(member.birth_date, lang)
    return [
        (translate_in(lang, "Family name (Arabic)"), value("last_name_ar")),
        (translate_in(lang, "First name (Arabic)"), value("first_name_ar")),
        (translate_in(lang, "Family name (Latin letters)"), value("last_name_lat")),
        (translate_in(lang, "First name (Latin letters)"), value("first_name_lat")),
        (document, isolate(number, "ltr") if number else ""),
        (translate_in(lang, "Birth date"), birth),
        (translate_in(lang, "Birth place"), place_name(value("birth_place"), lang)),
        (
            translate_in(lang, "Nationality"),
            nationality_name(member.nationality, gender, lang) if member is not None else "",
        ),
    ]


def contact_rows(member: MemberRecord | None, lang: Lang) -> list[tuple[str, str]]:
    def value(get: str) -> str:
        return _shown(getattr(member, get)) if member is not None else ""

    phone = national_phone(value("phone") or None)
    email = value("email")
    return [
        (translate_in(lang, "Address"), value("address")),
        (translate_in(lang, "City"), place_name(value("city"), lang)),
        (translate_in(lang, "Phone"), isolate(phone, "ltr") if phone else ""),
        (translate_in(lang, "Email"), isolate(email, "ltr") if email else ""),
        (translate_in(lang, "Profession"), profession_name(value("profession"), lang)),
    ]


def association_rows(member: MemberRecord | None, lang: Lang) -> list[tuple[str, str]]:
    """What the board fills in; a member of the register was admitted on their join date."""
    return [
        (
            translate_in(lang, "Decision of the board"),
            translate_in(lang, "Admitted") if member is not None else "",
        ),
        (
            translate_in(lang, "Date of the decision"),
            format_date(member.join_date, lang) if member is not None else "",
        ),
        (translate_in(lang, "Member no."), member.number if member is not None else ""),
    ]


def consent_text(data: MembershipFormData, lang: Lang) -> str:
    text = translate_in(
        lang,
        "By signing this form, I agree that {association} processes the personal data on "
        "this form for the following purposes: {purposes}. These data are kept only as long as "
        "these purposes require and are not passed on to third parties. Under law no. 09-08 "
        "on the protection of individuals with regard to the processing of personal data, I "
        "may access them, have them corrected and object to their processing, by writing to "
        "the association.",
    )
    return text.format(
        association=in_sentence(data.frame.association.name(lang), lang),
        purposes=translate_in(lang, CONSENT_PURPOSE).lower()
        if lang == "fr"
        else translate_in(lang, CONSENT_PURPOSE),
    )


# --------------------------------------------------------------------------- drawing

SIGNING_ROOM = 16  # mm below the applicant's name, to sign
STAMP_ROOM = 42  # mm: the president's stamp zone and its spacing


def keep_together(doc: ReportDocument, lines: int, room: float) -> None:
    """A new page unless `lines` lines of body text and `room` mm fit on this one."""
    height = lines * doc.sizes.body * 0.3528 * doc.sizes.line + room
    canvas = doc.canvas
    if canvas.y + height > canvas.page_break_trigger:
        doc.new_page()


def render_membership_form(data: MembershipFormData, lang: Lang, path: Path) -> int:
    frame = data.frame
    doc = ReportDocument(
        lang,
        frame.letterhead,
        title=translate_in(lang, "Membership application"),
        generated_on=frame.generated_on,
        hijri_offset_days=frame.hijri_offset_days,
    )
    member = data.member
    doc.heading(translate_in(lang, "Identity"), level=3)
    doc.key_values(identity_rows(member, lang), label_share=0.38)
    doc.heading(translate_in(lang, "Contact"), level=3)
    doc.key_values(contact_rows(member, lang), label_share=0.38)

    doc.heading(translate_in(lang, "Personal data (law 09-08)"), level=3)
    doc.paragraph(consent_text(data, lang), size=doc.sizes.small)
    doc.heading(translate_in(lang, "Commitment"), level=3)
    doc.paragraph(
        translate_in(
            lang,
            "I apply to join the association. I declare that I have read its statutes and its "
            "internal rules and undertake to respect them, and to pay the yearly dues.",
        )
    )
    # The date, the applicant's name and the room to sign below it, on one page.
    keep_together(doc, lines=4, room=2 * SIGNING_ROOM + 10)
    done = translate_in(lang, "Done at {place}, on {date}").format(place=BLANK, date=BLANK)
    doc.paragraph(done)
    doc.signatures(
        [
            SignatureBlock("", "", stamp_zone=False),
            SignatureBlock(
                translate_in(lang, "Signature of the applicant"),
                member.name(lang) if member is not None else "",
                stamp_zone=False,
            ),
        ],
        stamp_height=SIGNING_ROOM,
    )
    doc.spacer(SIGNING_ROOM)

    keep_together(doc, lines=8, room=STAMP_ROOM)
    doc.heading(translate_in(lang, "For the association"), level=3)
    doc.key_values(association_rows(member, lang), label_share=0.38)
    doc.signatures(
        [
            SignatureBlock("", "", stamp_zone=False),
            SignatureBlock(translate_in(lang, "The president")),
        ]
    )
    doc.save(path)
    return doc.page_count


def membership_form_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """A blank membership application form, or filled in for member `request.record_id`."""
    actor.require(Permission.MEMBERS_READ)
    data = build_membership_form_data(session, actor, request.record_id)
    pages = render_membership_form(data, request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)
