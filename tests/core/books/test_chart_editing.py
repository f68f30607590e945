"""The chart, editable within its classes: a sub-account takes its parent's class and kind,
labels are renamed in both languages, a used account is deactivated but never deleted; the
association's own accounts are marked as the application's extension."""

from __future__ import annotations

import pytest

from nassij_desktop.core.books.accounts import (
    add_account,
    delete_account,
    list_accounts,
    rename_account,
    set_account_active,
    set_statement_model,
)
from nassij_desktop.core.books.association_terms import statement_model
from nassij_desktop.core.books.entries import record_entry
from nassij_desktop.core.books.models import AccountKind
from nassij_desktop.core.common.errors import Conflict, PermissionDenied, ValidationError
from nassij_desktop.storage import Database
from tests.core.books.ledger_support import TREASURER, VIEWER, form


def test_the_association_accounts_sit_under_their_cgnc_parent_as_extensions(
    database: Database,
) -> None:
    with database.session() as session:
        chart = {a.number: a for a in list_accounts(session, VIEWER)}
    own = {n for n, a in chart.items() if a.extension}
    assert {"1111", "7186", "7187", "11111", "13114", "44911", "71615", "75861", "08111"} <= own
    assert not {"7161", "1311", "4491", "7586", "0811", "5141"} & own
    for number in own - {"1111", "7186", "7187"}:
        parent = chart[chart[number].parent or ""]
        assert number.startswith(parent.number)
        assert chart[number].account_class == parent.account_class
    assert (chart["71615"].parent, chart["71615"].kind) == ("7161", AccountKind.INCOME)
    assert chart["08111"].kind is AccountKind.OFF_BALANCE


def test_a_sub_account_stays_in_its_parents_class_and_kind(database: Database) -> None:
    with database.transaction() as session:
        added = add_account(session, TREASURER, "61251", "لوازم الورشات", "Fournitures ateliers")
        assert (added.parent, added.account_class, added.kind, added.extension) == (
            "6125",
            6,
            AccountKind.EXPENSE,
            True,
        )
        with pytest.raises(ValidationError, match="no parent"):
            add_account(session, TREASURER, "99", "س", "x")  # class 9 has no account here
        with pytest.raises(Conflict, match="already in the chart"):
            add_account(session, TREASURER, "61251", "س", "x")
        with pytest.raises(ValidationError, match="Arabic and in French"):
            add_account(session, TREASURER, "61252", "", "x")
        with pytest.raises(PermissionDenied):
            add_account(session, VIEWER, "61253", "س", "x")


def test_rename_deactivate_and_delete(database: Database) -> None:
    with database.transaction() as session:
        add_account(session, TREASURER, "61251", "لوازم", "Fournitures")
        renamed = rename_account(session, TREASURER, "61251", "لوازم الورشات", "Ateliers")
        assert (renamed.label_ar, renamed.label_fr) == ("لوازم الورشات", "Ateliers")
        record_entry(session, TREASURER, form(debit_account="61251"))
        with pytest.raises(Conflict, match="Deactivate it instead"):
            delete_account(session, TREASURER, "61251")
        with pytest.raises(Conflict, match="sub-accounts"):
            delete_account(session, TREASURER, "6125")
        assert set_account_active(session, TREASURER, "61251", False).active is False
        add_account(session, TREASURER, "61259", "أخرى", "Autres")
        delete_account(session, TREASURER, "61259")
        assert "61259" not in {a.number for a in list_accounts(session, VIEWER, account_class=6)}


def test_the_statement_model_is_kept_with_the_associations_settings(database: Database) -> None:
    with database.transaction() as session:
        assert statement_model(session) == "normal"
        set_statement_model(session, TREASURER, "super_simplified")
        with pytest.raises(ValidationError):
            set_statement_model(session, TREASURER, "tiny")
    with database.session() as session:
        assert statement_model(session) == "super_simplified"
