"""The entry chosen in the list: its heading and its lines, each with its account's label."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.books.entry_list import EntryDetail
from nassij_desktop.core.books.quick_entries import PAYMENT_METHOD_LABELS
from nassij_desktop.i18n import _, current_language
from nassij_desktop.i18n.formatting import bidi_text, format_amount, format_date, isolate
from nassij_desktop.ui.books.columns import entry_number, script_align
from nassij_desktop.ui.books.voucher_bar import VoucherBar
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.tables import ScriptDelegate

_NUMBER = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
_TEXT = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter


class EntryDetailPanel(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None, context: AppContext | None = None) -> None:
        super().__init__(parent)
        self.detail: EntryDetail | None = None
        # The entry's scanned voucher: viewed, attached (it reads the file, so it needs one).
        self.voucher_bar = VoucherBar(context, self) if context is not None else None
        self.heading = QLabel(self)
        self.heading.setObjectName("entry_heading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lines = QTableWidget(0, 4, self)
        self.lines.setObjectName("entry_lines")
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.verticalHeader().hide()
        self.lines.setWordWrap(False)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 140)
        for column in (2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # A line's label in its script's direction (elided at its own end).
        self.lines.setItemDelegate(ScriptDelegate(self.lines))
        self.tags = QLabel(self)
        self.tags.setObjectName("entry_tags")
        self.tags.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.tags)
        if self.voucher_bar is not None:
            layout.addWidget(self.voucher_bar)
        self.retranslate()

    def show_entry(self, detail: EntryDetail | None) -> None:
        self.detail = detail
        self._fill()
        if self.voucher_bar is not None:
            self.voucher_bar.show_entry(
                detail.id if detail else None,
                entry_number(detail.journal, detail.number) if detail else "",
            )

    def retranslate(self) -> None:
        self.lines.setHorizontalHeaderLabels([_("Account"), _("Label"), _("Debit"), _("Credit")])
        self._fill()

    def _fill(self) -> None:
        detail = self.detail
        lang = current_language()
        if detail is None:
            self.heading.setText(_("Choose an entry in the list to see its lines."))
            self.lines.setRowCount(0)
            self.tags.clear()
            self.tags.hide()
            return
        heading = _("Entry {number} of the journal {journal}, {date}").format(
            number=entry_number(detail.journal, detail.number),
            journal=detail.journal_name(lang),
            date=format_date(detail.entry_date),
        )
        voucher = _("Voucher: {reference}").format(
            reference=isolate(detail.reference or "—", "ltr")
        )
        self.heading.setText(
            "\n".join(
                bidi_text(text) for text in (heading, detail.label, voucher, *_parties(detail))
            )
        )
        self.lines.setRowCount(len(detail.lines) + 1)
        for row, line in enumerate(detail.lines):
            cells = (
                (f"{line.account} {line.account_label(lang)}", _TEXT),
                (line.label or "", script_align(line.label or "").value),
                (format_amount(line.debit) if line.debit else "", _NUMBER),
                (format_amount(line.credit) if line.credit else "", _NUMBER),
            )
            self._set_row(row, cells)
        self._set_row(
            len(detail.lines),
            (
                (_("Total"), _TEXT),
                ("", _TEXT),
                (format_amount(detail.total_debit), _NUMBER),
                (format_amount(detail.total_credit), _NUMBER),
            ),
            bold=True,
        )
        # What the lines name of public money, each said once (a subsidy's lines share it).
        tags: list[str] = []
        for line in detail.lines:
            funder = line.funder(lang)
            parts = (
                _("Project: {code}").format(code=line.project) if line.project else "",
                _("Funder: {name}").format(name=funder) if funder else "",
                _("Agreement {number} of {date}").format(
                    number=isolate(line.agreement_number, "ltr"),
                    date=format_date(line.agreement_date),
                )
                if line.agreement_number
                else "",
            )
            tags.extend(p for p in parts if p and p not in tags)
        self.tags.setText("\n".join(bidi_text(t) for t in tags))
        self.tags.setVisible(bool(tags))

    def _set_row(
        self, row: int, cells: tuple[tuple[str, Qt.AlignmentFlag], ...], *, bold: bool = False
    ) -> None:
        for column, (text, align) in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setTextAlignment(align)
            if bold:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.lines.setItem(row, column, item)


def _parties(detail: EntryDetail) -> list[str]:
    """The third party and the payment (method and reference), when the entry names them."""
    texts = []
    if detail.third_party:
        texts.append(_("Third party: {name}").format(name=detail.third_party))
    method = _(PAYMENT_METHOD_LABELS[detail.payment_method]) if detail.payment_method else ""
    reference = isolate(detail.payment_reference, "ltr") if detail.payment_reference else ""
    payment = " ".join(part for part in (method, reference) if part)
    if payment:
        texts.append(_("Payment: {payment}").format(payment=payment))
    return texts


__all__ = ["EntryDetailPanel"]
