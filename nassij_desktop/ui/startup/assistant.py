"""The first-run assistant: choose the language, then create an association, open a file, or
explore a demo.

Choosing a language switches the whole application at once (the assistant mirrors itself for
Arabic). Creating writes the association, its logo and the administrator's account in one
transaction through the services; an error the services report is shown next to its field.
"""

from __future__ import annotations

import enum
from pathlib import Path

import sqlalchemy as sa
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from nassij_desktop import paths
from nassij_desktop.core.association.regions import regions
from nassij_desktop.core.association.services import (
    PROFILE_FIELDS,
    AssociationProfile,
    check_logo_file,
)
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.demo.builder import DEMO_PASSWORD
from nassij_desktop.i18n import LANGUAGES, _, current_language, ngettext
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.storage import server
from nassij_desktop.ui.common import dialogs
from nassij_desktop.ui.common.authority import fill_authority_kinds
from nassij_desktop.ui.common.base_dialog import Retranslating, add_guide_key
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_open_path, ask_save_path
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.common.operations import Busy, Operation
from nassij_desktop.ui.common.preferences import save_language
from nassij_desktop.ui.common.tables import scroll_with_direction
from nassij_desktop.ui.common.wheel_guard import guard_fields_from_the_wheel
from nassij_desktop.ui.startup.creation import (
    DEMO_MEMBERS,
    NewAssociation,
    create_association_file,
    create_association_on_server,
    create_demo_file,
    demo_path,
)


class PageId(enum.IntEnum):
    LANGUAGE = 0
    CHOICE = 1
    PROFILE = 2
    ADMIN = 3
    OPEN = 4
    DEMO = 5


class Choice(enum.StrEnum):
    NEW = "new"
    OPEN = "open"
    DEMO = "demo"


def suggest_new_path() -> Path:
    """paths.default_database(), or a numbered name beside it if that file exists."""
    first = paths.default_database()
    candidate, number = first, 2
    while candidate.exists():
        candidate = first.with_name(f"{first.stem}-{number}{first.suffix}")
        number += 1
    return candidate


def _error_label(parent: QWidget) -> QLabel:
    """The page's line for a message that is about no one field (under the page)."""
    label = error_label(parent)
    label.setObjectName("error")
    return label


def _row(parent: QWidget, focus: QWidget, *widgets: QWidget) -> QWidget:
    """Widgets side by side as one field (a path and its Browse… button), so that an error
    about the field is shown under the whole row; the focus goes to `focus`."""
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
    row.setFocusProxy(focus)
    return row


class _Page(Retranslating, QWizardPage):
    """A page that sets its strings in `retranslate()`, again after a language switch."""

    final = False  # the last page of its path: Finish instead of Next
    error: QLabel  # the page's line for a message about no one field
    _errors: FieldErrors | None = None

    def nextId(self) -> int:  # noqa: N802 - Qt override
        return -1 if self.final else super().nextId()

    def retranslate(self) -> None:
        raise NotImplementedError

    @property
    def errors(self) -> FieldErrors:
        """The page's errors: beside their field (`FieldErrors.wrap`, as every form of the
        window), else on the page's own line."""
        if self._errors is None:
            self._errors = FieldErrors(self.error)
        return self._errors

    def show_error(self, message: str, field: str | None = None) -> None:
        """`message` under `field` (and the focus there), or on the page's line when no field
        of the page has that name; "" takes every message away."""
        self.errors.clear()
        if message:
            self.errors.show_message(field, message)


