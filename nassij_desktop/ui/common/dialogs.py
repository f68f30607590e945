"""Message boxes every screen shares: errors the user can act on, questions, notices.

A `NassijError` already carries a translated message; these dialogs give it a title that says
what kind of problem it is, and never show a traceback. Every text reads in the interface's
direction, its paths, numbers and names isolated (`i18n.formatting.bidi_text`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from nassij_desktop.core.common.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    StaleVersion,
    ValidationError,
)
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import bidi_text
from nassij_desktop.storage import errors as storage_errors

# Most specific first: the first matching class names the dialog.
_TITLES: tuple[tuple[type[BaseException], str], ...] = (
    (storage_errors.DatabaseMissing, N_("File not found")),
    (storage_errors.NotADatabase, N_("Not an association file")),
    (storage_errors.NotAnAssociationFile, N_("Not an association file")),
    (storage_errors.DatabaseTooNew, N_("File from a newer version")),
    (storage_errors.DatabaseLocked, N_("File in use")),
    (storage_errors.DatabaseReadOnly, N_("File cannot be written")),
    (storage_errors.MigrationFailed, N_("File update failed")),
    (ValidationError, N_("Check the value")),
    (PermissionDenied, N_("Not allowed")),
    (StaleVersion, N_("Changed elsewhere")),
    (Conflict, N_("Cannot be done")),
    (NotFound, N_("Not found")),
)


def error_title(error: BaseException) -> str:
    for kind, title in _TITLES:
        if isinstance(error, kind):
            return _(title)
    return _("Nassij Desktop")


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    details: str | None = None,
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(bidi_text(text))
    if details:
        box.setInformativeText(bidi_text(details))
    box.setObjectName("nassij-message")
    return box


def show_error(
    parent: QWidget | None, error: BaseException | str, title: str | None = None
) -> None:
    """A modal error with the message the user can act on (str(error) is already translated)."""
    text = str(error)
    heading = title or (error_title(error) if isinstance(error, BaseException) else _("Error"))
    box = message_box(parent, QMessageBox.Icon.Critical, heading, text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def show_info(parent: QWidget | None, text: str, title: str | None = None) -> None:
    box = message_box(parent, QMessageBox.Icon.Information, title or _("Nassij Desktop"), text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def show_warning(parent: QWidget | None, text: str, title: str | None = None) -> None:
    box = message_box(parent, QMessageBox.Icon.Warning, title or _("Nassij Desktop"), text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    accept_text: str,
    *,
    details: str | None = None,
    warning: bool = False,
) -> bool:
    """Ask before doing something; True only if the user chose `accept_text` (Cancel is the
    default button, so Enter does not confirm by accident)."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question
    box = message_box(parent, icon, title, text, details)
    accept = box.addButton(accept_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is accept


SAVE, DISCARD = "save", "discard"  # ask_unsaved's answers (None: cancel, stay)


def ask_unsaved(parent: QWidget | None, text: str) -> str | None:
    """Before leaving text typed and not saved: SAVE, DISCARD, or None (Cancel: stay where the
    text is; the default button, so Enter loses nothing)."""
    box = message_box(parent, QMessageBox.Icon.Warning, _("Not saved"), text)
    save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return SAVE if clicked is save else DISCARD if clicked is discard else None


@contextlib.contextmanager
def busy() -> Iterator[None]:
    """A wait cursor while something slow runs on the UI thread (opening, migrating)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()
