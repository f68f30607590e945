"""The receipts of a bulk dues run in one PDF: each receipt with its stub on its own page, as
the single dues receipt prints it, in the order of their numbers.

Not a document of the Documents page (it is about the payments of one run, not a record the
form could offer): the bulk dues dialog and `nassij dues record-bulk --receipts-out` call it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.errors import NotFound
from nassij_desktop.core.common.output_files import (
    atomic_output,
    check_output_path,
    protected_paths,
)
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.common.progress import NO_PROGRESS, Progress
from nassij_desktop.core.common.service import in_chunks
from nassij_desktop.core.members.models import DuesPayment, Member
from nassij_desktop.core.members.records import require_dues_read
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.reports.engine import ReportDocument
from nassij_desktop.reports.receipts.dues_receipt import (
    TITLE,
    DuesReceiptData,
    dues_receipt_content,
)
from nassij_desktop.reports.receipts.layout import (
    Issuer,
    ReceiptContent,
    draw_receipt,
    member_payer,
    read_issuer,
    receipt_title,
)
from nassij_desktop.reports.request import Lang

STEP = 50  # receipts drawn between two reports of progress


@dataclass(frozen=True)
class ReceiptsBatch:
    """The PDF written: where, its pages (one per receipt). Not a `ReportResult`: this is no
    document of the Documents page's registry."""

    path: Path
    pages: int


def build_dues_receipts(
    session: Session, payment_ids: Sequence[int], today: dt.date | None = None
) -> list[DuesReceiptData]:
    """The receipts of the payments `payment_ids`, by receipt number."""
    rows: list[tuple[DuesPayment, Member]] = []
    for chunk in in_chunks(dict.fromkeys(payment_ids)):
        found = session.execute(
            sa.select(DuesPayment, Member)
            .join(Member, Member.id == DuesPayment.member_id)
            .where(DuesPayment.id.in_(chunk))
        )
        rows.extend((payment, member) for payment, member in found)
    if len(rows) != len(set(payment_ids)):
        raise NotFound(_("Some of these dues payments no longer exist."))
    rows.sort(key=lambda row: row[0].receipt_number)
    issuers: dict[dt.date, Issuer] = {}  # the treasurer in office on each day paid
    receipts = []
    for payment, member in rows:
        if payment.paid_on not in issuers:
            issuers[payment.paid_on] = read_issuer(session, payment.paid_on, today)
        receipts.append(
            DuesReceiptData(
                issuer=issuers[payment.paid_on],
                receipt=ReceiptContent(
                    title_msgid=TITLE,
                    number=payment.receipt_number,
                    received_on=payment.paid_on,
                    payer=member_payer(member),
                    amount=payment.amount,
                    method=payment.method,
                    reference="",
                    purpose_lines=(),
                ),
                year=payment.year,
            )
        )
    return receipts


def render_dues_receipts(
    receipts: Sequence[DuesReceiptData], lang: Lang, path: Path, progress: Progress | None = None
) -> int:
    """One page per receipt (with its stub); `progress` is told how many are drawn."""
    if not receipts:
        raise NotFound(_("No dues have been recorded yet."))
    progress = progress or NO_PROGRESS
    contents = [dues_receipt_content(r, lang) for r in receipts]
    first, last = contents[0], contents[-1]
    doc = ReportDocument(
        lang,
        receipts[0].issuer.letterhead,
        title=receipt_title(first, lang),
        # The run's first and last numbers, one left-to-right run inside Arabic.
        reference=isolate(f"{first.number} – {last.number}", "ltr"),
        generated_on=receipts[0].issuer.generated_on,
    )
    for index, (data, content) in enumerate(zip(receipts, contents, strict=True)):
        if index:
            doc.new_titled_page(receipt_title(content, lang))
        draw_receipt(doc, content, data.issuer, lang)
        if index % STEP == 0:
            progress.step(index, len(receipts))
    progress.step(len(receipts), len(receipts))
    doc.save(path)
    return doc.page_count


def dues_receipts_batch(
    session: Session,
    actor: Actor,
    payment_ids: Sequence[int],
    lang: Lang,
    out: Path,
    progress: Progress | None = None,
) -> ReceiptsBatch:
    """The receipts of `payment_ids` (a bulk run's) written to `out` as one PDF."""
    require_dues_read(actor)
    url = session.get_bind().engine.url
    database = url.database if url.get_backend_name() == "sqlite" else None
    # Never over the open file, its journal or its lock (as produce_report guards them).
    guarded = protected_paths(Path(database)) if database not in (None, "", ":memory:") else ()
    out = check_output_path(out, protected=guarded)
    receipts = build_dues_receipts(session, payment_ids)
    with atomic_output(out) as temporary:
        pages = render_dues_receipts(receipts, lang, temporary, progress)
    return ReceiptsBatch(path=out, pages=pages)
