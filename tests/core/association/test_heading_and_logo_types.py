"""What the window and the sign-in screen say of the open file (one read service), and the
one list of image types a logo may be."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest

from nassij_desktop.core.association import settings
from nassij_desktop.core.association.services import (
    LOGO_SUFFIXES,
    check_logo_file,
    logo_file_patterns,
    logo_type,
    set_association_logo,
    update_association,
)
from nassij_desktop.core.association_file import association_heading
from nassij_desktop.core.books.services import fiscal_year_for
from nassij_desktop.core.common.errors import NotFound, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import Database, open_database
from tests.postgres import fresh_database

DAY = dt.date(2026, 3, 5)


def test_the_heading_names_the_association_in_the_reader_s_language(database: Database) -> None:
    with database.session() as session:
        heading = association_heading(session, DAY)
    assert heading.name("ar") == "جمعية الأمل للتنمية"
    assert heading.name("fr") == heading.name("en") == "Association Al Amal pour le développement"
    assert heading.demo is False


def test_the_fiscal_year_is_named_without_being_opened(database: Database) -> None:
    with database.session() as session:
        assert association_heading(session, DAY).fiscal_year == "2026"
    with database.transaction() as session:
        update_association(session, CLI_ACTOR, None, fiscal_year_start_month=7)
    with database.session() as session:
        assert association_heading(session, DAY).fiscal_year == "2025-2026"
    with database.transaction() as session:
        opened = fiscal_year_for(session, DAY, 7)  # as the books open it: the same label
        assert opened.label == "2025-2026"
        opened.label = "Exercice 2025/26"
    with database.session() as session:
        assert association_heading(session, DAY).fiscal_year == "Exercice 2025/26"


def test_a_demo_file_says_it_is_one(database: Database) -> None:
    with database.transaction() as session:
        settings.set_setting(session, "demo", {"seed": 1})
    with database.session() as session:
        assert association_heading(session, DAY).demo is True


def test_a_file_without_an_association_has_no_heading(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    with contextlib.ExitStack() as stack:
        if backend == "sqlite":
            target = str(tmp_path / "empty.sqlite")
        else:  # a server database made at the latest schema, no association written in it
            server_url = request.getfixturevalue("postgres_url")
            target = stack.enter_context(fresh_database(server_url, "empty", at_head=True))
        database = open_database(target)
        stack.callback(database.close)
        with database.session() as session, pytest.raises(NotFound):
            association_heading(session, DAY)


@pytest.mark.parametrize(
    ("name", "mime"),
    [
        ("logo.png", "image/png"),
        ("LOGO.PNG", "image/png"),
        ("photo.jpg", "image/jpeg"),
        ("photo.JPEG", "image/jpeg"),
        ("logo.gif", None),
        ("logo.bmp", None),
        ("logo.webp", None),
        ("logo", None),
        ("png", None),
    ],
)
def test_a_logo_is_a_png_or_a_jpeg_by_its_name(name: str, mime: str | None) -> None:
    assert logo_type(name) == mime


def test_the_file_dialogs_offer_exactly_what_the_service_accepts() -> None:
    patterns = logo_file_patterns().split()
    assert patterns == ["*.png", "*.jpg", "*.jpeg"]
    assert {pattern[1:] for pattern in patterns} == LOGO_SUFFIXES
    assert all(check_logo_file(f"x{suffix}") for suffix in LOGO_SUFFIXES)


def test_the_service_refuses_another_image_type(database: Database) -> None:
    with pytest.raises(ValidationError) as refused, database.transaction() as session:
        set_association_logo(session, CLI_ACTOR, b"GIF89a", "logo.gif")
    assert refused.value.field == "logo"
    with database.transaction() as session:
        assert set_association_logo(session, CLI_ACTOR, b"\x89PNG\r\n", "Logo.JPG") is not None
