"""The member register (سجل الأعضاء / registre des adhérents): every member in number order
(or by name: the order of the members list for the document's reader, core.common.names.
sort_name) with names in both scripts, category, join date, status, city and phone — and the
CIN for the roles that may see it (law 09-08), and the day a member left when the register
lists members who left (resigned, excluded, deceased). The count per status comes first, under
its heading, after the day the statuses are given for: at the end it fell alone on a last page.
A4 landscape, the header row repeated on every page; drawn with the engine's `listing`, so a
register of thousands of members takes a second or two.

A register is as long as the association: 100 000 members make some 5 000 pages. Its rows are
never all in memory: they are read from the database in number order as the pages are drawn
(the read transaction is a snapshot, which does not hold back a writer), the status counts are
read in a first pass over the same query, and the engine writes finished pages out of memory.
`MemberRegisterData.rows` is therefore a query that is run each time it is iterated, inside
the session it came from.

`year` keeps the members who belonged to the association at some point in that year: joined
on or before 31 December, and not gone (resigned, deceased, excluded) since before 1 January
— read from the status history, so a member who resigned in 2023 and came back in 2025 is in
the 2025 register but not in the 2024 one. The status printed (and filtered on) is the one in
force on 31 December of that year, or today for the current year.

By name, the rows are read along the stored sort key's index (`Member.sort_name_ar` or
`sort_name_lat`), as in number order: no sort of the whole register.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association.places import place_name
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.common.names import display_name
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.progress import NO_PROGRESS, Progress
from nassij_desktop.core.common.validators import national_phone
from nassij_desktop.core.members.models import (
    STATUS_LABELS,
    Gender,
    Member,
    MemberCategory,
    MemberStatus,
    MemberStatusChange,
)
from nassij_desktop.i18n import _, translate_in
from nassij_desktop.i18n.formatting import format_date, format_number, isolate
from nassij_desktop.reports.engine import Column, Letterhead, ReportDocument
from nassij_desktop.reports.engine import letterhead_from_association as read_letterhead
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

# Points: smaller than the engine's tables, for some twenty members a landscape page (Noto
# Naskh Arabic at 9 points reads as large as Noto Sans at 8).
TABLE_SIZES = {"ar": 9.0, "fr": 8.0}

# Statuses that end membership; a suspended member is still a member.
GONE = frozenset({MemberStatus.RESIGNED, MemberStatus.DECEASED, MemberStatus.EXCLUDED})

# Rows fetched from the database at a time (a server-side cursor on PostgreSQL).
FETCH_ROWS = 500
# Members read between two reports of progress (each also the point where Cancel takes effect).
PROGRESS_EVERY = 250


@dataclass(frozen=True)
class RegisterRow:
    number: str
    # As the members table shows them (core.common.names): first name first, and the other
    # script when the member has no name in this one.
    name_ar: str
    name_lat: str
    gender: Gender | None  # the status is said in the member's gender (نشيطة)
    category_ar: str
    category_fr: str
    join_date: dt.date
    status: MemberStatus
    city: str
    phone: str  # as people write it: 06 12 34 56 78
    left_on: dt.date | None  # the day a member who left (GONE) did; None for the others
    id_number: str  # "" when the register is printed without identity numbers


@dataclass(frozen=True)
class MemberRegisterData:
    letterhead: Letterhead
    generated_on: dt.date
    year: int | None
    status: MemberStatus | None
    status_on: dt.date  # the day the printed statuses were in force
    with_identity: bool
    rows: Iterable[RegisterRow]  # in number order, read as iterated (see the module's doc)

    def counts(self) -> list[tuple[MemberStatus, int]]:
        """Members listed per status, in the order of the statuses, zeros left out."""
        return status_counts(Counter(row.status for row in self.rows))


def status_counts(counted: Counter[MemberStatus]) -> list[tuple[MemberStatus, int]]:
    return [(status, counted[status]) for status in MemberStatus if counted[status]]


ORDERS = ("number", "name")


def parse_order(value: str | None) -> bool:
    """Whether a register is ordered by name (else by member number); an unknown order names
    the valid values."""
    if value is None or value == "":
        return False
    order = value.strip().lower()
    if order not in ORDERS:
        raise ValidationError(
            "order",
            _("Unknown order “{order}”; use one of: {valid}.").format(
                order=value, valid=", ".join(ORDERS)
            ),
        )
    return order == "name"


def parse_status(value: str | None) -> MemberStatus | None:
    """The status a register is filtered on; an unknown one names the valid values."""
    if value is None or value == "":
        return None
    try:
        return MemberStatus(value.strip().lower())
    except ValueError:
        valid = ", ".join(status.value for status in MemberStatus)
        raise ValidationError(
            "status",
            _("Unknown member status “{status}”; use one of: {valid}.").format(
                status=value, valid=valid
            ),
        ) from None


def number_key(number: str) -> tuple[int, int, str]:
    """Number order: 99 before 100 even if the width of the numbers changed over the years;
    numbers of Latin digits first, by value, then the others (2024-015, A12) as text. The
    register sorts in SQL with `number_order`, which gives the same order."""
    digits = number.isascii() and number.isdigit()
    return (0, int(number), number) if digits else (1, 0, number)


def number_order() -> list[sa.SQLColumnExpression[Any]]:
    """`number_key` as SQL ORDER BY terms, in functions SQLite and PostgreSQL share: the value
    of a number of digits is compared as its digits without leading zeros, shorter first."""
    others: sa.SQLColumnExpression[str] = Member.number
    for digit in "0123456789":
        others = sa.func.replace(others, digit, "")
    digits = sa.and_(Member.number != "", others == "")
    significant = sa.func.ltrim(Member.number, "0")
    return [
        sa.case((digits, 0), else_=1),
        sa.case((digits, sa.func.length(significant)), else_=0),
        sa.case((digits, significant), else_=""),
        Member.number,
    ]


def _status_on(
    changes: list[tuple[dt.date, MemberStatus]], day: dt.date, current: MemberStatus
) -> MemberStatus | None:
    """The status in force at the end of `day` (None: not yet a member)."""
    status = None
    for effective_on, to_status in changes:
        if effective_on > day:
            break
        status = to_status
    return status if changes else current


def _left_on(
    changes: list[tuple[dt.date, MemberStatus]],
    day: dt.date,
    shown: MemberStatus,
    current_left_on: dt.date | None,
) -> dt.date | None:
    """The day a member shown as gone on `day` left: the latest change to that status up to
    `day` (a register of a past year gives the leaving of that time)."""
    if shown not in GONE:
        return None
    dates = [when for when, status in changes if status is shown and when <= day]
    return max(dates, default=current_left_on)


def _belonged_in(
    changes: list[tuple[dt.date, MemberStatus]], year: int, current: MemberStatus
) -> bool:
    """A member at some point of `year`: a member status in force on 1 January, or reached
    during the year."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    before = _status_on(changes, first - dt.timedelta(days=1), current) if changes else None
    if before is not None and before not in GONE:
        return True
    if not changes:
        return current not in GONE
    return any(first <= day <= last and status not in GONE for day, status in changes)


