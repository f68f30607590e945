"""How the member screens name a member and say their status and nationality: the same name
in the table, the pickers, the dialogs and on a receipt ("أحمد بن علي", first name first); the
Latin name where there is no Arabic one; a status and a nationality in the member's gender,
never a code."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.models import Gender, Member, MemberStatus
from nassij_desktop.core.members.services import (
    MemberData,
    change_member_status,
    create_member,
    get_member,
    list_categories,
)
from nassij_desktop.i18n.formatting import plain_text
from nassij_desktop.reports.receipts.layout import member_payer
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.common.lazy_model import ROW_ROLE
from nassij_desktop.ui.governance.widgets import MemberPicker
from nassij_desktop.ui.members.display import member_name
from nassij_desktop.ui.members.member_form import MemberFormDialog
from nassij_desktop.ui.members.page import MembersPage

pytestmark = [pytest.mark.gui]

DAY = dt.date(2025, 6, 1)


@pytest.fixture
def people(database: Database) -> dict[str, int]:
    """Ahmed (both scripts), Fatima (Latin letters only) who resigned, Khadija struck off and
    Youssef who resigned; member ids by first name."""

    def add(session, gender: Gender, **names: str) -> int:  # type: ignore[no-untyped-def]
        data = MemberData(gender=gender, join_date=dt.date(2020, 1, 15), **names)
        return create_member(session, CLI_ACTOR, data).id

    with database.transaction() as session:
        ids = {
            "ahmed": add(
                session,
                Gender.MALE,
                first_name_ar="أحمد",
                last_name_ar="بن علي",
                first_name_lat="Ahmed",
                last_name_lat="Ben Ali",
            ),
            "fatima": add(
                session, Gender.FEMALE, first_name_lat="Fatima", last_name_lat="El Idrissi"
            ),
            "khadija": add(
                session,
                Gender.FEMALE,
                first_name_ar="خديجة",
                last_name_ar="الوزاني",
                first_name_lat="Khadija",
                last_name_lat="Ouazzani",
            ),
            "youssef": add(
                session,
                Gender.MALE,
                first_name_ar="يوسف",
                last_name_ar="الداودي",
                first_name_lat="Youssef",
                last_name_lat="Daoudi",
            ),
        }
        for who, status in (
            ("fatima", MemberStatus.RESIGNED),
            ("youssef", MemberStatus.RESIGNED),
            ("khadija", MemberStatus.EXCLUDED),
        ):
            change_member_status(session, CLI_ACTOR, ids[who], status, DAY, "Décision du bureau")
    return ids


def _cells(page: MembersPage, key: str) -> dict[int, str]:
    """Member id → the text of column `key`, for every row of the table."""
    col = next(i for i, c in enumerate(page.model.columns) if c.key == key)
    return {
        page.model.index(row, col).data(ROW_ROLE).id: page.model.index(row, col).data()
        for row in range(page.model.rowCount())
    }


def test_the_table_the_picker_the_dialogs_and_the_receipt_write_one_name(
    qtbot,
    qapp: QApplication,
    database: Database,
    people: dict[str, int],
    open_page: Callable[..., MembersPage],
) -> None:
    apply_language("ar", qapp)
    page = open_page(database, CLI_ACTOR)
    ahmed = people["ahmed"]
    assert _cells(page, "name_ar")[ahmed] == "أحمد بن علي"
    assert _cells(page, "name_lat")[ahmed] == "Ahmed Ben Ali"
    # The member picker of the assemblies' dialogs.
    picker = MemberPicker(AppContext(database, CLI_ACTOR))
    qtbot.addWidget(picker)
    picker.search.setText("بن علي")
    picker.apply_search()
    assert picker.choice.currentData() == ahmed
    assert plain_text(picker.choice.currentText()).startswith("أحمد بن علي — ")
    # The dialogs' greeting and the dues receipt.
    with database.session() as session:
        record = get_member(session, CLI_ACTOR, ahmed)
        member = session.get(Member, ahmed)
        assert member is not None
        assert member_payer(member).name("ar") == "أحمد بن علي"
    assert member_name(record) == "أحمد بن علي"


def test_the_arabic_column_falls_back_to_the_latin_name(
    qapp: QApplication,
    database: Database,
    people: dict[str, int],
    open_page: Callable[..., MembersPage],
) -> None:
    apply_language("ar", qapp)
    page = open_page(database, CLI_ACTOR)
    assert _cells(page, "name_ar")[people["fatima"]] == "Fatima El Idrissi"
    assert _cells(page, "name_lat")[people["fatima"]] == "Fatima El Idrissi"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ar",
            {"ahmed": "نشيط", "fatima": "مستقيلة", "khadija": "مشطب عليها", "youssef": "مستقيل"},
        ),
        (
            "fr",
            {
                "ahmed": "Actif",
                "fatima": "Démissionnaire",
                "khadija": "Radiée",
                "youssef": "Démissionnaire",
            },
        ),
    ],
)
def test_the_status_column_agrees_with_each_member(
    lang: str,
    expected: dict[str, str],
    qapp: QApplication,
    database: Database,
    people: dict[str, int],
    open_page: Callable[..., MembersPage],
) -> None:
    apply_language(lang, qapp)
    page = open_page(database, CLI_ACTOR)
    statuses = _cells(page, "status")
    assert {who: statuses[member_id] for who, member_id in people.items()} == expected


@pytest.mark.parametrize(("lang", "moroccan"), [("ar", "مغربية"), ("fr", "Marocaine")])
def test_the_form_names_the_nationality_in_the_member_s_gender_never_as_a_code(
    lang: str,
    moroccan: str,
    qtbot,
    qapp: QApplication,
    database: Database,
    people: dict[str, int],
) -> None:
    apply_language(lang, qapp)
    context = AppContext(database, CLI_ACTOR)
    with database.session() as session:
        record = get_member(session, CLI_ACTOR, people["khadija"])
        categories = list_categories(session, CLI_ACTOR)
    form = MemberFormDialog(context, record, categories)
    qtbot.addWidget(form)
    box = form.editors["nationality"]
    assert box.currentText() == moroccan  # type: ignore[attr-defined]
    labels = [box.itemText(i) for i in range(box.count())]  # type: ignore[attr-defined]
    assert not [label for label in labels if re.fullmatch(r"[A-Z]{2}", label)]
    # The adjective follows the gender chosen in the form; the stored value stays the code.
    form.editors["gender"].select(Gender.MALE.value)  # type: ignore[attr-defined]
    assert box.currentText() == ("مغربي" if lang == "ar" else "Marocain")  # type: ignore[attr-defined]
    assert form.values()["nationality"] == "MA"
