"""Files opened one after the other in one process share SQLAlchemy's compiled statements
(storage/compiled_statements.py): the second file's queries are not compiled again, and each
file still answers with its own rows, read-only or not."""

from __future__ import annotations

import shutil
from pathlib import Path

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.search import count_members, search_members
from nassij_desktop.storage import Database, open_database
from tests.support import add_members


def _register(database: Database) -> tuple[int, list[str]]:
    with database.session() as session:
        found = search_members(session, CLI_ACTOR, "member")
        return count_members(session, CLI_ACTOR), [m.first_name_lat for m in found]


def test_a_second_file_reads_its_own_rows_with_the_statements_of_the_first(
    association_template: Path, tmp_path: Path
) -> None:
    paths = []
    for name, count in (("first", 3), ("second", 5)):
        path = tmp_path / f"{name}.sqlite"
        shutil.copyfile(association_template, path)
        add_members(path, count)
        paths.append(path)

    first = open_database(paths[0])
    try:
        assert _register(first) == (3, ["1", "2", "3"])
    finally:
        first.close()

    second = open_database(paths[1])
    reader = open_database(paths[0], read_only=True)
    try:
        cache = second.engine._compiled_cache
        assert cache is not None and cache is reader.engine._compiled_cache
        compiled = len(cache)
        assert _register(second) == (5, ["1", "2", "3", "4", "5"])
        assert _register(reader) == (3, ["1", "2", "3"])
        assert len(cache) == compiled, "the same queries were compiled again"
    finally:
        second.close()
        reader.close()
