"""Two writers appending to the audit log of one PostgreSQL database at once keep one chain:
the second waits for the first (advisory lock) instead of chaining from the same row."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from nassij_desktop.core.common import audit
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.storage import open_database

ENTRIES_PER_WRITER = 25


def test_two_concurrent_writers_append_to_one_chain(postgres_url: str) -> None:
    database = open_database(postgres_url)
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def write(login: str) -> None:
        actor = Actor(user_id=None, login=login, role=Role.ADMIN)
        try:
            start.wait(timeout=30)
            for i in range(ENTRIES_PER_WRITER):
                with database.transaction() as session:
                    audit.record(session, actor, "update", "member", i, after={"n": i})
        except BaseException as exc:  # reported by the test below, not lost in the thread
            errors.append(exc)

    try:
        writers = [threading.Thread(target=write, args=(name,)) for name in ("pc-1", "pc-2")]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(timeout=120)
        assert not any(w.is_alive() for w in writers)
        assert errors == []
        with database.engine.connect() as connection:
            logins = (
                connection.execute(sa.select(audit.AuditEntry.login).order_by(audit.AuditEntry.id))
                .scalars()
                .all()
            )
            assert audit.verify_audit_chain(connection) is None
        assert sorted(logins) == ["pc-1"] * ENTRIES_PER_WRITER + ["pc-2"] * ENTRIES_PER_WRITER
        assert logins != sorted(logins)  # the writers did interleave: the lock was exercised
    finally:
        database.close()
        engine = sa.create_engine(postgres_url)
        with engine.begin() as connection:  # leave an empty database for the next test
            connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        engine.dispose()
