"""What can be done to a draft chosen in the entries list: edit it (the general entry dialog,
loaded with its lines), validate it (numbered then), or delete it. A validated entry offers
none of these (it is corrected by a reversal), and readers never see them."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from nassij_desktop.core.books.entries import EntryRecord, delete_draft, validate_entry
from nassij_desktop.core.books.entry_list import EntryDetail
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.dialogs import confirm
from nassij_desktop.ui.common.feedback import Feedback
from nassij_desktop.ui.common.operations import run_write


class DraftActions(Retranslating, QWidget):
    """Edit, Validate, Delete: shown only for a draft, to those who write the books. Editing
    is the page's (it opens the dialog); validating and deleting are done here."""

    def __init__(
        self, context: AppContext, message: Feedback, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("draft_actions")
        self.context = context
        self.message = message
        self.detail: EntryDetail | None = None
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("edit_draft_button")
        self.validate_button = QPushButton(self)
        self.validate_button.setObjectName("validate_draft_button")
        self.validate_button.clicked.connect(self.validate)
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("delete_draft_button")
        self.delete_button.clicked.connect(self.delete)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.edit_button, self.validate_button, self.delete_button):
            layout.addWidget(button)
        layout.addStretch(1)
        self.retranslate()
        self.show_for(None)

    def retranslate(self) -> None:
        self.edit_button.setText(_("Edit the draft…"))
        self.validate_button.setText(_("Validate"))
        self.validate_button.setToolTip(
            _("The draft is numbered, the next of its journal in its year, and sealed.")
        )
        self.delete_button.setText(_("Delete the draft…"))

    def show_for(self, detail: EntryDetail | None) -> None:
        self.detail = detail
        draft = detail is not None and not detail.validated
        self.setVisible(draft and self.context.can(Permission.BOOKS_WRITE))

    def validate(self) -> EntryRecord | None:
        detail = self.detail
        if detail is None or detail.validated:
            return None
        if not confirm(
            self,
            _("Validate the entry"),
            _(
                "Once validated, the entry is numbered and can no longer be changed or "
                "deleted: only a reversal corrects it. Validate it?"
            ),
            _("Validate"),
        ):
            return None
        done = run_write(
            self.context,
            lambda session: validate_entry(session, self.context.actor, detail.id),
            changes={Change.BOOKS},
            failure=lambda error: self.message.fail(str(error)),
            initiator=self,
        )
        if done is None:
            return None
        code = done.value.code or ""
        self.message.say(lambda: _("Entry validated as {entry}").format(entry=isolate(code, "ltr")))
        return done.value

    def delete(self) -> bool:
        detail = self.detail
        if detail is None or detail.validated:
            return False
        if not confirm(
            self,
            _("Delete the draft"),
            _("Delete the draft “{label}”? It has no number, so no gap is left.").format(
                label=detail.label
            ),
            _("Delete"),
            warning=True,
        ):
            return False
        done = run_write(
            self.context,
            lambda session: delete_draft(session, self.context.actor, detail.id),
            changes={Change.BOOKS},
            failure=lambda error: self.message.fail(str(error)),
            initiator=self,
        )
        if done is None:
            return False
        self.message.say(lambda: _("Draft deleted."))
        return True


__all__ = ["DraftActions"]
