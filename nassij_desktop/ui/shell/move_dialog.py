"""`MoveDialog`: File ▸ "Move this association to a shared database…", an administrator's, on a
file. The server dialog (`ServerDialog`), whose main button says "Move it there": the open
file is copied into an EMPTY PostgreSQL database (`storage/transfer.py::copy_association`,
verified table by table) on a worker thread, with its progress and Cancel. Then the dialog
says what was copied and offers to open the server now (accepted: `result_url`); the file on
this computer stays as it was. A refusal (a database that is not empty, a server that does not
answer) is said in the dialog, which stays open to correct the details.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from PySide6.QtWidgets import QWidget

from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.i18n import _, ngettext
from nassij_desktop.i18n.formatting import format_number
from nassij_desktop.storage import Database, server
from nassij_desktop.ui.common.operations import Operation
from nassij_desktop.ui.startup.server_dialog import ServerDialog

if TYPE_CHECKING:  # the copy's module (migrations, alembic) is imported when it runs
    from nassij_desktop.storage.transfer import TransferReport


def copied_text(report: TransferReport, url: sa.URL) -> str:
    """ "53 tables, 7 968 rows, verified", in a sentence saying where."""
    tables = ngettext("{count} table", "{count} tables", len(report.tables)).format(
        count=format_number(len(report.tables))
    )
    rows = ngettext("{count} row", "{count} rows", report.rows).format(
        count=format_number(report.rows)
    )
    return _(
        "The association was copied to {target}: {tables}, {rows}, verified. The file on "
        "this computer stays as it was. Open the shared database now?"
    ).format(target=server.place_text(url), tables=tables, rows=rows)


class MoveDialog(ServerDialog):
    def __init__(self, database: Database, actor: Actor, parent: QWidget | None = None) -> None:
        self.source = database
        self.actor = actor
        self.report: TransferReport | None = None  # the TransferReport, once moved
        self.move_operation: Operation[TransferReport] | None = None
        super().__init__(parent)
        self.setObjectName("move-dialog")
        self.remember.setChecked(False)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Move this association to a shared database"))
        if self.report is None:
            self.intro.setText(
                _(
                    "The association is copied into an empty database on a PostgreSQL server, "
                    "which several computers can then use at once. Ask whoever set the server "
                    "up for an empty database and these details. The file on this computer "
                    "stays as it was."
                )
            )
            self.connect_button.setText(_("Move it there"))
        else:
            self.intro.setText(copied_text(self.report, self.result_url or self.settings().url()))
            self.connect_button.setText(_("Open it now"))
            self.cancel_button.setText(_("Close"))

    def _tested(self, found: server.ServerCheck) -> None:
        self._say(self._move_state(found), ok=found.state == "empty")
        self.grow_to_fit()

    @staticmethod
    def _move_state(found: server.ServerCheck) -> str:
        if found.state == "empty":
            return _(
                "Connected (PostgreSQL {version}). The database is empty: the association "
                "can be moved there."
            ).format(version=found.server_version)
        if found.state == "unset":
            return _(
                "Connected (PostgreSQL {version}), but this database already has the "
                "structure of an association (its tables): moving needs an empty database."
            ).format(version=found.server_version)
        return _(
            "Connected (PostgreSQL {version}), but this database already holds an "
            "association: moving needs an empty database."
        ).format(version=found.server_version)

    def connect_to_server(self) -> Operation[server.ServerCheck] | None:
        """The main button: "Move it there", then, once moved, "Open it now"."""
        if self.report is not None:
            self._open_now()
            return None
        self.move_there()
        return None

    def move_there(self) -> Operation[TransferReport] | None:
        """Copy the open file into the server's database, off the GUI thread (Cancel keeps
        nothing); None: nothing was started."""
        settings = self._validated()
        if settings is None:
            return None
        if self.move_operation is not None and self.move_operation.running:
            return None
        database, actor, url = self.source, self.actor, settings.url()

        def work(progress: Progress) -> TransferReport:
            from nassij_desktop.storage.transfer import copy_association

            server.check_server(url)  # a server that does not answer: said in one sentence
            return copy_association(database, url, progress, actor=actor)

        label = _("Moving the association to the server…")
        operation: Operation[TransferReport] = Operation(self, work, label=label, cancellable=True)
        operation.success(self._moved)
        operation.failure(lambda error: self._say(str(error), ok=False))
        operation.always(lambda: self._set_enabled(True))
        self._set_enabled(False)
        self._say(label)
        self.move_operation = operation
        return operation if operation.run_in_background() else None

    def _moved(self, report: TransferReport) -> None:
        self.report = report
        self.result_url = self.settings().url()
        for widget in (self.host, self.port, self.database, self.user, self.password, self.tls):
            widget.setEnabled(False)
        self.test_button.hide()
        self._say("")
        self.retranslate()

    def _open_now(self) -> None:
        settings = self.settings()
        if self.remember.isChecked() and settings.password:
            server.remember_password(settings.url(), settings.password)
        self.accept()
