"""The consent form (استمارة الموافقة / formulaire de consentement): one page a member signs,
with the member's name and number filled in from the register (`--member N`, one page per
member) or blank lines to fill by hand; what the processing needed for membership is, then a
Yes/No box for each use that needs the member's consent (photos in the moral report and the
publications, contact by phone and e-mail, reporting to funders as counts only), how to
withdraw it (the contact of the privacy settings), the date and the signature.

A member's name is read through `members.services.get_member` (its permission check)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.common.names import in_sentence
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.members.records import MemberRecord
from nassij_desktop.core.members.services import get_member
from nassij_desktop.i18n import N_, translate_in
from nassij_desktop.reports.engine import Column, ReportDocument, SignatureBlock
from nassij_desktop.reports.members.membership_form import BLANK, SIGNING_ROOM
from nassij_desktop.reports.privacy.notice import PrivacyFrame, read_privacy_frame
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

# What a member may accept or refuse, each on its own line with a Yes and a No box.
CONSENTS = (
    N_(
        "Photos in which I appear are published in the moral report and the association's "
        "publications (posters, website, social networks)."
    ),
    N_("The association contacts me by phone, SMS or e-mail about its activities."),
    N_(
        "My participation is reported to funders only within counts of beneficiaries, "
        "never with my name."
    ),
)


def _member_rows(member: MemberRecord | None, lang: Lang) -> list[tuple[str, str]]:
    if member is None:
        return [
            (translate_in(lang, "Full name"), BLANK),
            (translate_in(lang, "Member no."), BLANK),
        ]
    return [
        (translate_in(lang, "Full name"), member.name(lang) or BLANK),
        (translate_in(lang, "Member no."), member.number),
    ]


def _page(doc: ReportDocument, data: PrivacyFrame, member: MemberRecord | None, lang: Lang) -> None:
    association = data.frame.association
    doc.key_values(_member_rows(member, lang), label_share=0.3)
    doc.paragraph(
        translate_in(
            lang,
            "I have received the privacy notice of {association} (law no. 09-08). The data "
            "needed for my membership are processed for the member register, dues, assemblies "
            "and activities whatever I answer below. For each use below, I tick Yes or No.",
        ).format(association=in_sentence(association.name(lang), lang))
    )
    yes, no = translate_in(lang, "Yes"), translate_in(lang, "No")
    doc.table(
        [
            Column(translate_in(lang, "I agree that"), 6.0),
            Column(yes, 0.8, "center"),
            Column(no, 0.8, "center"),
        ],
        [[translate_in(lang, consent), "", ""] for consent in CONSENTS],
    )
    doc.paragraph(
        translate_in(
            lang,
            "I may withdraw my consent at any time, and exercise my rights of access, "
            "rectification, opposition and erasure, by writing to: {contact}.",
        ).format(contact=_contact_line(data, lang)),
        size=doc.sizes.small,
    )
    with doc.keep_together():
        doc.paragraph(
            translate_in(lang, "Done at {place}, on {date}").format(place=BLANK, date=BLANK)
        )
        doc.signatures(
            [
                SignatureBlock("", "", stamp_zone=False),
                SignatureBlock(
                    translate_in(lang, "Signature of the member"),
                    member.name(lang) if member is not None else "",
                    stamp_zone=False,
                ),
            ],
            stamp_height=SIGNING_ROOM,
        )


def _contact_line(data: PrivacyFrame, lang: Lang) -> str:
    separator = "، " if lang == "ar" else ", "
    return separator.join(value for _label, value in data.contact_rows(lang) if value != BLANK)


def render_consent_form(
    data: PrivacyFrame, members: list[MemberRecord | None], lang: Lang, path: Path
) -> int:
    frame = data.frame
    title = translate_in(lang, "Consent form")
    doc = ReportDocument(
        lang,
        frame.letterhead,
        title=title,
        generated_on=frame.generated_on,
        hijri_offset_days=frame.hijri_offset_days,
    )
    for index, member in enumerate(members):
        if index:
            doc.new_titled_page(title)
        _page(doc, data, member, lang)
    doc.save(path)
    return doc.page_count


def consent_form_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """A consent form for each of `request.member_ids` (one page each), or a blank one."""
    actor.require(Permission.MEMBERS_READ)
    members: list[MemberRecord | None] = [
        get_member(session, actor, member_id) for member_id in request.member_ids
    ] or [None]
    pages = render_consent_form(read_privacy_frame(session), members, request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)