class LanguagePage(_Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(12)
        self.buttons: dict[str, QRadioButton] = {}
        for lang, name in LANGUAGES.items():
            button = QRadioButton(name, self)  # each language in its own name and script
            button.setObjectName(f"language-{lang}")
            font = button.font()
            font.setPointSize(font.pointSize() + 4)
            button.setFont(font)
            self.group.addButton(button)
            self.buttons[lang] = button
            layout.addWidget(button)
            button.toggled.connect(lambda on, code=lang: self.choose(code) if on else None)
        layout.addStretch()
        self.error = _error_label(self)
        self.buttons.get(current_language(), self.buttons["ar"]).setChecked(True)
        self.retranslate()

    def choose(self, lang: str) -> None:
        if lang != current_language():
            apply_language(lang)
        save_language(lang)

    def retranslate(self) -> None:
        self.setTitle(_("Welcome to Nassij Desktop"))
        self.setSubTitle(_("Choose the language of the application. You can change it later."))
        self.intro.setText(
            _("Nassij Desktop keeps your association's records on this computer, without internet.")
        )


class ChoicePage(_Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        self.options: dict[Choice, tuple[QRadioButton, QLabel]] = {}
        for choice in Choice:
            button = QRadioButton(self)
            button.setObjectName(f"choice-{choice.value}")
            font = button.font()
            font.setBold(True)
            button.setFont(font)
            hint = QLabel(self)
            hint.setWordWrap(True)
            hint.setIndent(24)
            self.group.addButton(button)
            layout.addWidget(button)
            layout.addWidget(hint)
            layout.addSpacing(10)
            self.options[choice] = (button, hint)
        # A shared database on a server is not a next page: its own dialog, then it opens.
        self.server_button = QPushButton(self)
        self.server_button.setObjectName("connect-server")
        self.server_button.clicked.connect(self.connect_to_server)
        self.server_hint = QLabel(self)
        self.server_hint.setWordWrap(True)
        layout.addWidget(self.server_button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addWidget(self.server_hint)
        layout.addStretch()
        self.error = _error_label(self)
        self.options[Choice.NEW][0].setChecked(True)
        self.retranslate()

    def connect_to_server(self) -> None:
        """The "Connect to a shared database" dialog; once connected, the assistant ends
        with the server's database to open (`FirstRunAssistant.result_server`)."""
        from nassij_desktop.ui.startup.server_dialog import ServerDialog

        dialog = ServerDialog(self)
        if dialog.exec() == ServerDialog.DialogCode.Accepted and dialog.result_url is not None:
            wizard = self.wizard()
            assert isinstance(wizard, FirstRunAssistant)
            if dialog.result_create:  # an empty database: the association's form, for it
                wizard.server_target = dialog.result_url
                wizard.next()
            else:
                wizard.result_server = dialog.result_url
                wizard.accept()
        dialog.deleteLater()

    def choice(self) -> Choice:
        for choice, (button, _hint) in self.options.items():
            if button.isChecked():
                return choice
        return Choice.NEW

    def select(self, choice: Choice) -> None:
        self.options[choice][0].setChecked(True)

    def nextId(self) -> int:  # noqa: N802 - Qt override
        wizard = self.wizard()
        if isinstance(wizard, FirstRunAssistant) and wizard.server_target is not None:
            return PageId.PROFILE
        return {
            Choice.NEW: PageId.PROFILE,
            Choice.OPEN: PageId.OPEN,
            Choice.DEMO: PageId.DEMO,
        }[self.choice()]

    def retranslate(self) -> None:
        self.setTitle(_("What would you like to do?"))
        self.setSubTitle(_("Everything is kept in one file that you can copy and back up."))
        texts = {
            Choice.NEW: (
                _("Create a new association"),
                _("Enter your association's details and create the administrator's account."),
            ),
            Choice.OPEN: (
                _("Open an existing file"),
                _("A file made with Nassij Desktop on this or another computer, or a backup."),
            ),
            Choice.DEMO: (
                _("Explore a demo association"),
                ngettext(
                    "An invented association with about {count} member, to try the "
                    "application. Never use it for real records.",
                    "An invented association with about {count} members, to try the "
                    "application. Never use it for real records.",
                    DEMO_MEMBERS,
                ).format(count=DEMO_MEMBERS),
            ),
        }
        for choice, (title, hint) in texts.items():
            button, label = self.options[choice]
            button.setText(title)
            label.setText(hint)
        self.server_button.setText(_("Connect to a shared database…"))
        self.server_hint.setText(
            _("The association's data on a PostgreSQL server, shared by several computers.")
        )


class ProfilePage(_Page):
    """The association's profile and where its file goes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = set_field_direction(QLineEdit(self), "path")
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._choose_path)

        self.name_ar = set_field_direction(QLineEdit(self), "name_ar")
        self.name_fr = set_field_direction(QLineEdit(self), "name_fr")
        self.city = QLineEdit(self)
        self.region = QComboBox(self)
        self.authority_kind = QComboBox(self)
        self.authority_kind.setObjectName("authority_kind")
        self.authority_place = QLineEdit(self)
        self.authority_place.setObjectName("authority_place")
        self.address_ar = set_field_direction(QLineEdit(self), "address_ar")
        self.address_fr = set_field_direction(QLineEdit(self), "address_fr")
        self.phone = set_field_direction(QLineEdit(self), "phone")
        self.email = set_field_direction(QLineEdit(self), "email")
        self.receipt_number = set_field_direction(QLineEdit(self), "receipt_number")
        self.receipt_date = DateEdit(self, clock.today())
        self.receipt_date.setEnabled(False)
        self.receipt_number.textChanged.connect(
            lambda text: self.receipt_date.setEnabled(bool(text.strip()))
        )
        self.logo_path: Path | None = None
        self.logo_preview = QLabel(self)
        self.logo_preview.setFixedSize(56, 56)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("QLabel { border: 1px solid palette(mid); }")
        self.logo_button = QPushButton(self)
        self.logo_button.clicked.connect(self._choose_logo)

        form_widget = QWidget(self)
        self.form = QFormLayout(form_widget)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        # Each editor by the name the services give its field: an error is shown under it.
        self.fields: dict[str, QWidget] = {
            "path": self.path,
            "name_ar": self.name_ar,
            "name_fr": self.name_fr,
            "city": self.city,
            "region_code": self.region,
            "authority_kind": self.authority_kind,
            "authority_place": self.authority_place,
            "address_ar": self.address_ar,
            "address_fr": self.address_fr,
            "phone": self.phone,
            "email": self.email,
            "receipt_number": self.receipt_number,
            "receipt_date": self.receipt_date,
            "logo": self.logo_button,
        }
        # A path and its Browse… button, the logo and its button: one row, one message.
        shown = dict(self.fields)
        shown["path"] = _row(form_widget, self.path, self.path, self.browse)
        shown["logo"] = _row(form_widget, self.logo_button, self.logo_preview, self.logo_button)
        shown["logo"].layout().addStretch()  # type: ignore[union-attr]
        self.error = _error_label(self)
        self.rows: list[tuple[QWidget, QLabel]] = []
        for name, field in shown.items():
            label = QLabel(form_widget)
            self.form.addRow(label, self.errors.wrap(name, field))
            self.rows.append((field, label))
        scroll = QScrollArea(self)
        scroll.setWidget(form_widget)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroller = scroll
        scroll_with_direction(scroll)
        guard_fields_from_the_wheel(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        for edit in (self.path, self.name_ar, self.name_fr):
            edit.textChanged.connect(self.completeChanged)
        self.retranslate()

    def show_error(self, message: str, field: str | None = None) -> None:
        super().show_error(message, field)
        label = self.errors.label(field or "")
        if message and label is not None:  # the field and its message in sight
            self.scroller.ensureWidgetVisible(label.parentWidget() or label)

    def server_target(self) -> sa.URL | None:
        """The server database the association is created in (None: a new file)."""
        wizard = self.wizard()
        return wizard.server_target if isinstance(wizard, FirstRunAssistant) else None

    def retranslate(self) -> None:
        self.setTitle(_("Your association"))
        names = _(
            "The names are required in Arabic and in French; the rest can be completed later."
        )
        target = self.server_target()
        if target is not None:
            names = _(
                "The association is created in the shared database ({place}). {names}"
            ).format(place=server.place_text(target), names=names)
        self.setSubTitle(names)
        labels = (
            _("File"),
            _("Name in Arabic"),
            _("Name in French"),
            _("City"),
            _("Region"),
            _("Local authority"),
            _("Named after"),
            _("Address in Arabic"),
            _("Address in French"),
            _("Phone"),
            _("E-mail"),
            _("Definitive receipt number"),
            _("Date of the receipt"),
            _("Logo"),
        )
        for (_field, label), text in zip(self.rows, labels, strict=True):
            label.setText(text)
        self.browse.setText(_("Browse…"))
        self.logo_button.setText(_("Choose an image…") if self.logo_path is None else _("Change…"))
        self.name_ar.setPlaceholderText("جمعية …")
        self.name_fr.setPlaceholderText("Association …")
        self.phone.setPlaceholderText("05 28 00 00 00")
        self.receipt_number.setPlaceholderText(_("Récépissé définitif issued by the authority"))
        fill_authority_kinds(self.authority_kind)
        self.authority_place.setPlaceholderText(_("The commune of the seat, if left empty"))
        selected = self.region.currentData()
        self.region.clear()
        self.region.addItem(_("(not specified)"), None)
        lang = current_language()
        for region in regions():
            self.region.addItem(region.name(lang), region.code)
        self.region.setCurrentIndex(max(0, self.region.findData(selected)))

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        on_server = self.server_target() is not None
        self.form.setRowVisible(0, not on_server)  # a server's database has no file
        self.retranslate()
        if not on_server and not self.path.isModified():  # a free name, unless one was typed
            self.path.setText(str(suggest_new_path()))

    def cleanupPage(self) -> None:  # noqa: N802 - Qt override
        # Back to the choice: the server's empty database is no longer the target.
        wizard = self.wizard()
        if isinstance(wizard, FirstRunAssistant) and wizard.startId() != PageId.PROFILE:
            wizard.server_target = None

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        edits: tuple[QLineEdit, ...] = (self.name_ar, self.name_fr)
        if self.server_target() is None:
            edits = (self.path, *edits)
        return all(e.text().strip() for e in edits)

    def _choose_path(self) -> None:
        target = ask_save_path(
            self, FileKind.ASSOCIATION, _("New association file"), self.path.text()
        )
        if target is not None:
            self.path.setText(str(target))
            self.path.setModified(True)

    def _choose_logo(self) -> None:
        source = ask_open_path(self, FileKind.LOGOS, _("Logo of the association"))
        if source is not None:
            self.set_logo(source)

    def set_logo(self, path: Path) -> bool:
        try:
            check_logo_file(path.name)
        except ValidationError as error:
            self.show_error(error.message, "logo")
            return False
        pixmap = QPixmap(str(path))
        if pixmap.isNull():
            self.show_error(_("This file is not an image that can be read."), "logo")
            return False
        self.logo_path = path
        self.logo_preview.setPixmap(
            pixmap.scaled(
                self.logo_preview.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.show_error("")
        self.retranslate()
        return True

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        if self.server_target() is None and not self._path_is_free():
            return False
        if self.receipt_number.text().strip():
            try:
                self.receipt_date.date("receipt_date", required=True)
            except ValidationError as error:
                self.show_error(error.message, error.field)
                return False
        self.show_error("")
        return True

    def _path_is_free(self) -> bool:
        path = Path(self.path.text().strip()).expanduser()
        if path.exists():
            self.show_error(
                _("A file already exists at {path}. Choose another name.").format(
                    path=isolate(str(path), "ltr")
                ),
                "path",
            )
            return False
        if not path.parent.is_dir():
            self.show_error(
                _("The folder {folder} does not exist.").format(
                    folder=isolate(str(path.parent), "ltr")
                ),
                "path",
            )
            return False
        return True

    def profile(self) -> AssociationProfile:
        receipt = self.receipt_number.text().strip() or None
        return AssociationProfile(
            name_ar=self.name_ar.text(),
            name_fr=self.name_fr.text(),
            city=self.city.text() or None,
            region_code=self.region.currentData(),
            authority_kind=self.authority_kind.currentData(),
            authority_place=self.authority_place.text() or None,
            address_ar=self.address_ar.text() or None,
            address_fr=self.address_fr.text() or None,
            phone=self.phone.text() or None,
            email=self.email.text() or None,
            receipt_number=receipt,
            receipt_date=self.receipt_date.date("receipt_date") if receipt else None,
            default_language=current_language() if current_language() != "en" else "fr",
        )


class AdminPage(_Page):
    """The administrator's account; finishing here creates the file."""

    final = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.login = set_field_direction(QLineEdit("admin", self), "login")
        self.full_name = QLineEdit(self)
        self.password = set_field_direction(QLineEdit(self), "password")
        self.password_again = set_field_direction(QLineEdit(self), "password_again")
        for edit in (self.password, self.password_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form = QFormLayout()
        self.labels = [QLabel(self) for _i in range(4)]
        self.fields: dict[str, QWidget] = {
            "login": self.login,
            "full_name": self.full_name,
            "password": self.password,
            "password_again": self.password_again,
        }
        self.error = _error_label(self)
        for label, (name, editor) in zip(self.labels, self.fields.items(), strict=True):
            self.form.addRow(label, self.errors.wrap(name, editor))
        for edit in (self.login, self.full_name, self.password, self.password_again):
            edit.textChanged.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addStretch()
        layout.addWidget(self.error)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Administrator's account"))
        self.setSubTitle(_("The person who will manage the file and the other users' accounts."))
        self.intro.setText(
            _(
                "Keep this password safe: without it, nobody can open the file as administrator. "
                "At least 8 characters."
            )
        )
        for label, text in zip(
            self.labels,
            (_("Login"), _("Full name"), _("Password"), _("Password again")),
            strict=True,
        ):
            label.setText(text)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return all(
            e.text() for e in (self.login, self.full_name, self.password, self.password_again)
        )

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        if self.password.text() != self.password_again.text():
            self.show_error(_("The two passwords are not the same."), "password_again")
            return False
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunAssistant)
        return wizard.create_association()


class OpenPage(_Page):
    final = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.path = set_field_direction(QLineEdit(self), "path")
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._choose)
        self.error = _error_label(self)
        row = self.errors.wrap("path", _row(self, self.path, self.path, self.browse))
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(row)
        layout.addStretch()
        layout.addWidget(self.error)
        self.path.textChanged.connect(self.completeChanged)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Open an existing file"))
        self.setSubTitle(_("Choose the association's file (.sqlite)."))
        self.intro.setText(
            _("A file from a USB stick or a shared folder can be opened directly; keep a backup.")
        )
        self.browse.setText(_("Browse…"))

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return bool(self.path.text().strip())

    def _choose(self) -> None:
        # The first time, where the app keeps the files it creates.
        source = ask_open_path(
            self, FileKind.ASSOCIATION, _("Open an association file"), fallback=paths.data_dir()
        )
        if source is not None:
            self.path.setText(str(source))

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        path = Path(self.path.text().strip()).expanduser()
        if not path.is_file():
            self.show_error(
                _("The file {path} does not exist.").format(path=isolate(str(path), "ltr")),
                "path",
            )
            return False
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunAssistant)
        wizard.result_path = path.resolve()
        return True


class DemoPage(_Page):
    final = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setObjectName("demo-notice")
        self.notice.setStyleSheet(
            "QLabel { border: 1px solid #e0a800; background: #fff8e1; color: #5d4200;"
            " padding: 10px; }"
        )
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = _error_label(self)
        self.operation: Operation[Path] | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addSpacing(8)
        layout.addWidget(self.details)
        layout.addStretch()
        layout.addWidget(self.error)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Explore a demo association"))
        self.setSubTitle(_("Everything in it is invented."))
        self.notice.setText(
            ngettext(
                "This is a DEMO: the association, its {count} member, its board, assemblies, "
                "dues and books are invented. Do not enter real records in it.",
                "This is a DEMO: the association, its {count} members, its board, assemblies, "
                "dues and books are invented. Do not enter real records in it.",
                DEMO_MEMBERS,
            ).format(count=DEMO_MEMBERS)
        )
        where = _("It will be created in a new file: {path}").format(
            path=isolate(str(demo_path()), "ltr")
        )
        how = _("Log in as “{login}” with the password “{password}”.").format(
            login=isolate("admin", "ltr"), password=isolate(DEMO_PASSWORD, "ltr")
        )
        self.details.setText(f"{where}\n\n{how}")

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """Finish starts the demo on a worker and stays; once it is written, the assistant is
        accepted (QWizard asks this page again, and the answer is then yes)."""
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunAssistant)
        if wizard.result_choice is Choice.DEMO and wizard.result_path is not None:
            return True
        if self.operation is None or self.operation.done:
            self.show_error("")
            path = demo_path()
            self.operation = Operation(
                self,
                lambda progress: create_demo_file(path, progress=progress),
                label=_("Creating the demo association…"),
                cancellable=True,
            )
            self.operation.success(self._created).failure(lambda e: self.show_error(str(e)))
            if not self.operation.run_in_background():
                self.operation = None
        return False

    def _created(self, path: Path) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunAssistant)
        wizard.result_path = path
        wizard.result_choice = Choice.DEMO
        wizard.accept()


