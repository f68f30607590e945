"""The Documents page's form, generated from the documents' declared options.

`field_for(option, …)` makes the editor of one `reports.kinds.ReportOption` by its type: a
combo box for the language and for choices, a spin box for a year, a `DateEdit` for a date,
the record picker (the list of `choices.records`, and for receipts a search box: what is typed
is looked for by a service read — never more than RECORD_LIMIT records on the screen, whatever
the size of the file — and the matches drop down under the box to be chosen) for the record a
document is about. Members are chosen on the Members page (it prints the cards of
the selection): here, cards are for every active member. The page builds one editor per
option and shows the rows of the chosen document's options.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QLineEdit, QSpinBox, QWidget

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.i18n import _
from nassij_desktop.reports.kinds import YEAR_RANGE, OptionType, RecordSort, ReportOption
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.documents.choices import SEARCHABLE, records

log = logging.getLogger(__name__)
SEARCH_DELAY_MS = 200


class OptionField:
    """The editor of one option: its rows of the form and the value it gives the request."""

    def __init__(self, option: ReportOption, parent: QWidget) -> None:
        self.option = option
        self.label = QLabel(parent)
        self.widget: QWidget = parent  # set by each sort of field

    def rows(self) -> list[tuple[QLabel, QWidget]]:
        return [(self.label, self.widget)]

    def value(self) -> Any:
        """The request's value; a ValidationError names the option's field."""
        raise NotImplementedError

    def retranslate(self) -> None:
        self.label.setText(_(self.option.label))

    def row_visibility(self, taken: bool) -> list[tuple[QWidget, bool]]:
        """Whether each row's field is shown, when the chosen document takes the option."""
        return [(widget, taken) for _label, widget in self.rows()]

    def show_kind(self, about: RecordSort | None) -> None:
        """Another document was chosen (`about`: what it is about, None if it does not take
        this option)."""


class ComboField(OptionField):
    """The language, or one of the option's choices."""

    def __init__(self, option: ReportOption, parent: QWidget) -> None:
        super().__init__(option, parent)
        self.combo = QComboBox(parent)
        language = option.type is OptionType.LANGUAGE
        self.combo.setObjectName("document_language" if language else f"document_{option.field}")
        # Sized to its (translated) texts, which are set after it is first shown.
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for value, _label in option.choices:
            self.combo.addItem("", value)
        self.select(option.default)
        self.widget = self.combo

    def select(self, value: object) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(value)))

    def value(self) -> Any:
        return self.combo.currentData()

    def retranslate(self) -> None:
        super().retranslate()
        for index, (_value, label) in enumerate(self.option.choices):
            self.combo.setItemText(index, _(label))


class YearField(OptionField):
    """A year, starting at the current one."""

    def __init__(self, option: ReportOption, parent: QWidget) -> None:
        super().__init__(option, parent)
        self.spin = QSpinBox(parent)
        self.spin.setObjectName(f"document_{option.field}")
        self.spin.setRange(*YEAR_RANGE)
        default = option.default if isinstance(option.default, int) else clock.today().year
        self.spin.setValue(default)
        self.spin.setGroupSeparatorShown(False)
        self.widget = self.spin

    def value(self) -> int:
        return self.spin.value()


class DateField(OptionField):
    """A date, typed or picked (empty: no date)."""

    def __init__(self, option: ReportOption, parent: QWidget) -> None:
        super().__init__(option, parent)
        default = option.default if isinstance(option.default, str) else None
        self.edit = DateEdit(parent, dt.date.fromisoformat(default) if default else None)
        self.edit.setObjectName(f"document_{option.field}")
        self.widget = self.edit

    def value(self) -> dt.date | None:
        return self.edit.date(self.option.field)


class TextField(OptionField):
    """Free text (an account number, a commentary); empty gives None."""

    def __init__(self, option: ReportOption, parent: QWidget) -> None:
        super().__init__(option, parent)
        self.edit = QLineEdit(parent)
        self.edit.setObjectName(f"document_{option.field}")
        self.widget = self.edit

    def value(self) -> str | None:
        return self.edit.text().strip() or None


class MembersField(OptionField):
    """Not on this page: the Members page prints the cards of the members selected there."""

    def __init__(self, option: ReportOption, parent: QWidget) -> None:
        super().__init__(option, parent)
        self.label.hide()  # in no row: it would float over the page

    def rows(self) -> list[tuple[QLabel, QWidget]]:
        return []

    def value(self) -> tuple[int, ...]:
        return ()


