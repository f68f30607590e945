"""Automatic, verified, rotating backups of an association file.

A backup set belongs to one association file: its copies are named
`<stem>-<reason>-<YYYYmmdd-HHMMSS>-<key><suffix>`, where `key` is the first 8 hex digits of
the SHA-256 of the file's resolved path (two files both called `association.sqlite` in two
folders never share a set; a file moved to another folder starts a new one). Only names of
that form are ever listed or deleted: nothing else in the folder is touched.

`automatic_backup(database, reason)`:
- `reason="auto"` (the window closing) writes only when the set has no copy of today, or the
  file changed since its newest copy: the change marker is the audit chain's last entry
  (its id and hash), read from the file and from the copy itself, so nothing is kept beside
  the copies; the other reasons (`manual`, `before-upgrade`, `before-restore`) always write;
- the copy is verified once written (`PRAGMA integrity_check` on the copy, read-only, and it
  opens as an association file); a copy that fails is removed and the backup refused;
- the set is rotated: kept are the newest copy of each of the last 7 days that have one and
  the newest of each of the last 12 months that have one, and always the copy just written;
- the verified copy is also written to the second folder when one is chosen (a USB key, a
  synchronised folder), verified and rotated there; a failure there does not undo the
  backup, it is returned as a sentence (`BackupInfo.second_problem`).

The second folder is this computer's choice, kept in `backups.json` in the config folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nassij_desktop import paths
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.i18n import N_, _
from nassij_desktop.storage import errors
from nassij_desktop.storage.inspect import connect_readonly, inspect_file, shown

if TYPE_CHECKING:
    from nassij_desktop.storage.database import Database

log = logging.getLogger(__name__)

REASONS = ("auto", "manual", "before-upgrade", "before-restore", "before-protection")
KEEP_DAYS = 7
KEEP_MONTHS = 12
STAMP_FORMAT = "%Y%m%d-%H%M%S"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<reason>auto|manual|before-upgrade|before-restore|before-protection)"
    r"-(?P<stamp>\d{8}-\d{6})-(?P<key>[0-9a-f]{8})(?P<suffix>\.[A-Za-z0-9]+)?$"
)
PREFERENCES = "backups.json"
REASON_LABELS = {
    "auto": N_("automatic"),
    "manual": N_("asked for"),
    "before-upgrade": N_("before an update"),
    "before-restore": N_("before a restore"),
    "before-protection": N_("before a change of password protection"),
}


def reason_label(reason: str) -> str:
    """Why a copy was made, in the reader's language."""
    return _(REASON_LABELS[reason]) if reason in REASON_LABELS else reason


@dataclass(frozen=True)
class BackupInfo:
    """One copy in a backup folder, as the Backups page and `nassij backups list` show it."""

    path: Path
    made_at: dt.datetime
    reason: str
    key: str
    size: int
    name_ar: str | None  # the association it holds, read from the copy; None: unreadable
    name_fr: str | None
    second_problem: str | None = None  # set on the copy just written: the second folder failed

    @property
    def readable(self) -> bool:
        return self.name_ar is not None or self.name_fr is not None


# --- names -------------------------------------------------------------------------------------


def set_key(database_path: Path) -> str:
    """The identity of an association file's backup set: its resolved path, hashed."""
    resolved = str(Path(database_path).expanduser().resolve())
    return hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:8]


def backup_name(database_path: Path, reason: str, made_at: dt.datetime) -> str:
    if reason not in REASONS:
        raise ValueError(reason)
    stem = database_path.stem or "association"
    return (
        f"{stem}-{reason}-{made_at.strftime(STAMP_FORMAT)}-{set_key(database_path)}"
        f"{database_path.suffix}"
    )


def _parsed(path: Path) -> tuple[dt.datetime, str, str] | None:
    """(made at, reason, key) of a file named as ours; None for any other file."""
    match = _NAME.match(path.name)
    if match is None or not path.is_file():
        return None
    try:
        made_at = dt.datetime.strptime(match["stamp"], STAMP_FORMAT)
    except ValueError:
        return None
    return made_at, match["reason"], match["key"]


def _ours(folder: Path, key: str | None = None) -> list[tuple[Path, dt.datetime, str, str]]:
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        parsed = _parsed(path)
        if parsed is not None and (key is None or parsed[2] == key):
            found.append((path, *parsed))
    found.sort(key=lambda item: (item[1], item[0].name), reverse=True)
    return found


# --- rotation ----------------------------------------------------------------------------------


