"""The one write path of the screens (ui/common/operations.py `run_write`): one transaction,
the service's ValidationError under the field it names, a failure of the disk as a sentence,
and the set of what changed broadcast once."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from sqlalchemy.orm import Session

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.core.members.records import MemberRecord
from nassij_desktop.core.members.search import count_members
from nassij_desktop.core.members.services import MemberData, create_member, list_dues, record_dues
from nassij_desktop.storage import Database
from nassij_desktop.storage.failures import disk_full_message
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write

pytestmark = [pytest.mark.gui]
TREASURER = Actor(user_id=None, login="amina", role=Role.SECRETARY)  # members and dues
TODAY = clock.today()


class Form(QWidget):
    """A dues form as the dialogs build theirs: an editor per field, their message lines."""

    def __init__(self) -> None:
        super().__init__()
        self.general = error_label(self)
        self.errors = FieldErrors(self.general)
        self.amount = QLineEdit(self)
        self.errors.wrap("amount", self.amount)


def _member(session: Session, name: str = "Khadija") -> MemberRecord:
    return create_member(
        session,
        TREASURER,
        MemberData(last_name_lat="El Idrissi", first_name_lat=name, join_date=TODAY),
    )


@pytest.fixture
def context(database: Database) -> AppContext:
    return AppContext(database, TREASURER)


@pytest.fixture
def announced(context: AppContext) -> list[object]:
    seen: list[object] = []
    context.signals.data_changed.connect(seen.append)
    return seen


@pytest.fixture
def form(qtbot: QtBot) -> Form:
    form = Form()
    qtbot.addWidget(form)
    form.show()
    return form


def test_a_write_is_committed_returned_and_announced_once(
    context: AppContext, announced: list[object], form: Form
) -> None:
    with context.database.transaction() as session:
        member = _member(session)
    done = run_write(
        context,
        lambda s: record_dues(
            s, TREASURER, member.id, TODAY.year, 15_000, TODAY, PaymentMethod.CASH
        ),
        changes={Change.DUES, Change.BOOKS},
        errors=form.errors,
    )
    assert done is not None and done.value.amount == 15_000
    assert announced == [frozenset({Change.DUES, Change.BOOKS})]
    assert form.errors.messages() == {}
    with context.database.session() as session:
        assert [d.year for d in list_dues(session, TREASURER, member.id)] == [TODAY.year]


def test_a_validation_error_lands_under_its_field_and_nothing_is_announced(
    context: AppContext, announced: list[object], form: Form
) -> None:
    with context.database.transaction() as session:
        member = _member(session)
    done = run_write(
        context,
        lambda s: record_dues(s, TREASURER, member.id, TODAY.year, 0, TODAY, PaymentMethod.CASH),
        changes={Change.DUES},
        errors=form.errors,
    )
    assert done is None
    messages = form.errors.messages()
    assert list(messages) == ["amount"] and messages["amount"]
    assert form.errors.label("amount") is not None
    assert form.errors.label("amount").isVisible()  # type: ignore[union-attr]
    assert not form.general.isVisible()
    assert announced == []
    with context.database.session() as session:
        assert list_dues(session, TREASURER, member.id) == []


def test_a_full_disk_becomes_a_sentence_and_the_whole_write_is_rolled_back(
    context: AppContext, announced: list[object], form: Form
) -> None:
    with context.database.session() as session:
        before = count_members(session, TREASURER)

    def write(session: Session) -> MemberRecord:
        _member(session, "Amina")  # written, then undone with the rest
        # The file may not grow by one page more: SQLite answers "database or disk is full".
        pages = session.execute(text("PRAGMA page_count")).scalar_one()
        session.execute(text(f"PRAGMA max_page_count = {pages}"))
        member = _member(session, "Zineb")
        session.execute(text("CREATE TABLE filler (data BLOB)"))
        session.execute(text("INSERT INTO filler VALUES (zeroblob(1000000))"))
        return member

    done = run_write(context, write, changes={Change.MEMBERS}, errors=form.errors)
    assert done is None
    assert form.errors.messages() == {"": disk_full_message()}
    assert announced == []
    with context.database.session() as session:
        assert count_members(session, TREASURER) == before


def test_a_refusal_goes_to_the_failure_callback_when_given(
    context: AppContext, announced: list[object], qtbot: QtBot
) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    refused: list[NassijError] = []
    done = run_write(
        context,
        lambda s: record_dues(s, TREASURER, 999_999, TODAY.year, 100, TODAY, PaymentMethod.CASH),
        changes={Change.DUES},
        failure=refused.append,
    )
    assert done is None
    assert len(refused) == 1 and str(refused[0])
    assert announced == []


def test_a_bug_is_not_swallowed(context: AppContext, announced: list[object]) -> None:
    def broken(_session: Session) -> None:
        raise KeyError("a bug")

    with pytest.raises(KeyError):
        run_write(context, broken, changes={Change.MEMBERS})
    assert announced == []


def test_the_initiator_is_known_while_the_change_set_is_delivered(
    context: AppContext, qtbot: QtBot
) -> None:
    page = QWidget()
    dialog = QWidget(page)
    qtbot.addWidget(page)
    seen: list[tuple[bool, bool]] = []
    context.signals.data_changed.connect(
        lambda _changed: seen.append(
            (context.initiated_within(page), context.initiated_within(QWidget()))
        )
    )
    with context.database.transaction() as session:
        member = _member(session)
    run_write(
        context,
        lambda s: record_dues(s, TREASURER, member.id, TODAY.year, 100, TODAY, PaymentMethod.CASH),
        changes={Change.DUES},
        initiator=dialog,
    )
    assert seen == [(True, False)]
    assert context.signals.initiator is None  # only while delivered
