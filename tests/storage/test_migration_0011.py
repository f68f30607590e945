"""Migration 0011 on a file at the previous head: each governance text (an assembly's place
and remarks, an agenda item's title and discussion, a resolution) goes into the column of its
script, Arabic or French; nothing is lost, and the old columns are gone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.storage import migrate, open_database

PREVIOUS = "0010"  # the head before 0011 (its down_revision)
_TABLES = ("general_assembly", "agenda_item", "resolution", "board_term", "authority_declaration")
NOW = dt.datetime(2025, 1, 5, 10, 0)

ASSEMBLIES = {  # id: (place, notes)
    1: ("دار الشباب بتيزنيت", "لم يكتمل النصاب في الدعوة الأولى."),
    2: ("Maison des jeunes, salle 3", None),
    3: (None, "Séance levée à 18 h 30 ; وثيقة مرفقة."),  # mixed: Arabic letters make it Arabic
}
AGENDA = {  # id: (assembly, title, discussion)
    1: (1, "التقرير الأدبي", "نوقش التقرير."),
    2: (1, "Rapport financier", "Le trésorier a présenté les comptes."),
    3: (2, "Divers", None),
    4: (2, "Élection n° 2", ""),
}
RESOLUTIONS = {  # id: (assembly, agenda item, text)
    1: (1, 1, "صادق الجمع العام على التقرير الأدبي."),
    2: (1, 2, "L'assemblée approuve le rapport financier."),
}


def _file_at_previous_head(path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), PREVIOUS)
    with engine.begin() as connection:
        stamp = {"t": NOW}
        for assembly_id, (place, notes) in ASSEMBLIES.items():
            connection.execute(
                sa.text(
                    "INSERT INTO general_assembly (id, kind, status, held_on, place, notes, "
                    "quorum_numerator, quorum_denominator, created_at, updated_at, version) "
                    "VALUES (:id, 'ordinary', 'held', '2024-06-01', :place, :notes, 1, 2, "
                    ":t, :t, 2)"
                ),
                {"id": assembly_id, "place": place, "notes": notes, **stamp},
            )
        for item_id, (assembly_id, title, discussion) in AGENDA.items():
            connection.execute(
                sa.text(
                    "INSERT INTO agenda_item (id, assembly_id, position, title, discussion, "
                    "created_at, updated_at, version) VALUES (:id, :a, :id, :title, :d, :t, :t, 1)"
                ),
                {"id": item_id, "a": assembly_id, "title": title, "d": discussion, **stamp},
            )
        for resolution_id, (assembly_id, item_id, text) in RESOLUTIONS.items():
            connection.execute(
                sa.text(
                    "INSERT INTO resolution (id, assembly_id, agenda_item_id, position, text, "
                    "votes_for, votes_against, votes_abstain, adopted, created_at, updated_at, "
                    "version) VALUES (:id, :a, :item, :id, :text, 5, 0, 0, 1, :t, :t, 1)"
                ),
                {"id": resolution_id, "a": assembly_id, "item": item_id, "text": text, **stamp},
            )
        connection.execute(
            sa.text(
                "INSERT INTO board_term (id, starts_on, elected_by_id, notes, created_at, "
                "updated_at, version) "
                "VALUES (1, '2024-06-01', 1, 'Mandat de quatre ans', :t, :t, 1)"
            ),
            stamp,
        )
        connection.execute(
            sa.text(
                "INSERT INTO authority_declaration (id, kind, assembly_id, board_term_id, notes, "
                "created_at, updated_at, version) VALUES (1, 'board_change', 1, 1, "
                "'محضر الجمع العام ولائحة المكتب', :t, :t, 1)"
            ),
            stamp,
        )
    engine.dispose()


def _split(text: str | None) -> tuple[str | None, str | None]:
    """Where a text must land: (ar, fr)."""
    if not text:
        return (None, None)
    arabic = any("\u0620" <= c <= "\u064a" for c in text)
    return (text, None) if arabic else (None, text)


def test_each_text_goes_into_the_column_of_its_script_and_nothing_is_lost(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_previous_head(path)
    database = open_database(path, backup_dir=tmp_path)  # migrates, then checks the schema
    try:
        with database.engine.connect() as connection:
            assert migrate.schema_state(connection).current == migrate.head_revision()

            def rows(sql: str) -> dict[int, tuple[object, ...]]:
                return {row[0]: tuple(row[1:]) for row in connection.execute(sa.text(sql))}

            assemblies = rows(
                "SELECT id, place_ar, place_fr, notes_ar, notes_fr, version FROM general_assembly"
            )
            agenda = rows(
                "SELECT id, assembly_id, title_ar, title_fr, discussion_ar, discussion_fr "
                "FROM agenda_item"
            )
            resolutions = rows(
                "SELECT id, assembly_id, agenda_item_id, text_ar, text_fr, votes_for "
                "FROM resolution"
            )
            notes = [
                tuple(connection.execute(sa.text(f"SELECT notes_ar, notes_fr FROM {table}")).one())
                for table in ("board_term", "authority_declaration")
            ]
            columns = {
                table: {c["name"] for c in sa.inspect(connection).get_columns(table)}
                for table in _TABLES
            }
    finally:
        database.close()

    assert assemblies == {
        1: ("دار الشباب بتيزنيت", None, "لم يكتمل النصاب في الدعوة الأولى.", None, 2),
        2: (None, "Maison des jeunes, salle 3", None, None, 2),
        3: (None, None, "Séance levée à 18 h 30 ; وثيقة مرفقة.", None, 2),
    }
    assert agenda == {
        1: (1, "التقرير الأدبي", None, "نوقش التقرير.", None),
        2: (1, None, "Rapport financier", None, "Le trésorier a présenté les comptes."),
        3: (2, None, "Divers", None, None),
        4: (2, None, "Élection n° 2", None, None),  # an empty discussion stays empty
    }
    assert resolutions == {
        1: (1, 1, "صادق الجمع العام على التقرير الأدبي.", None, 5),
        2: (1, 2, None, "L'assemblée approuve le rapport financier.", 5),
    }
    assert notes == [(None, "Mandat de quatre ans"), ("محضر الجمع العام ولائحة المكتب", None)]
    for table, old in (
        ("general_assembly", {"place", "notes"}),
        ("agenda_item", {"title", "discussion"}),
        ("resolution", {"text"}),
        ("board_term", {"notes"}),
        ("authority_declaration", {"notes"}),
    ):
        assert not old & columns[table]
        assert {f"{name}_{lang}" for name in old for lang in ("ar", "fr")} <= columns[table]


def test_the_file_reads_in_both_languages_through_the_services(tmp_path: Path) -> None:
    from nassij_desktop.core.common.permissions import CLI_ACTOR
    from nassij_desktop.core.governance.services import get_assembly

    path = tmp_path / "old.sqlite"
    _file_at_previous_head(path)
    database = open_database(path, backup_dir=tmp_path)
    try:
        with database.session() as session:
            detail = get_assembly(session, CLI_ACTOR, 1, attendance=False)
    finally:
        database.close()
    assert [item.title.text("ar") for item in detail.agenda] == [
        "التقرير الأدبي",
        "Rapport financier",  # no Arabic: the French, rather than nothing
    ]
    assert [item.title.text("fr") for item in detail.agenda] == [
        "التقرير الأدبي",
        "Rapport financier",
    ]
    assert [_split(r.text.text("ar")) for r in detail.resolutions] == [
        (RESOLUTIONS[1][2], None),
        (None, RESOLUTIONS[2][2]),
    ]