def build_member_register_data(
    session: Session,
    *,
    year: int | None = None,
    status: MemberStatus | None = None,
    with_identity: bool = False,
    by_name: Lang | None = None,
    today: dt.date | None = None,
    fetch_rows: int = FETCH_ROWS,
    progress: Progress | None = None,
) -> MemberRegisterData:
    """The register's heading data, and its rows as a query run when they are iterated,
    `fetch_rows` rows from the database at a time, in number order, or by name for the
    reader of `by_name`. `progress` is told how many of the members read (before the year
    and status filters) have been gone through."""
    today = today or clock.today()
    status_on = min(dt.date(year, 12, 31), today) if year is not None else today
    return MemberRegisterData(
        letterhead=read_letterhead(session),
        generated_on=today,
        year=year,
        status=status,
        status_on=status_on,
        with_identity=with_identity,
        rows=_RegisterRows(
            session,
            year,
            status,
            status_on,
            with_identity,
            by_name,
            fetch_rows,
            progress or NO_PROGRESS,
        ),
    )


@dataclass(frozen=True)
class _RegisterRows:
    """The rows of a register, read in one query ordered by member number (or by the sort key
    of the names for the reader of `by_name`), `fetch_rows` at a time. For a year, each member
    comes with its status history (an outer join, ordered by date), so that the status in
    force is known without holding every member's history."""

    session: Session
    year: int | None
    status: MemberStatus | None
    status_on: dt.date
    with_identity: bool
    by_name: Lang | None
    fetch_rows: int
    progress: Progress

    def __iter__(self) -> Iterator[RegisterRow]:
        year = self.year
        total = None
        if self.progress is not NO_PROGRESS:
            counted = sa.select(sa.func.count(Member.id))
            if year is not None:
                counted = counted.where(Member.join_date <= self.status_on)
            total = self.session.scalar(counted)
        stmt = sa.select(
            Member.id,
            Member.number,
            Member.last_name_ar,
            Member.first_name_ar,
            Member.last_name_lat,
            Member.first_name_lat,
            Member.gender,
            MemberCategory.label_ar,
            MemberCategory.label_fr,
            Member.join_date,
            Member.status,
            Member.status_since,
            Member.city,
            Member.phone,
            Member.id_number,
        ).join(MemberCategory, Member.category_id == MemberCategory.id)
        if self.by_name is None:
            order = [*number_order(), Member.id]
        else:
            key = Member.sort_name_ar if self.by_name == "ar" else Member.sort_name_lat
            order = [key, Member.id]
        if year is not None:
            stmt = (
                stmt.add_columns(MemberStatusChange.effective_on, MemberStatusChange.to_status)
                .outerjoin(MemberStatusChange, MemberStatusChange.member_id == Member.id)
                .where(Member.join_date <= self.status_on)
            )
            order += [MemberStatusChange.effective_on, MemberStatusChange.id]
        result = self.session.execute(
            stmt.order_by(*order).execution_options(yield_per=self.fetch_rows)
        )
        for read, (_member_id, records) in enumerate(groupby(result, key=lambda record: record.id)):
            if read % PROGRESS_EVERY == 0:
                self.progress.step(read, total)  # raises Cancelled when the user cancelled
            first = next(records)
            current = MemberStatus(first.status)
            shown = current
            left_on = first.status_since if current in GONE else None
            if year is not None:
                changes = [
                    (record.effective_on, MemberStatus(record.to_status))
                    for record in (first, *records)
                    if record.effective_on is not None
                ]
                if not _belonged_in(changes, year, current):
                    continue
                shown = _status_on(changes, self.status_on, current) or MemberStatus.ACTIVE
                left_on = _left_on(changes, self.status_on, shown, left_on)
            if self.status is not None and shown is not self.status:
                continue
            names = (
                first.first_name_ar,
                first.last_name_ar,
                first.first_name_lat,
                first.last_name_lat,
            )
            yield RegisterRow(
                number=first.number,
                name_ar=display_name("ar", *names),
                name_lat=display_name("fr", *names),
                gender=first.gender,
                category_ar=first.label_ar,
                category_fr=first.label_fr,
                join_date=first.join_date,
                status=shown,
                city=first.city or "",
                phone=national_phone(first.phone),
                left_on=left_on,
                id_number=(first.id_number or "") if self.with_identity else "",
            )


