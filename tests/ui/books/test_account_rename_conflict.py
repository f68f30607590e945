"""Renaming an account someone else renamed meanwhile: the conflict dialog shows both names;
reloading puts theirs in the form and nothing of this one is saved."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from nassij_desktop.core.books.accounts import list_accounts, rename_account
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.storage import Database
from nassij_desktop.ui.books.chart_dialog import AccountForm
from nassij_desktop.ui.common.conflict_dialog import ConflictDialog
from nassij_desktop.ui.common.context import AppContext

pytestmark = [pytest.mark.gui]
TREASURER = Actor(user_id=None, login="mouna", role=Role.TREASURER)


def test_an_account_renamed_meanwhile_shows_the_conflict_and_reloads_theirs(
    qtbot, database: Database, modal
) -> None:
    with database.session() as session:
        [account] = [
            a for a in list_accounts(session, TREASURER, account_class=6) if a.number == "6125"
        ]
    form = AccountForm(AppContext(database, TREASURER), account, rename=True)
    qtbot.addWidget(form)
    form.show()
    form.labels.fr.setText("Achats divers")
    with database.transaction() as session:  # someone else, on another computer, first
        rename_account(session, TREASURER, "6125", account.label_ar, "Achats non stockés")
    shown: list[tuple[str, str, str]] = []

    def reload_theirs(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        shown.extend(widget.row_texts(row) for row in range(widget.table.rowCount()))
        widget.reload_button.click()

    modal.then(reload_theirs)
    assert not form.save()
    assert shown == [("Name in French", "Achats divers", "Achats non stockés")]
    assert form.labels.fr.text() == "Achats non stockés" and form.isVisible()
    assert form.save()  # their version now: saved without a conflict
