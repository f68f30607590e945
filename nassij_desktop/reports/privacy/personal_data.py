"""The personal data held about one member (law 09-08, right of access, art. 7): the record
with every field, then a section per source (status changes, dues and their receipts,
donations, board seats, assembly attendance, volunteer time, the user account, attachments,
the audit entries about them), each said empty when it is. Read through
`core/privacy/access.personal_data`, which masks the identity as the register does."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.activities.volunteering import minutes_as_hours
from nassij_desktop.core.audit_log import action_label, entity_label, local_time
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.common.permissions import ROLE_LABELS, Actor, Permission, Role
from nassij_desktop.core.governance.models import ASSEMBLY_KIND_LABELS, AssemblyKind, Attendance
from nassij_desktop.core.governance.records import ATTENDANCE_LABELS
from nassij_desktop.core.members.models import (
    PAYMENT_METHOD_LABELS,
    STATUS_LABELS,
    Member,
    MemberStatus,
    PaymentMethod,
)
from nassij_desktop.core.privacy.access import personal_data
from nassij_desktop.core.privacy.records import PersonalData
from nassij_desktop.i18n import N_, translate_in
from nassij_desktop.i18n.formatting import format_date, format_money, format_number, isolate
from nassij_desktop.reports.engine import Column, ReportDocument
from nassij_desktop.reports.engine.document import Alignment
from nassij_desktop.reports.governance.layout import Frame, read_frame
from nassij_desktop.reports.members.membership_form import BLANK, contact_rows, identity_rows
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

INTRODUCTION = N_(
    "Under law no. 09-08, this document lists everything the association's file holds "
    "about this person. To have a value corrected or erased, write to the association."
)
ACCOUNT_ACTIVE = N_("Active account")
ACCOUNT_INACTIVE = N_("Deactivated account")


def _section(
    doc: ReportDocument, lang: Lang, title: str, columns: Sequence[Column], rows: list[list[str]]
) -> None:
    doc.heading(translate_in(lang, title), level=3)
    if rows:
        doc.table(columns, rows)
    else:
        doc.paragraph(translate_in(lang, "Nothing is held."))


def _col(lang: Lang, header: str, weight: float = 1.0, align: Alignment = "start") -> Column:
    return Column(translate_in(lang, header), weight, align)


def render_personal_data(data: PersonalData, frame: Frame, lang: Lang, path: Path) -> int:
    member = data.member
    gender = member.gender.value if member.gender else None
    doc = ReportDocument(
        lang,
        frame.letterhead,
        title=translate_in(lang, "Personal data held about {name}").format(
            name=member.name(lang, isolated=True)
        ),
        generated_on=frame.generated_on,
        hijri_offset_days=frame.hijri_offset_days,
    )
    doc.paragraph(translate_in(lang, INTRODUCTION), size=doc.sizes.small)
    if data.anonymised:
        doc.paragraph(translate_in(lang, "This person's identity was taken out of the file."))
    doc.heading(translate_in(lang, "Identity"), level=3)
    doc.key_values(identity_rows(member, lang), label_share=0.38)
    doc.heading(translate_in(lang, "Contact"), level=3)
    doc.key_values(contact_rows(member, lang), label_share=0.38)
    doc.heading(translate_in(lang, "Membership"), level=3)
    doc.key_values(
        [
            (translate_in(lang, "Member no."), member.number),
            (
                translate_in(lang, "Category"),
                data.category_ar if lang == "ar" else data.category_fr,
            ),
            (translate_in(lang, "Join date"), format_date(member.join_date, lang)),
            (
                translate_in(lang, "Status"),
                gendered(STATUS_LABELS[member.status], gender, lang)
                + " — "
                + format_date(member.status_since, lang),
            ),
            (
                translate_in(lang, "Consent to the processing of personal data"),
                format_date(member.consent_date, lang) + " " + (member.consent_scope or ""),
            ),
            (translate_in(lang, "Notes"), member.notes or ""),
        ],
        label_share=0.38,
    )

    _section(
        doc,
        lang,
        N_("Status changes"),
        [_col(lang, N_("Date")), _col(lang, N_("Status"), 1.4), _col(lang, N_("Reason"), 2.0)],
        [
            [
                format_date(s.effective_on, lang),
                gendered(STATUS_LABELS[MemberStatus(s.to_status)], gender, lang),
                s.reason or "",
            ]
            for s in data.statuses
        ],
    )
    _section(
        doc,
        lang,
        N_("Dues and their receipts"),
        [
            _col(lang, N_("Year"), 0.6),
            _col(lang, N_("Paid on")),
            _col(lang, N_("Receipt no.")),
            _col(lang, N_("Method")),
            _col(lang, N_("Amount"), 1.0, "end"),
        ],
        [
            [
                str(d.year),
                format_date(d.paid_on, lang),
                isolate(d.receipt_number, "ltr"),
                translate_in(lang, PAYMENT_METHOD_LABELS[PaymentMethod(d.method)]),
                format_money(d.amount, lang),
            ]
            for d in data.dues
        ],
    )
    _section(
        doc,
        lang,
        N_("Donations"),
        [
            _col(lang, N_("Received on")),
            _col(lang, N_("Receipt no.")),
            _col(lang, N_("Donor"), 1.6),
            _col(lang, N_("Amount"), 1.0, "end"),
        ],
        [
            [
                format_date(d.received_on, lang),
                isolate(d.receipt_number, "ltr"),
                d.donor_name + (f" ({d.donor_identity})" if d.donor_identity else ""),
                format_money(d.amount, lang)
                + (" — " + translate_in(lang, "cancelled") if d.cancelled else ""),
            ]
            for d in data.donations
        ],
    )
    _section(
        doc,
        lang,
        N_("Board seats"),
        [_col(lang, N_("Role"), 1.6), _col(lang, N_("From")), _col(lang, N_("To"))],
        [
            [
                s.role_ar if lang == "ar" else s.role_fr,
                format_date(s.starts_on, lang),
                format_date(s.ends_on, lang),
            ]
            for s in data.seats
        ],
    )
    _section(
        doc,
        lang,
        N_("General assemblies"),
        [
            _col(lang, N_("Date")),
            _col(lang, N_("Assembly"), 2.0),
            _col(lang, N_("Attendance"), 1.2),
        ],
        [
            [
                format_date(a.day, lang),
                translate_in(lang, ASSEMBLY_KIND_LABELS[AssemblyKind(a.assembly_kind)]),
                gendered(ATTENDANCE_LABELS[Attendance(a.attendance)], gender, lang),
            ]
            for a in data.attendances
        ],
    )
    _section(
        doc,
        lang,
        N_("Volunteering"),
        [
            _col(lang, N_("Date")),
            _col(lang, N_("Activity"), 2.4),
            _col(lang, N_("Hours"), 0.8, "end"),
        ],
        [
            [format_date(v.day, lang), v.activity, format_number(minutes_as_hours(v.minutes), lang)]
            for v in data.volunteering
        ],
    )
    account = data.account
    doc.heading(translate_in(lang, "User account"), level=3)
    if account is None:
        doc.paragraph(translate_in(lang, "Nothing is held."))
    else:
        doc.key_values(
            [
                (translate_in(lang, "Login"), isolate(account.login, "ltr")),
                (translate_in(lang, "Name"), account.full_name),
                (translate_in(lang, "Role"), translate_in(lang, ROLE_LABELS[Role(account.role)])),
                (
                    translate_in(lang, "Status"),
                    translate_in(lang, ACCOUNT_ACTIVE if account.active else ACCOUNT_INACTIVE),
                ),
            ],
            label_share=0.38,
        )
    _section(
        doc,
        lang,
        N_("Attachments"),
        [_col(lang, N_("File"), 2.0), _col(lang, N_("Type"))],
        [[isolate(a.filename, "ltr"), a.mime_type] for a in data.attachments],
    )
    _section(
        doc,
        lang,
        N_("Audit log entries about this person"),
        [
            _col(lang, N_("Time"), 1.3),
            _col(lang, N_("User")),
            _col(lang, N_("Action")),
            _col(lang, N_("Kind of record"), 1.4),
        ],
        [
            [
                isolate(f"{local_time(a.at):%Y-%m-%d %H:%M}", "ltr"),
                isolate(a.login, "ltr"),
                action_label(a.action, lang),
                entity_label(a.entity, lang),
            ]
            for a in data.audit
        ],
    )
    doc.save(path)
    return doc.page_count


SECTIONS = (
    N_("Identity"),
    N_("Contact"),
    N_("Membership"),
    N_("Status changes"),
    N_("Dues and their receipts"),
    N_("Donations"),
    N_("Board seats"),
    N_("General assemblies"),
    N_("Volunteering"),
    N_("User account"),
    N_("Attachments"),
    N_("Audit log entries about this person"),
)


def render_inventory(frame: Frame, lang: Lang, path: Path) -> int:
    """Without a member: what the file may hold about a person, section by section, with
    room to note what was given (a reply prepared by hand)."""
    doc = ReportDocument(
        lang,
        frame.letterhead,
        title=translate_in(lang, "Personal data held about a member (law 09-08)"),
        generated_on=frame.generated_on,
        hijri_offset_days=frame.hijri_offset_days,
    )
    doc.paragraph(translate_in(lang, INTRODUCTION), size=doc.sizes.small)
    doc.key_values([(translate_in(lang, s), BLANK) for s in SECTIONS], label_share=0.45)
    doc.save(path)
    return doc.page_count


def personal_data_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """Everything held about member `request.record_id` (its id in the file)."""
    actor.require(Permission.PRIVACY_MANAGE)
    number = (
        None
        if request.record_id is None
        else session.scalar(sa.select(Member.number).where(Member.id == request.record_id))
    )
    if number is None:
        if request.record_id is not None:
            raise ValidationError("record_id", translate_in(request.lang, "Choose a member."))
        pages = render_inventory(read_frame(session), request.lang, request.out)
        return ReportResult(path=request.out, pages=pages)
    data = personal_data(session, actor, number)
    pages = render_personal_data(data, read_frame(session), request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)
