"""The campaign report on the Documents page: its record picker lists the campaigns, latest
first, by authorisation number and purpose in the reader's language; pictures in Arabic and
French for a person to look at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.donations.campaign_models import CampaignAuthority
from nassij_desktop.core.donations.campaigns import CampaignData, create_campaign
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.documents.page import DocumentsPage

pytestmark = [pytest.mark.gui]
TREASURER = Actor(user_id=None, login="treasurer", role=Role.TREASURER)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_campaign_picker_lists_the_campaigns_in_the_reader_s_language(
    qtbot: QtBot, qapp: QApplication, database: Database, screens_dir: Path, lang: str
) -> None:
    with database.transaction() as session:
        for number, start, purpose in (
            ("2025/417", dt.date(2025, 3, 1), Bilingual("قفة رمضان", "Paniers du Ramadan")),
            ("2025/902", dt.date(2025, 9, 1), Bilingual("الدخول المدرسي", "Rentrée scolaire")),
        ):
            create_campaign(
                session,
                TREASURER,
                CampaignData(
                    authorisation_number=number,
                    authorised_on=start - dt.timedelta(days=15),
                    authority=CampaignAuthority.GOVERNOR,
                    starts_on=start,
                    ends_on=start + dt.timedelta(days=29),
                    purpose=purpose,
                    bank_account="CIH Fès",
                ),
            )
    apply_language(lang, qapp)
    page = DocumentsPage(AppContext(database, TREASURER))
    qtbot.addWidget(page)
    page.resize(1000, 560)
    page.show()
    page.select_kind("campaign")
    QApplication.processEvents()
    combo = page.fields["record_id"].widget
    assert isinstance(combo, QComboBox)
    items = [combo.itemText(i) for i in range(combo.count())]
    assert len(items) == 3  # "the latest", then the two campaigns, the latest first
    first, second = items[1], items[2]
    if lang == "ar":
        assert "الدخول المدرسي" in first and "قفة رمضان" in second
    else:
        assert "Rentrée scolaire" in first and "Paniers du Ramadan" in second
    assert "2025/902" in first and "01/09/2025" in first
    assert combo.itemData(1) is not None
    path = screens_dir / f"documents-campaign-{lang}.png"
    assert page.grab().save(str(path))
