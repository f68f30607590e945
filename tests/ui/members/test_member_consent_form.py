"""The member form shows the consent rule as the service states it (law 09-08: consent given
is consent dated); the form itself holds no copy of the rule."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.members.search import count_members
from nassij_desktop.storage import Database

pytestmark = [pytest.mark.gui]
SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)


@pytest.mark.parametrize("scope", ["Register and dues", ""])
def test_consent_ticked_without_its_date_is_refused_under_the_date(
    qtbot, database: Database, open_page, scope: str
) -> None:
    page = open_page(database)
    dialog = page.add_member()
    dialog.line("last_name_lat").setText("Tazi")
    dialog.line("first_name_lat").setText("Omar")
    dialog.consent.setChecked(True)  # fills today's date and the usual scope
    dialog.editors["consent_date"].set_date(None)
    dialog.line("consent_scope").setText(scope)  # ticked is given, whatever the scope says
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors.messages().get("consent_date") == "Enter the date of the consent."
    assert dialog.errors.label("consent_date").isVisible()
    with database.session() as session:
        assert count_members(session, SECRETARY) == 0