def register_title(data: MemberRegisterData, lang: Lang) -> str:
    status = translate_in(lang, STATUS_LABELS[data.status]) if data.status else ""
    if data.year is not None and data.status is not None:
        text = translate_in(lang, "Member register for {year} (status: {status})")
    elif data.year is not None:
        text = translate_in(lang, "Member register for {year}")
    elif data.status is not None:
        text = translate_in(lang, "Member register (status: {status})")
    else:
        text = translate_in(lang, "Member register")
    return text.format(year=data.year, status=status)


def register_row(
    row: RegisterRow, lang: Lang, with_identity: bool, with_leaving: bool = False
) -> list[str]:
    names = [row.name_ar, row.name_lat] if lang == "ar" else [row.name_lat, row.name_ar]
    cells = [
        row.number,
        *names,
        row.category_ar if lang == "ar" else row.category_fr,
        format_date(row.join_date, lang),
        gendered(STATUS_LABELS[row.status], row.gender, lang),  # نشيطة for a woman
        place_name(row.city, lang) if row.city else "",  # "Zagora" → "زاكورة" in Arabic
        isolate(row.phone, "ltr") if row.phone else "",
    ]
    if with_leaving:
        cells.insert(6, format_date(row.left_on, lang) if row.left_on else "")
    if with_identity:
        cells.append(row.id_number)
    return cells


