"""The privacy notice (إشعار بحماية المعطيات الشخصية / notice d'information), made from the
association's profile and its privacy settings (`core/association/settings.privacy_settings`):

- who is responsible for the processing: the association, its seat and how to reach it;
- the purposes (the member register, dues and the books, assemblies, activities and the
  reporting on them and on funding), the data collected (the CIN optional) and who receives
  them (the board; the authorities and funders only as the law asks);
- how long they are kept: the setting `privacy.retention_years` for members who left, the
  books as long as the law asks (shared/LEGAL.md);
- the rights law 09-08 gives (access, rectification, opposition, erasure), how to exercise
  them (the contact of the settings, else the board at the seat and the profile's e-mail),
  and the CNDP's receipt number and date, or a line to fill in by hand when there is none.

The consent form (`consent_form.py`) shares `PrivacyFrame`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.association.settings import PrivacySettings, privacy_settings
from nassij_desktop.core.common.names import in_sentence
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.common.validators import national_phone
from nassij_desktop.i18n import N_, ngettext, speaking, translate_in
from nassij_desktop.i18n.formatting import format_date, isolate
from nassij_desktop.reports.engine import ReportDocument
from nassij_desktop.reports.governance.layout import Frame, read_frame
from nassij_desktop.reports.members.membership_form import BLANK
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

# What the association processes personal data for (the notice and the consent form).
PURPOSES = (
    N_("Keeping the member register that the statutes and the law on associations require."),
    N_("Recording dues and donations, issuing their receipts and keeping the books."),
    N_("Convening the general assemblies and keeping their attendance and minutes."),
    N_(
        "Organising the activities and reporting on them and on their funding to the "
        "funders and the authorities."
    ),
)
RECIPIENTS = (
    N_(
        "The board, and the volunteers it entrusts with a task, each seeing only what the "
        "task needs (the CIN number is masked for the others)."
    ),
    N_(
        "The local authority of the seat: the declarations of the board name its members, "
        "as the law on associations requires."
    ),
    N_(
        "The Secrétariat général du gouvernement (declarations of foreign funding) and the "
        "Cour des comptes (account of the use of public aid), as the law requires."
    ),
    N_(
        "Funders receive counts of beneficiaries, without names, unless the person agreed "
        "otherwise."
    ),
)
RIGHTS = (
    N_("to access the data held about you and receive a copy of them;"),
    N_("to have them rectified, completed or updated when they are inaccurate or incomplete;"),
    N_("to have them erased when they are no longer needed or were wrongly collected;"),
    N_(
        "to object, for legitimate reasons, to their processing, and at any time to their use "
        "for the association's messages."
    ),
)
CNDP_KIND_LABELS = {
    "declaration": N_("Declaration"),
    "authorisation": N_("Authorisation"),
}
BULLET = "• "


@dataclass(frozen=True)
class PrivacyFrame:
    """What the privacy documents need: the governance frame, the privacy settings and the
    contact for requests (the settings', else the board at the seat and the profile's)."""

    frame: Frame
    settings: PrivacySettings
    email: str  # the contact's e-mail: the setting's, else the association's
    phone: str  # the association's, as printed (national form)

    def contact_name(self, lang: Lang) -> str:
        return self.settings.contact_name or translate_in(lang, "The board of the association")

    def contact_address(self, lang: Lang) -> str:
        return self.settings.contact_address or self.seat(lang)

    def seat(self, lang: Lang) -> str:
        """The seat's address and city, or nothing when the profile has neither."""
        association = self.frame.association
        address, city = association.address(lang), association.place(lang)
        parts = [address] if city and city in address else [address, city]
        parts = [p for p in parts if p]
        return ("، " if lang == "ar" else ", ").join(parts)

    def contact_rows(self, lang: Lang) -> list[tuple[str, str]]:
        """The contact for requests; a blank line to fill when a value is not known."""
        return [
            (translate_in(lang, "Contact"), self.contact_name(lang)),
            (translate_in(lang, "Address"), self.contact_address(lang) or BLANK),
            (translate_in(lang, "Email"), isolate(self.email, "ltr") if self.email else BLANK),
        ]

    def cndp_rows(self, lang: Lang) -> list[tuple[str, str]]:
        settings = self.settings
        day = settings.cndp_date
        return [
            (
                translate_in(lang, "Filed with the CNDP"),
                translate_in(lang, CNDP_KIND_LABELS.get(settings.cndp_kind, N_("Declaration"))),
            ),
            (
                translate_in(lang, "CNDP receipt number"),
                isolate(settings.cndp_number, "ltr") if settings.cndp_number else BLANK,
            ),
            (
                translate_in(lang, "Date of the CNDP receipt"),
                format_date(day, lang) if day is not None else BLANK,
            ),
        ]