def kept_stamps(stamps: Iterable[dt.datetime]) -> set[dt.datetime]:
    """Of a set's dates, those rotation keeps: the newest of each of the last `KEEP_DAYS` days
    that have one, and the newest of each of the last `KEEP_MONTHS` months that have one."""
    newest_of_day: dict[dt.date, dt.datetime] = {}
    newest_of_month: dict[tuple[int, int], dt.datetime] = {}
    for stamp in stamps:
        day, month = stamp.date(), (stamp.year, stamp.month)
        if day not in newest_of_day or stamp > newest_of_day[day]:
            newest_of_day[day] = stamp
        if month not in newest_of_month or stamp > newest_of_month[month]:
            newest_of_month[month] = stamp
    days = sorted(newest_of_day, reverse=True)[:KEEP_DAYS]
    months = sorted(newest_of_month, reverse=True)[:KEEP_MONTHS]
    return {newest_of_day[d] for d in days} | {newest_of_month[m] for m in months}


def rotate(folder: Path, key: str, *, keep: Path | Iterable[Path] | None = None) -> list[Path]:
    """Delete the copies of the set `key` in `folder` that rotation does not keep (never
    those in `keep`, never a file not named as ours); returns what was deleted."""
    spared = {keep} if isinstance(keep, Path) else {Path(p) for p in keep or ()}
    spared = {p.resolve() for p in spared}
    copies = _ours(folder, key)
    kept = kept_stamps(made_at for _path, made_at, _reason, _key in copies)
    # Two copies of one second: the name decides (the list is sorted newest first).
    seen: set[dt.datetime] = set()
    deleted = []
    for path, made_at, _reason, _key in copies:
        if path.resolve() in spared or (made_at in kept and made_at not in seen):
            seen.add(made_at)
            continue
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            deleted.append(path)
        Path(f"{path}.keys").unlink(missing_ok=True)  # a protected copy's keys file
    return deleted


# --- verification and reading a copy ------------------------------------------------------------


def verify_backup(copy: Path) -> None:
    """Every page of the copy is read (`integrity_check`) and it opens as an association
    file; else it is removed and the backup refused with a sentence."""
    problem: str | None = None
    try:
        with contextlib.closing(connect_readonly(copy)) as conn:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            problem = result[0]
        else:
            inspect_file(copy, create=False)
    except sqlite3.DatabaseError as exc:
        problem = str(exc)
    except errors.DatabaseOpenError as exc:
        problem = str(exc)
    if problem is not None:
        copy.unlink(missing_ok=True)
        log.error("backup %s failed its check: %s", copy, problem)
        raise errors.DatabaseDamaged(
            _(
                "The backup {path} failed its check after writing and was not kept ({problem}). "
                "Run `nassij check` on the association file."
            ).format(path=shown(copy), problem=problem)
        )


def _marker(conn: sqlite3.Connection) -> str | None:
    """The change marker: the audit chain's last entry (every write is audited)."""
    try:
        row = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.DatabaseError:
        return None
    return f"{row[0]}:{row[1]}" if row else "empty"


def _copy_marker(copy: Path) -> str | None:
    try:
        with contextlib.closing(connect_readonly(copy)) as conn:
            return _marker(conn)
    except sqlite3.DatabaseError:
        return None


def _names(copy: Path) -> tuple[str | None, str | None]:
    try:
        with contextlib.closing(connect_readonly(copy)) as conn:
            row = conn.execute("SELECT name_ar, name_fr FROM association LIMIT 1").fetchone()
    except sqlite3.DatabaseError:
        return None, None
    return (row[0], row[1]) if row else ("", "")


def _info(path: Path, made_at: dt.datetime, reason: str, key: str) -> BackupInfo:
    name_ar, name_fr = _names(path)
    return BackupInfo(path, made_at, reason, key, path.stat().st_size, name_ar, name_fr)


# --- preferences -------------------------------------------------------------------------------


def _preferences_file() -> Path:
    return paths.config_dir() / PREFERENCES


def second_folder() -> Path | None:
    """The second folder chosen on this computer (a USB key, a synchronised folder)."""
    try:
        value = json.loads(_preferences_file().read_text(encoding="utf-8")).get("second_folder")
    except (OSError, ValueError, AttributeError):
        return None
    return Path(value) if isinstance(value, str) and value else None


def set_second_folder(folder: Path | None) -> None:
    target = _preferences_file()
    partial = target.with_name(f".{target.name}.partial")
    text = json.dumps({"second_folder": str(folder) if folder else None}, ensure_ascii=False)
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, target)


