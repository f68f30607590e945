"""Automatic backups: the rotation keeps exactly the promised set, once a day unless the file
changed, a damaged copy is caught and not kept, the second folder gets its copy."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from nassij_desktop import paths
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.storage import Database, errors, open_database
from nassij_desktop.storage.backups import (
    automatic_backup,
    backup_name,
    kept_stamps,
    list_backups,
    rotate,
    second_folder,
    set_key,
    set_second_folder,
)

START = dt.datetime(2025, 1, 1, 8, 0, 0)


def _expected(stamps: list[dt.datetime]) -> set[dt.datetime]:
    """The promise, written the plain way: the newest of each of the 7 most recent days
    that have a backup, and of each of the 12 most recent months that have one."""
    by_day: dict[dt.date, list[dt.datetime]] = {}
    by_month: dict[tuple[int, int], list[dt.datetime]] = {}
    for stamp in stamps:
        by_day.setdefault(stamp.date(), []).append(stamp)
        by_month.setdefault((stamp.year, stamp.month), []).append(stamp)
    days = sorted(by_day)[-7:]
    months = sorted(by_month)[-12:]
    return {max(by_day[d]) for d in days} | {max(by_month[m]) for m in months}


def test_rotation_keeps_exactly_the_promised_set(tmp_path: Path) -> None:
    source = tmp_path / "assoc.sqlite"
    folder = tmp_path / "backups"
    folder.mkdir()
    stamps = []
    for day in range(400):
        if day % 5 == 3:  # days without a backup: "the last 7 days that have one"
            continue
        for hour in (9, 18) if day % 2 else (12,):
            stamps.append(START + dt.timedelta(days=day, hours=hour - 8))
    for stamp in stamps:
        (folder / backup_name(source, "auto", stamp)).write_bytes(b"x")
    other = tmp_path / "elsewhere" / "assoc.sqlite"  # same name, another file: another set
    strangers = [
        folder / backup_name(other, "auto", stamps[0]),
        folder / "notes.txt",
        folder / "assoc-auto-20250101-080000.sqlite",  # no key: not ours
        folder / f"assoc-before-restore-20250101-080000{source.suffix}",
    ]
    for path in strangers:
        path.write_bytes(b"keep me")
    newest = folder / backup_name(source, "manual", stamps[-1] + dt.timedelta(minutes=1))
    oldest_written = folder / backup_name(source, "auto", START - dt.timedelta(days=900))
    newest.write_bytes(b"x")
    oldest_written.write_bytes(b"x")

    deleted = rotate(folder, set_key(source), keep=oldest_written)

    left = {p.name for p in folder.iterdir()}
    promised = _expected([*stamps, stamps[-1] + dt.timedelta(minutes=1)])
    months = {(s.year, s.month) for s in promised}
    assert len(months) == 12 and len({s.date() for s in promised}) >= 12 + 7 - 2
    expected = (
        {
            backup_name(source, "auto", s)
            for s in promised
            if s != stamps[-1] + dt.timedelta(minutes=1)
        }
        | {newest.name, oldest_written.name}
        | {p.name for p in strangers}
    )
    assert left == expected
    assert len(deleted) == len(stamps) + 2 - len(promised) - 1
    assert kept_stamps(stamps) == _expected(stamps)


def _add_member(database: Database) -> None:
    with database.transaction() as session:
        create_member(
            session,
            CLI_ACTOR,
            MemberData(
                first_name_lat="Nadia", last_name_lat="Zahra", join_date=dt.date(2026, 1, 5)
            ),
        )


def test_once_a_day_unless_the_file_changed(database: Database, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    morning = dt.datetime(2026, 3, 2, 9, 0)
    first = automatic_backup(database, folder=folder, now=morning)
    assert first is not None and first.path.exists()
    assert first.name_fr == "Association Al Amal pour le développement"
    assert automatic_backup(database, folder=folder, now=morning.replace(hour=17)) is None
    _add_member(database)
    changed = automatic_backup(database, folder=folder, now=morning.replace(hour=18))
    assert changed is not None
    assert automatic_backup(database, folder=folder, now=morning.replace(hour=19)) is None
    # The next day, unchanged: one again (the day's backup), and yesterday's newest stays.
    next_day = automatic_backup(database, folder=folder, now=morning + dt.timedelta(days=1))
    assert next_day is not None
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [changed.path.name, next_day.path.name]
    )
    # A manual backup is always made.
    assert automatic_backup(database, "manual", folder=folder, now=morning.replace(hour=20))


def test_a_damaged_copy_is_caught_and_not_kept(association_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "assoc.sqlite"
    path.write_bytes(association_template.read_bytes())
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_audit_log_entity_entity_id'"
        ).fetchone()[0]
    with open(path, "r+b") as f:  # an index page's cells scrambled: a damaged disk
        f.seek((root - 1) * page_size + 8)
        f.write(b"\xff\x13" * 200)
    database = open_database(path)
    folder = tmp_path / "b"
    try:
        with pytest.raises(errors.DatabaseDamaged, match="failed its check"):
            automatic_backup(database, "manual", folder=folder)
    finally:
        database.close()
    assert list(folder.iterdir()) == []


def test_the_second_folder_gets_a_verified_copy(database: Database, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    assert second_folder() is None
    set_second_folder(usb)
    assert second_folder() == usb
    info = automatic_backup(database, "manual")
    assert info is not None and info.second_problem is None
    assert info.path.parent == paths.backup_dir()
    assert (usb / info.path.name).read_bytes() == info.path.read_bytes()
    # The key unplugged: the backup is made all the same, and the problem said.
    usb.rename(tmp_path / "unplugged")
    info = automatic_backup(database, "manual", now=clock.now() + dt.timedelta(seconds=2))
    assert info is not None and info.path.exists()
    assert info.second_problem is not None and str(usb) in info.second_problem
    set_second_folder(None)
    assert second_folder() is None


def test_list_backups_names_the_association_and_needs_the_right(
    database: Database, tmp_path: Path
) -> None:
    info = automatic_backup(database, "manual")
    assert info is not None
    (paths.backup_dir() / "unrelated.sqlite").write_bytes(b"not ours")
    listed = list_backups(CLI_ACTOR)
    assert [b.path for b in listed] == [info.path]
    assert listed[0].name_ar == "جمعية الأمل للتنمية" and listed[0].size > 0
    volunteer = Actor(user_id=None, login="v", role=Role.VOLUNTEER)
    with pytest.raises(PermissionDenied):
        list_backups(volunteer)