def read_privacy_frame(session: Session) -> PrivacyFrame:
    association = get_association(session)
    settings = privacy_settings(session)
    return PrivacyFrame(
        frame=read_frame(session),
        settings=settings,
        email=settings.contact_email or association.email or "",
        phone=national_phone(association.phone) if association.phone else "",
    )


def retention_sentence(years: int, lang: Lang) -> str:
    with speaking(lang):
        return ngettext(
            "Members' data are kept while they are members and for {years} year after they "
            "leave; then their identity is taken out of the file (anonymised).",
            "Members' data are kept while they are members and for {years} years after they "
            "leave; then their identity is taken out of the file (anonymised).",
            years,
        ).format(years=years)


def _bullets(doc: ReportDocument, lang: Lang, items: tuple[str, ...]) -> None:
    for item in items:
        doc.paragraph(BULLET + translate_in(lang, item))


def render_privacy_notice(data: PrivacyFrame, lang: Lang, path: Path) -> int:
    frame = data.frame
    association = frame.association
    doc = ReportDocument(
        lang,
        frame.letterhead,
        title=translate_in(lang, "Privacy notice"),
        generated_on=frame.generated_on,
        hijri_offset_days=frame.hijri_offset_days,
    )
    name = in_sentence(association.name(lang), lang)
    doc.paragraph(
        translate_in(
            lang,
            "This notice tells members, volunteers and beneficiaries how {association} "
            "processes their personal data, under law no. 09-08 on the protection of "
            "individuals with regard to the processing of personal data.",
        ).format(association=name)
    )
    doc.heading(translate_in(lang, "Who is responsible"), level=3)
    rows = [
        (translate_in(lang, "Association"), association.name(lang)),
        (translate_in(lang, "Seat"), data.seat(lang) or BLANK),
    ]
    if data.phone:
        rows.append((translate_in(lang, "Phone"), isolate(data.phone, "ltr")))
    doc.key_values(rows, label_share=0.3)

    doc.heading(translate_in(lang, "Why the data are processed"), level=3)
    _bullets(doc, lang, PURPOSES)

    doc.heading(translate_in(lang, "The data collected"), level=3)
    doc.paragraph(
        translate_in(
            lang,
            "Identity (names in Arabic and Latin letters, sex, birth date and place, "
            "nationality), contact (address, phone, e-mail), profession, membership (number, "
            "category, dates, status), dues and donations, attendance at assemblies, volunteer "
            "time, and the photos of activities when the person agreed. The CIN number is "
            "optional: it is needed only for the members of the board, whom the declarations "
            "to the local authority identify.",
        )
    )

    doc.heading(translate_in(lang, "Who receives them"), level=3)
    _bullets(doc, lang, RECIPIENTS)
    doc.paragraph(translate_in(lang, "The data are never sold nor used for commerce."))

    doc.heading(translate_in(lang, "How long they are kept"), level=3)
    doc.paragraph(BULLET + retention_sentence(data.settings.retention_years, lang))
    doc.paragraph(
        BULLET
        + translate_in(
            lang,
            "The books and their vouchers, which name payers and donors, are kept as long as "
            "the law requires: at least 10 years for those of public aid (Head of Government "
            "circular of 2022), 5 years for a public-utility association (Dahir 1-58-376, "
            "art. 9).",
        )
    )

    doc.heading(translate_in(lang, "Your rights"), level=3)
    doc.paragraph(translate_in(lang, "Under law no. 09-08, every person has the right:"))
    _bullets(doc, lang, RIGHTS)

    doc.heading(translate_in(lang, "How to exercise them"), level=3)
    doc.paragraph(
        translate_in(
            lang,
            "Write to, or visit, the contact below, saying who you are and what you ask. A "
            "person who is not satisfied with the answer may complain to the CNDP (Commission "
            "nationale de contrôle de la protection des données à caractère personnel).",
        )
    )
    doc.key_values(data.contact_rows(lang), label_share=0.3)

    doc.heading(translate_in(lang, "Declaration to the CNDP"), level=3)
    doc.key_values(data.cndp_rows(lang), label_share=0.4)
    doc.date_line(place=association.place(lang))
    doc.save(path)
    return doc.page_count


def privacy_notice_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The privacy notice of the association (nothing about one person: every user may)."""
    pages = render_privacy_notice(read_privacy_frame(session), request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)