def summary_rows(data: MemberRegisterData, lang: Lang) -> list[tuple[str, str]]:
    """The closing count: all members listed, then per status. A label/figure block rather
    than a sentence, so that each figure stays next to its label when the text is copied."""
    return _summary(data.counts(), lang)


def _summary(counts: list[tuple[MemberStatus, int]], lang: Lang) -> list[tuple[str, str]]:
    total = sum(count for _status, count in counts)
    rows = [(translate_in(lang, "Members listed"), format_number(total, lang))]
    rows += [
        (translate_in(lang, STATUS_LABELS[status]), format_number(count, lang))
        for status, count in counts
    ]
    return rows


def render_member_register(data: MemberRegisterData, lang: Lang, path: Path) -> int:
    doc = ReportDocument(
        lang,
        data.letterhead,
        title=register_title(data, lang),
        orientation="landscape",
        generated_on=data.generated_on,
    )
    status_line = translate_in(lang, "Status on {date}").format(
        date=format_date(data.status_on, lang, "long")
    )
    doc.paragraph(status_line, size=doc.sizes.small)
    # The count first (a first pass over the rows): at the end it fell alone on a last page.
    counts = data.counts()
    doc.heading(translate_in(lang, "Summary by status"), level=3)
    doc.key_values(_summary(counts, lang), label_share=0.25)
    doc.spacer(3)
    # A register that lists members who left says when each one did.
    with_leaving = any(status in GONE for status, _count in counts)
    names = [
        Column(translate_in(lang, "Name in Arabic"), 2.2),
        Column(translate_in(lang, "Name in Latin letters"), 2.2),
    ]
    columns = [
        Column(translate_in(lang, "Member no."), 0.9, "center"),
        *(names if lang == "ar" else reversed(names)),
        Column(translate_in(lang, "Category"), 1.3),
        Column(translate_in(lang, "Join date"), 1.1, "center"),
        # Wide enough for "Démissionnaire" beside the day it took effect.
        Column(translate_in(lang, "Status"), 1.25 if with_leaving else 0.9),
        *([Column(translate_in(lang, "Left on"), 1.0, "center")] if with_leaving else []),
        Column(translate_in(lang, "City"), 1.2),
        Column(translate_in(lang, "Phone"), 1.5, "center"),
    ]
    if data.with_identity:
        columns.append(Column(translate_in(lang, "CIN no."), 1.1, "center"))
    rows = (register_row(row, lang, data.with_identity, with_leaving) for row in data.rows)
    doc.listing(columns, rows, size=TABLE_SIZES[lang])
    doc.save(path)
    return doc.page_count


def member_register_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The member register, filtered on `request.status` and `request.year`. Identity numbers
    are printed only for the roles that may see them."""
    actor.require(Permission.MEMBERS_READ)
    status = parse_status(request.status)
    by_name = parse_order(request.order)
    if request.year is not None and not 1900 <= request.year <= clock.today().year:
        # A register of a year to come would state who belongs "as of" a day not reached yet.
        raise ValidationError(
            "year",
            _("The register of {year} cannot be drawn up: give a year up to {current}.").format(
                year=request.year, current=clock.today().year
            ),
        )
    data = build_member_register_data(
        session,
        year=request.year,
        status=status,
        with_identity=actor.can(Permission.MEMBERS_IDENTITY),
        by_name=request.lang if by_name else None,
        progress=request.progress,
    )
    pages = render_member_register(data, request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)