class FirstRunAssistant(Retranslating, QWizard):
    """`exec()`; when accepted, `result_path` is the file to open and `result_choice` says
    whether it was created, chosen or is a demo, or `result_server` the shared database.

    `server`: an empty database on a server (the server dialog found it so), where the
    association is created: the assistant starts at its form, without a file to choose."""

    GUIDE_CHAPTER = "02-first-run"  # F1 (base_dialog.add_guide_key)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        ask_language: bool = True,
        server: sa.URL | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("first-run-assistant")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        add_guide_key(self, self.GUIDE_CHAPTER)
        self.result_path: Path | None = None
        self.result_choice: Choice | None = None
        # The administrator just created: the file opens signed in as them, without asking
        # again for what was typed a page before (login, password).
        self.result_credentials: tuple[str, str] | None = None
        # A shared database on a server (ChoicePage's "Connect to a shared database…"), its
        # password in it when one was typed: opened instead of a file.
        self.result_server: sa.URL | None = None
        # The server's empty database the new association goes into, instead of a new file.
        self.server_target: sa.URL | None = server
        self.operation: Operation[None] | None = None  # the creation on the server, running
        # A page made but not added would be drawn over the others (its radio buttons
        # still switching the language): made only when it is asked.
        self.language_page = LanguagePage(self) if ask_language else None
        self.choice_page = ChoicePage(self)
        self.profile_page = ProfilePage(self)
        self.admin_page = AdminPage(self)
        self.open_page = OpenPage(self)
        self.demo_page = DemoPage(self)
        if self.language_page is not None:
            self.setPage(PageId.LANGUAGE, self.language_page)
        self.setPage(PageId.CHOICE, self.choice_page)
        self.setPage(PageId.PROFILE, self.profile_page)
        self.setPage(PageId.ADMIN, self.admin_page)
        self.setPage(PageId.OPEN, self.open_page)
        self.setPage(PageId.DEMO, self.demo_page)
        self.setStartId(
            PageId.PROFILE
            if server is not None
            else PageId.LANGUAGE
            if ask_language
            else PageId.CHOICE
        )
        self.resize(760, 600)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Nassij Desktop"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("Next"))
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Create"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))

    def done(self, result: int) -> None:
        # A demo being written is cancelled from its progress dialog, not by closing under it.
        if Busy.of(self).running:
            return
        super().done(result)

    def create_association(self) -> bool:
        """Write the new file; on an error, show it beside its field and stay."""
        profile_page, admin_page = self.profile_page, self.admin_page
        request = NewAssociation(
            path=Path(profile_page.path.text().strip()).expanduser(),
            profile=profile_page.profile(),
            admin_login=admin_page.login.text(),
            admin_name=admin_page.full_name.text(),
            admin_password=admin_page.password.text(),
            logo=profile_page.logo_path,
            language=current_language(),
        )
        if self.server_target is not None:
            return self._create_on_server(self.server_target, request)
        try:
            with dialogs.busy():
                self.result_path = create_association_file(request)
        except NassijError as exc:
            self._creation_failed(exc)
            return False
        self.result_choice = Choice.NEW
        self.result_credentials = (request.admin_login, request.admin_password)
        return True

    def _create_on_server(self, target: sa.URL, request: NewAssociation) -> bool:
        """The server's database: migrations, administrator and association (one
        transaction) on a worker, with its progress; the assistant stays, responsive, and is
        accepted once it is done (QWizard asks the page again, and the answer is then yes)."""
        if self.result_server is not None:
            return True
        if self.operation is not None and not self.operation.done:
            return False
        self.admin_page.show_error("")
        operation: Operation[None] = Operation(
            self,
            lambda progress: create_association_on_server(target, request, progress),
            label=_("Creating the association on the server…"),
        )
        operation.success(lambda _none: self._created_on_server(target, request))
        operation.failure(self._creation_failed)
        self.operation = operation if operation.run_in_background() else None
        return False

    def _created_on_server(self, target: sa.URL, request: NewAssociation) -> None:
        self.result_server = target
        self.result_choice = Choice.NEW
        self.result_credentials = (request.admin_login, request.admin_password)
        self.accept()

    def _creation_failed(self, exc: NassijError) -> None:
        """On an error, show it beside its field (on the previous page if it is there)."""
        admin_page, profile_page = self.admin_page, self.profile_page
        if isinstance(exc, ValidationError) and (
            exc.field in PROFILE_FIELDS or exc.field in profile_page.fields
        ):
            # The mistake is on the previous page: go back there and show it by its field.
            field, message = exc.field, exc.message
            QTimer.singleShot(0, lambda: self._back_to_profile(message, field))
        elif isinstance(exc, ValidationError):
            admin_page.show_error(exc.message, exc.field)
        else:
            admin_page.show_error(str(exc))

    def _back_to_profile(self, message: str, field: str | None) -> None:
        while self.currentId() not in (PageId.PROFILE, -1) and self.currentId() != self.startId():
            self.back()
        self.profile_page.show_error(message, field)