# --- backing up --------------------------------------------------------------------------------


def automatic_backup(
    database: Database,
    reason: str = "auto",
    *,
    folder: Path | None = None,
    second: Path | bool | None = True,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> BackupInfo | None:
    """Back the open file up into its set (see the module); None when `reason="auto"` found
    today's newest copy unchanged. `second=True`: the chosen second folder, if any."""
    from nassij_desktop.storage.backup import backup

    if not database.is_sqlite or database.path is None:
        return None
    source = database.path

    def changed_since(latest: Path) -> bool:
        raw = database.engine.raw_connection()
        try:
            current = _marker(raw.driver_connection)  # type: ignore[arg-type]
        finally:
            raw.close()
        return current is None or current != _copy_marker(latest)

    def write(target: Path) -> None:
        backup(database, target, progress=progress)

    return _back_up(source, reason, write, changed_since, folder, second, now)


def backup_file(
    source: Path,
    reason: str,
    *,
    folder: Path | None = None,
    now: dt.datetime | None = None,
    spare: Path | None = None,
) -> BackupInfo:
    """Back up a file nobody has open (the file a restore is about to replace); `spare`: a
    copy the rotation must not delete (the backup being restored)."""
    from nassij_desktop.storage.restore import _copy_pages

    info = _back_up(
        Path(source).resolve(),
        reason,
        lambda target: _copy_pages(source, target),
        None,
        folder,
        True,
        now,
        spare,
    )
    assert info is not None
    return info


def _back_up(
    source: Path,
    reason: str,
    write: Callable[[Path], None],
    changed_since: Callable[[Path], bool] | None,
    folder: Path | None,
    second: Path | bool | None,
    now: dt.datetime | None,
    spare: Path | None = None,
) -> BackupInfo | None:
    folder = folder or paths.backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    now = (now or clock.now()).replace(microsecond=0)
    key = set_key(source)
    if reason == "auto" and changed_since is not None:
        existing = _ours(folder, key)
        if existing and existing[0][1].date() == now.date() and not changed_since(existing[0][0]):
            log.info("%s unchanged since its backup of today: none made", source)
            return None
    target = folder / backup_name(source, reason, now)
    write(target)
    verify_backup(target)
    rotate(folder, key, keep=[target, *([spare] if spare else [])])
    log.info("backed up %s to %s (%s)", source, target, reason)
    extra = second_folder() if second is True else (second or None)
    problem = None
    if extra is not None and Path(extra).resolve() != folder.resolve():
        problem = _copy_to_second(target, Path(extra), key)
    info = _info(target, now, reason, key)
    return info if problem is None else _with_problem(info, problem)


def _with_problem(info: BackupInfo, problem: str) -> BackupInfo:
    return BackupInfo(
        info.path,
        info.made_at,
        info.reason,
        info.key,
        info.size,
        info.name_ar,
        info.name_fr,
        problem,
    )


def _copy_to_second(copy: Path, folder: Path, key: str) -> str | None:
    """The verified copy, copied to the second folder, verified and rotated there; a
    sentence when that failed (the key unplugged, the folder read-only, full)."""
    target = folder / copy.name
    partial = folder / f".{copy.name}.partial"
    try:
        if not folder.is_dir():
            raise FileNotFoundError(str(folder))
        shutil.copyfile(copy, partial)
        with open(partial, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(partial, target)
        verify_backup(target)
        rotate(folder, key, keep=target)
    except (OSError, NassijError) as exc:
        partial.unlink(missing_ok=True)
        log.warning("second copy of %s in %s failed: %s", copy, folder, exc)
        return _("The copy in the second folder {folder} could not be made: {reason}").format(
            folder=shown(folder), reason=getattr(exc, "strerror", None) or str(exc)
        )
    return None


def backup_now(database: Database, actor: Actor, progress: Progress | None = None) -> BackupInfo:
    """A backup asked for (File menu, `nassij backups run`): always written, verified."""
    actor.require(Permission.DATA_ADMIN)
    info = automatic_backup(database, "manual", progress=progress)
    if info is None:
        raise NassijError(
            _("Backups of a server database are made with the server's own tools (pg_dump).")
        )
    return info


def list_backups(actor: Actor, folder: Path | None = None) -> list[BackupInfo]:
    """Every copy of ours in the backups folder, newest first, with the association it holds
    (read from the copy, read-only)."""
    actor.require(Permission.DATA_ADMIN)
    folder = folder or paths.backup_dir()
    return [_info(*item) for item in _ours(folder)]
