"""The one-minute activity form: log an activity, or see and correct one.

Typed with the keyboard only, in the order a volunteer tells what happened: title, programme,
kind, date and time, place (region → province → commune), description, partners, cost,
project or agreement, the beneficiaries counted by gender and age band, the volunteers and
their hours (the signed-in volunteer's own member first), then the photos and attendance
sheets (`files.ActivityFiles`, attached when the form saves, in its transaction). Tab goes
from one field to the next (mirrored in Arabic, as the layout is), Enter saves from any
field but the description (Ctrl+Enter there), Escape cancels. The service's refusal shows
under the field it names, which gets the focus.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.activities.activity_list import LinkChoice, activity_link_choices
from nassij_desktop.core.activities.attachments import ActivityFileInfo, activity_files
from nassij_desktop.core.activities.models import ActivityKind, AgeGroup
from nassij_desktop.core.activities.services import (
    ActivityData,
    ActivityRecord,
    ProgrammeRecord,
    clean_cost,
    create_activity,
    get_activity,
    list_programmes,
    may_change_activity,
    require_own_activity,
    update_activity,
)
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import (
    ConflictError,
    PermissionDenied,
    ValidationError,
)
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.members.search import member_rows
from nassij_desktop.core.users.own_member import own_member_id
from nassij_desktop.i18n import N_, _, current_language
from nassij_desktop.i18n.formatting import format_amount, format_date, format_number, list_item
from nassij_desktop.ui.activities.editors import BeneficiaryGrid, VolunteerEditor
from nassij_desktop.ui.activities.files import ActivityFiles, file_reader
from nassij_desktop.ui.activities.labels import (
    COUNTED_GENDER_LABELS,
    COUNTED_GENDERS,
    KIND_LABELS,
    age_band_label,
)
from nassij_desktop.ui.activities.places import PlacePicker
from nassij_desktop.ui.books.choices import LabelledBox, none_choice, translated
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.conflict_dialog import (
    OVERWRITE,
    RELOAD,
    ConflictDialog,
    Difference,
    KeepsConflict,
    ask,
    shown,
)
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import Written, run_write


@dataclass(frozen=True)
class FormChoices:
    """The lists the form offers, read once when it opens."""

    programmes: list[ProgrammeRecord]
    projects: list[LinkChoice]
    requests: list[LinkChoice]
    own_member: int | None


def read_choices(session: Session, context: AppContext) -> FormChoices:
    actor = context.actor
    projects, requests = activity_link_choices(session, actor)
    return FormChoices(
        list_programmes(session, actor, include_retired=True),
        projects,
        requests,
        own_member_id(session, actor),
    )


def _named(name_ar: str, name_fr: str) -> object:
    return lambda: (name_ar if current_language() == "ar" else name_fr) or name_ar or name_fr


class ActivityDialog(KeepsConflict, BaseDialog):
    saved = Signal(object)  # the ActivityRecord written

    def __init__(
        self, context: AppContext, activity_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("activity_form")
        self.setMinimumWidth(720)  # the beneficiaries' grid and the volunteer's line side by side
        self.context = context
        self.record: ActivityRecord | None = None  # as loaded: its version is the one saved over
        self._conflict: ConflictError | None = None  # the refusal of the last save, if one
        self._overwrite = False  # the next save goes over a newer one (confirmed)
        self.conflict_dialog: ConflictDialog | None = None  # while it is open
        files: list[ActivityFileInfo] = []
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._rows: list[tuple[QLabel, str]] = []
        self._field_labels: dict[str, str] = {}  # field → its label (untranslated)
        with context.database.session() as session:
            self.choices = read_choices(session, context)
            if activity_id is not None:
                self.record = get_activity(session, context.actor, activity_id)
                files = activity_files(session, context.actor, activity_id)
            volunteer_ids = [m for m, _minutes in self.record.volunteers] if self.record else []
            if self.record is None and self.choices.own_member is not None:
                volunteer_ids = [self.choices.own_member]
            lang = current_language()
            names = {
                r.id: list_item(r.name(lang), r.number)
                for r in member_rows(session, context.actor, volunteer_ids)
            }

        self.title = self._line("title", N_("Title"))
        self.programme = self._box(
            "programme_id",
            N_("Programme"),
            [none_choice(), *((p.id, _named(p.name_ar, p.name_fr)) for p in self._programmes())],
        )
        self.kind = self._box(
            "kind", N_("Kind"), [(k.value, translated(KIND_LABELS[k])) for k in ActivityKind]
        )
        self.date = DateEdit(self, clock.today())
        self.date.setObjectName("starts_at")
        self.time = set_field_direction(QTimeEdit(self))
        self.time.setObjectName("start_time")
        self.time.setDisplayFormat("HH:mm")
        self.time.setTime(QTime(9, 0))
        when = QWidget(self)
        row = QHBoxLayout(when)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date, 2)
        row.addWidget(self.time, 1)
        when.setFocusProxy(self.date)  # a refused date or time: the date gets the focus
        self._add("starts_at", N_("Date and time"), when, "date", "ends_at")
        self.place = self._line("place", N_("Place"))
        self.where = PlacePicker(self)
        self._add("commune", N_("Region, province, commune"), self.where, "region_code", "province")
        self.description = QPlainTextEdit(self)
        self.description.setObjectName("description")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self._add("description", N_("Description"), self.description)
        self.partners = self._line("partners", N_("Partners"))
        self.cost = self._line("cost", N_("Cost (MAD)"))
        # An amount is typed left to right, figures on the right, as the books' forms do.
        self.cost.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.cost.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        self.cost.setPlaceholderText("1 250,00")
        self.project = self._box(
            "project_id",
            N_("Project"),
            [none_choice(), *((p.id, _named(p.name_ar, p.name_fr)) for p in self.choices.projects)],
        )
        self.request = self._box(
            "funding_request_id",
            N_("Funding request or agreement"),
            [none_choice(), *((r.id, _named(r.name_ar, r.name_fr)) for r in self.choices.requests)],
        )
        self.beneficiaries = BeneficiaryGrid(self)
        self._add("beneficiaries", N_("Beneficiaries"), self.beneficiaries)
        self.volunteers = VolunteerEditor(context, self)
        self._add("volunteers", N_("Volunteers"), self.volunteers)
        self.files = ActivityFiles(
            self.record is None or may_change_activity(context.actor, self.record.logged_by_id),
            self,
        )
        self.files.reader = file_reader(context)
        self.files.set_files(files)
        self._add("attachments", N_("Photos and attendance sheets"), self.files)

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        # A reader sees the activity; who may change it is the service's answer on saving.
        self.save_button.setEnabled(context.can(Permission.ACTIVITIES_WRITE))
        self.cancel_button.clicked.connect(self.reject)
        # The description keeps Enter for its new lines: Ctrl+Enter saves from there too.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        chain: list[QWidget] = [
            self.title,
            self.programme,
            self.kind,
            self.date,
            self.time,
            self.place,
            self.where.region,
            self.where.province,
            self.where.commune,
            self.description,
            self.partners,
            self.cost,
            self.project,
            self.request,
            *self.beneficiaries.chain(),
            *self.volunteers.chain(),
            *self.files.chain(),
            self.save_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

        if self.record is not None:
            self._fill(self.record, names)
            self._refuse_others(context)
        else:
            for member_id in volunteer_ids:
                if member_id in names:
                    # The volunteer logging it was there; the hours are theirs to give.
                    self.volunteers.set_volunteer(member_id, names[member_id], 60)
        self.retranslate()
        self.title.setFocus()

    # --- building ----------------------------------------------------------------------------

    def _programmes(self) -> list[ProgrammeRecord]:
        # The active programmes, and a retired one the activity was logged in (kept on save).
        kept = self.record.programme_id if self.record else None
        return [p for p in self.choices.programmes if p.active or p.id == kept]

    def _add(self, field: str, label: str, editor: QWidget, *aliases: str) -> None:
        row_label = QLabel(self)
        row_label.setBuddy(editor)
        self.form.addRow(row_label, self.errors.wrap(field, editor, *aliases))
        self._rows.append((row_label, label))
        self._field_labels[field] = label

    def _line(self, field: str, label: str) -> QLineEdit:
        editor = set_field_direction(QLineEdit(self), field)
        editor.setObjectName(field)
        self._add(field, label, editor)
        return editor

    def _box(self, field: str, label: str, choices: list[tuple[object, object]]) -> LabelledBox:
        editor = LabelledBox(self)
        editor.setObjectName(field)
        editor.set_choices(choices)  # type: ignore[arg-type]
        self._add(field, label, editor)
        return editor

    def _refuse_others(self, context: AppContext) -> None:
        """An activity another person logged opens for reading to a volunteer: saving is off
        and the form says why (the service would refuse it)."""
        assert self.record is not None
        if may_change_activity(context.actor, self.record.logged_by_id):
            return
        self.save_button.setEnabled(False)
        if context.can(Permission.ACTIVITIES_WRITE):
            try:
                require_own_activity(context.actor, self.record.logged_by_id)
            except PermissionDenied as refused:
                self.errors.show_general(str(refused))

    def _fill(self, record: ActivityRecord, names: dict[int, str]) -> None:
        self.title.setText(record.title)
        self.programme.select(record.programme_id)
        self.kind.select(record.kind.value)
        self.date.set_date(record.starts_at.date())
        self.time.setTime(QTime(record.starts_at.hour, record.starts_at.minute))
        self.place.setText(record.place or "")
        self.where.set_values(record.region_code, record.province, record.commune)
        self.description.setPlainText(record.description or "")
        self.partners.setText(record.partners or "")
        self.cost.setText(format_amount(record.cost) if record.cost is not None else "")
        self.project.select(record.project_id)
        self.request.select(record.funding_request_id)
        self.beneficiaries.set_counts({(g, a): n for g, a, n in record.beneficiaries})
        for member_id, minutes in record.volunteers:
            self.volunteers.set_volunteer(member_id, names.get(member_id, str(member_id)), minutes)

    # --- language ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Log an activity") if self.record is None else _("Activity"))
        for label, text in self._rows:
            label.setText(_(text))
        for box in (self.programme, self.kind, self.project, self.request):
            box.retranslate()
        self.title.setPlaceholderText(_("What was done, in a few words"))
        self.place.setPlaceholderText(_("Youth centre, school, village square…"))
        self.partners.setPlaceholderText(_("Commune, school, association… separated by commas"))
        self.save_button.setText(_("Save"))
        self.cancel_button.setText(_("Cancel"))

    # --- saving ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # Enter saves from any field, a combo box's included (which would keep the key).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
            return
        super().keyPressEvent(event)

    def data(self) -> ActivityData:
        day = self.date.date("starts_at", required=True)
        time = self.time.time()
        region, province, commune = self.where.values()
        kind = self.kind.currentData()
        return ActivityData(
            title=self.title.text(),
            kind=ActivityKind(kind) if kind else ActivityKind.OTHER,
            starts_at=dt.datetime.combine(day, dt.time(time.hour(), time.minute())),
            ends_at=None,
            place=self.place.text(),
            commune=commune,
            province=province,
            region_code=region,
            description=self.description.toPlainText(),
            partners=self.partners.text(),
            cost=self.cost.text(),  # read by the service as typed
            programme_id=self.programme.currentData(),
            project_id=self.project.currentData(),
            funding_request_id=self.request.currentData(),
            beneficiaries=self.beneficiaries.counts(),
            volunteers=self.volunteers.volunteers(),
        )

    def _write(self, session: Session) -> ActivityRecord:
        data = self.data()
        actor = self.context.actor
        self.files.check()  # a wrong file refuses the save before anything is written
        if self.record is None:
            created = create_activity(session, actor, data)
            self.files.apply(session, actor, created.id)
            return created
        changes = {name: getattr(data, name) for name in data.__dataclass_fields__}
        # The end is not on the form: the activity keeps its length when its start moves.
        ends = self.record.ends_at
        if ends is not None and data.starts_at is not None:
            ends = data.starts_at + (ends - self.record.starts_at)
        changes["ends_at"] = ends
        changed = update_activity(
            session,
            actor,
            self.record.id,
            self.record.version,
            overwrite=self._overwrite,
            **changes,
        )
        self.files.apply(session, actor, changed.id)
        return changed

    def _run(self) -> Written[ActivityRecord] | None:
        return run_write(
            self.context,
            self._write,
            changes={Change.ACTIVITIES},
            errors=self.errors,
            failure=self._refused,
            initiator=self,
        )

    def keeps_conflict(self) -> bool:
        return self.record is not None  # a new record meets no one else's save

    def save(self) -> bool:
        if not self.save_button.isEnabled():
            return False
        self.errors.clear()
        done = self._run()
        conflict = self.take_conflict()
        if done is None and conflict is not None and self.record is not None:
            done = self._resolve(conflict, self.record)
        if done is None:
            return False
        self.record = done.value
        self.saved.emit(done.value)
        self.accept()
        return True

    # --- someone else saved it meanwhile -----------------------------------------------------

    def _resolve(
        self, conflict: ConflictError, record: ActivityRecord
    ) -> Written[ActivityRecord] | None:
        """Someone else saved the activity since it was opened here: what differs, then reload
        theirs, save over it (confirmed) or keep editing (ui/common/conflict_dialog.py)."""
        mine = self.volunteers.volunteers()
        with self.context.database.session() as session:
            stored = get_activity(session, self.context.actor, record.id)
            ids = sorted({*mine, *(m for m, _minutes in stored.volunteers)})
            lang = current_language()
            names = {
                r.id: list_item(r.name(lang), r.number)
                for r in member_rows(session, self.context.actor, ids)
            }
        dialog = ConflictDialog(str(conflict), self._differences(stored, names), self)
        # A volunteer's name as a field, counts by gender and age: wider and taller than a
        # member's few fields (up to a dozen rows without scrolling).
        rows = min(dialog.table.rowCount(), 12)
        extra = max(rows - 4, 0) * dialog.table.verticalHeader().defaultSectionSize()
        dialog.setMinimumWidth(self.minimumWidth())
        dialog.setMinimumHeight(dialog.sizeHint().height() + extra)  # over a size it kept
        choice = ask(self, dialog)
        if choice == RELOAD:
            self.record = stored
            self.volunteers.clear()
            self._fill(stored, names)
            return None
        if choice == OVERWRITE:
            self._overwrite = True
            try:
                return self._run()
            finally:
                self._overwrite = False
        self.errors.show_general(_("Not saved: someone else saved this activity meanwhile."))
        return None

    def _differences(self, stored: ActivityRecord, names: dict[int, str]) -> list[Difference]:
        """The fields whose value in the form differs from the stored one, as each is shown."""
        out: list[Difference] = []

        def differ(field: str, label: str, mine: str, theirs: str) -> None:
            if mine != theirs:
                out.append(Difference(field, label, mine, theirs))

        labels = {field: _(text) for field, text in self._field_labels.items()}
        region, province, commune = self.where.values()
        for field, editor, theirs in (
            ("title", self.title, stored.title),
            ("programme_id", self.programme, stored.programme_id),
            ("kind", self.kind, stored.kind),
        ):
            differ(field, labels[field], _value_text(editor), shown(editor, theirs))
        differ("starts_at", labels["starts_at"], self._when_text(), _when(stored.starts_at))
        differ("place", labels["place"], self.place.text().strip(), stored.place or "")
        # Their place as this form would show it (a commune stored in French reads in Arabic
        # in an Arabic window): not a difference when it is the same commune.
        theirs_where = PlacePicker(self)
        theirs_where.hide()
        theirs_where.set_values(stored.region_code, stored.province, stored.commune)
        their_region, their_province, their_commune = theirs_where.values()
        differ(
            "commune",
            labels["commune"],
            _place(shown(self.where.region, region), province, commune),
            _place(shown(self.where.region, their_region), their_province, their_commune),
        )
        theirs_where.deleteLater()
        differ(
            "description",
            labels["description"],
            self.description.toPlainText().strip(),
            stored.description or "",
        )
        differ("partners", labels["partners"], self.partners.text().strip(), stored.partners or "")
        differ("cost", labels["cost"], self._cost_text(), _amount(stored.cost))
        for field, box, theirs in (
            ("project_id", self.project, stored.project_id),
            ("funding_request_id", self.request, stored.funding_request_id),
        ):
            differ(field, labels[field], shown(box, box.currentData()), shown(box, theirs))
        counts = self.beneficiaries.counts()
        stored_counts = {(g, a): n for g, a, n in stored.beneficiaries}
        for gender in COUNTED_GENDERS:
            for band in AgeGroup:
                key = (gender, band)
                differ(
                    "beneficiaries",
                    list_item(_(COUNTED_GENDER_LABELS[gender]), age_band_label(band)),
                    _count(counts.get(key, 0)),
                    _count(stored_counts.get(key, 0)),
                )
        mine = self.volunteers.volunteers()
        theirs_minutes = dict(stored.volunteers)
        for member_id in dict.fromkeys([*mine, *theirs_minutes]):
            differ(
                "volunteers",
                list_item(labels["volunteers"], names.get(member_id, str(member_id))),
                _hours(mine.get(member_id)),
                _hours(theirs_minutes.get(member_id)),
            )
        return out

    def _when_text(self) -> str:
        try:
            day = self.date.date("starts_at")
        except ValidationError:
            return self.date.text().strip()  # as typed: the save refuses it anyway
        if day is None:
            return ""
        time = self.time.time()
        return _when(dt.datetime.combine(day, dt.time(time.hour(), time.minute())))

    def _cost_text(self) -> str:
        try:
            return _amount(clean_cost(self.cost.text()))
        except ValidationError:
            return self.cost.text().strip()  # as typed: the save refuses it anyway


def _value_text(editor: QWidget) -> str:
    if isinstance(editor, QLineEdit):
        return editor.text().strip()
    assert isinstance(editor, LabelledBox)
    return shown(editor, editor.currentData())


def _when(at: dt.datetime) -> str:
    return f"{format_date(at.date())} {at:%H:%M}"


def _place(region: str, province: str | None, commune: str | None) -> str:
    return list_item(*(part for part in (commune, province, region) if part))


def _amount(value: object) -> str:
    return "" if value is None else format_amount(value)  # type: ignore[arg-type]


def _count(value: int) -> str:
    return format_number(value) if value else ""


def _hours(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours = Decimal(minutes) / 60
    return _("{hours} h").format(hours=format_number(hours.quantize(Decimal("0.1"))))


__all__ = ["ActivityDialog", "FormChoices", "read_choices"]