class RecordField(OptionField):
    """The record a document is about: "The latest" first, then the most recent records of
    the document's sort; receipts (SEARCHABLE) are also found by what is typed."""

    def __init__(self, option: ReportOption, parent: QWidget, context: AppContext) -> None:
        super().__init__(option, parent)
        self.context = context
        self.sort: RecordSort | None = None
        self.search_label = QLabel(parent)
        self.combo = QComboBox(parent)
        self.combo.setObjectName("document_record")
        self.combo.setMinimumContentsLength(30)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.search = QLineEdit(parent)
        self.search.setObjectName("document_record_search")
        self.search.setClearButtonEnabled(True)
        # Type to filter: the matches of what is typed drop down under the box (read by the
        # service, at most RECORD_LIMIT of them), a click or Enter chooses one.
        self.matches = QStandardItemModel(parent)
        self.completer = QCompleter(self.matches, parent)
        self.completer.setObjectName("document_record_matches")
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.completer.activated.connect(self._match_chosen)  # the label of the match
        self.search.setCompleter(self.completer)
        self._timer = QTimer(parent)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.fill)
        self.search.textEdited.connect(self._typed)
        self.search.returnPressed.connect(self._search_now)
        self._query = ""
        self.widget = self.combo

    def rows(self) -> list[tuple[QLabel, QWidget]]:
        return [(self.search_label, self.search), (self.label, self.combo)]

    def row_visibility(self, taken: bool) -> list[tuple[QWidget, bool]]:
        return [(self.search, taken and self.searchable), (self.combo, taken)]

    @property
    def searchable(self) -> bool:
        return self.sort in SEARCHABLE

    def value(self) -> int | None:
        data = self.combo.currentData()
        return int(data) if data is not None else None

    def retranslate(self) -> None:
        super().retranslate()
        self.search_label.setText(_("Find:"))
        self._placeholder()

    def _placeholder(self) -> None:
        if self.sort is RecordSort.MEMBER:
            self.search.setPlaceholderText(_("Name or number of the member"))
        else:
            self.search.setPlaceholderText(
                _("Type a receipt number, or the name of the member or donor")
            )

    def show_kind(self, about: RecordSort | None) -> None:
        if about != self.sort:  # another sort of record: another search
            self.sort = about
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self._placeholder()
        self.fill()

    def _typed(self, text: str) -> None:
        # A match highlighted or chosen writes its label in the box: that is no new search.
        if not self.matches.findItems(text):
            self._timer.start()

    def _search_now(self) -> None:
        popup = self.completer.popup()
        if popup is not None and popup.isVisible():
            return  # Enter chooses the highlighted match (the completer)
        if self._timer.isActive() or self.search.text() != self._query:
            self.fill()

    def _match_chosen(self, label: str) -> None:
        """A match chosen under the search box: the record of the document; the box keeps
        what was typed (the completer wrote the match's label there)."""
        found = self.matches.findItems(label)
        if not found:
            return
        record_id = found[0].data(Qt.ItemDataRole.UserRole)
        query = self._query

        def chosen() -> None:
            self.search.setText(query)
            self._timer.stop()  # the label written in the box is no search
            self.combo.setCurrentIndex(max(0, self.combo.findData(record_id)))

        chosen()
        QTimer.singleShot(0, chosen)  # after the completer has written the label

    def _show_matches(self, choices: list[tuple[int, str]]) -> None:
        self.matches.clear()
        for record_id, text in choices:
            item = QStandardItem(text)
            item.setData(record_id, Qt.ItemDataRole.UserRole)
            self.matches.appendRow(item)
        if choices and self.search.hasFocus():
            self.completer.complete()
        else:
            popup = self.completer.popup()
            if popup is not None:
                popup.hide()

    def fill(self) -> None:
        self._timer.stop()
        current = self.combo.currentData()
        self.combo.clear()
        if self.sort is None or self.sort is RecordSort.MEMBERS:
            return
        # Without a record: the latest one, or a blank form (a member's form).
        self.combo.addItem(
            _("Blank form") if self.sort is RecordSort.MEMBER else _("The latest"), None
        )
        query = self.search.text() if self.searchable else ""
        self._query = query
        try:
            with self.context.database.session() as session:
                choices = records(session, self.context.actor, self.sort, query)
        except NassijError:
            choices = []  # a role that may not read them: "Create PDF" will say why
        except Exception:  # a read of a record list must not keep the page from opening
            log.exception("could not list the records for %s", self.sort)
            choices = []
        for record_id, text in choices:
            self.combo.addItem(text, record_id)
        self._show_matches(choices if query.strip() else [])
        if query and choices and (current is None or self.combo.findData(current) < 0):
            self.combo.setCurrentIndex(1)  # searched: the latest match, not "the latest"
        else:
            self.combo.setCurrentIndex(max(0, self.combo.findData(current)))


def field_for(option: ReportOption, parent: QWidget, context: AppContext) -> OptionField:
    """The editor of `option`, by its type."""
    match option.type:
        case OptionType.LANGUAGE | OptionType.CHOICE:
            return ComboField(option, parent)
        case OptionType.YEAR:
            return YearField(option, parent)
        case OptionType.DATE:
            return DateField(option, parent)
        case OptionType.RECORD:
            return RecordField(option, parent, context)
        case OptionType.MEMBERS:
            return MembersField(option, parent)
        case OptionType.TEXT:
            return TextField(option, parent)
