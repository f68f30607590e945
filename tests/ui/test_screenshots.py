"""Screenshots of every page and of the first-run assistant, in Arabic and French.

They land in a folder under pytest's temporary folder, or in the one NASSIJ_SCREENS_DIR names
(`NASSIJ_SCREENS_DIR=tests/gui/screens`, ignored by git, is where tools/doc_images.py looks),
for a person to look at: reversed Arabic, clipped labels and unmirrored layouts show there and
nowhere else. The test checks that each picture has real content.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.storage import open_database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.shell.application import create_application
from nassij_desktop.ui.shell.main_window import MainWindow
from nassij_desktop.ui.shell.navigation import PAGES
from nassij_desktop.ui.startup.assistant import Choice, FirstRunAssistant, PageId
from tests.shared_files import copy_of, shared_demo

pytestmark = [pytest.mark.gui]

LANGUAGES = ("ar", "fr")


def _deliver() -> None:
    QApplication.sendPostedEvents()
    QApplication.processEvents()


def _save(widget: QWidget, folder: Path, name: str) -> Path:
    _deliver()
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path)), path
    return path


def _assert_not_blank(path: Path) -> None:
    image = QImage(str(path))
    assert not image.isNull() and image.width() > 300 and image.height() > 200, path
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 12, f"{path.name} looks blank ({len(colours)} colours)"


@pytest.fixture
def demo_database(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    # The demo of 300 members the recovery tests read too (a fixed day: the same pictures
    # every day), built once per run: a demo of its own was most of this module's time.
    template = shared_demo(tmp_path_factory, members=300, seed=2, today=dt.date(2026, 11, 24))
    database = open_database(copy_of(template, tmp_path))
    yield database
    database.close()


@pytest.fixture
def application(qapp):  # type: ignore[no-untyped-def]
    create_application()
    yield qapp
    apply_language("en", qapp)


def test_every_page_in_arabic_and_french(qtbot, application, demo_database, screens_dir) -> None:  # type: ignore[no-untyped-def]
    with demo_database.session() as session:
        from sqlalchemy import select

        from nassij_desktop.core.users.models import User

        admin_id = session.scalar(select(User.id).where(User.login == "admin"))
    context = AppContext(demo_database, Actor(admin_id, "admin", Role.ADMIN), "Admin")
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(QSize(1180, 760))
    window.show()
    written = []
    for lang in LANGUAGES:
        apply_language(lang)
        _deliver()
        for key in window.page_keys():
            window.show_page(key)
            written.append(_save(window, screens_dir, f"{lang}-{key}"))
    # The administrator sees every page of the navigation, each pictured in both languages.
    assert window.page_keys() == [spec.key for spec in PAGES]
    assert len(set(written)) == 2 * len(PAGES)
    for path in written:
        _assert_not_blank(path)


def test_the_first_run_assistant_in_arabic_and_french(qtbot, application, screens_dir) -> None:  # type: ignore[no-untyped-def]
    written = []
    for lang in LANGUAGES:
        apply_language(lang)
        assistant = FirstRunAssistant()
        qtbot.addWidget(assistant)
        assistant.show()
        written.append(_save(assistant, screens_dir, f"{lang}-assistant-language"))
        assistant.next()
        written.append(_save(assistant, screens_dir, f"{lang}-assistant-choice"))
        assistant.choice_page.select(Choice.NEW)
        assistant.next()
        profile = assistant.profile_page
        profile.name_ar.setText("جمعية النور للتنمية والتضامن")
        profile.name_fr.setText("Association Annour pour le développement et la solidarité")
        profile.city.setText("Tiznit" if lang == "fr" else "تيزنيت")
        written.append(_save(assistant, screens_dir, f"{lang}-assistant-profile"))
        assistant.next()
        assert assistant.currentId() == PageId.ADMIN
        assistant.admin_page.full_name.setText("Amina Idrissi")
        written.append(_save(assistant, screens_dir, f"{lang}-assistant-admin"))
        assistant.back()
        assistant.back()
        assistant.choice_page.select(Choice.DEMO)
        assistant.next()
        written.append(_save(assistant, screens_dir, f"{lang}-assistant-demo"))
        assistant.close()
    for path in written:
        _assert_not_blank(path)
