"""Four real processes save the same member at once on PostgreSQL, round after round: in each
round exactly one save wins, the others are refused with `ConflictError` (never another error),
and the row holds the winner's value and nothing of the refused ones."""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.services import MemberData, create_member, get_member
from nassij_desktop.storage import Database, open_database

PROCESSES = 4
ROUNDS = 5
FIELDS = ("city", "birth_place", "address", "profession")  # one each: different fields
WAIT = 60  # seconds a barrier waits before the test fails rather than hangs


def _value(process: int, round_: int) -> str:
    return f"P{process} R{round_}"


def _editor(url: str, member_id: int, process: int, barrier: Any, results: Any) -> None:
    """One computer: each round, open the member, wait for the others to have opened it too,
    save its own field, tell how it went."""
    from nassij_desktop.core.common.errors import ConflictError
    from nassij_desktop.core.members.services import update_member

    database = open_database(url)
    try:
        for round_ in range(ROUNDS):
            barrier.wait(WAIT)  # the round starts
            with database.session() as session:
                version = get_member(session, CLI_ACTOR, member_id).version
            barrier.wait(WAIT)  # everyone has opened the same version
            try:
                with database.transaction() as session:
                    update_member(
                        session,
                        CLI_ACTOR,
                        member_id,
                        version,
                        **{FIELDS[process]: _value(process, round_)},
                    )
                outcome = "won"
            except ConflictError as error:
                outcome = f"conflict {error.version}"
            except Exception as error:
                outcome = f"error {type(error).__name__}: {error}"
            results.put((round_, process, outcome))
            barrier.wait(WAIT)  # the round is over: the test looks at the row
    finally:
        database.close()


@pytest.fixture
def pg(postgres_url: str) -> Iterator[Database]:
    database = open_database(postgres_url)
    with database.transaction() as session:
        create_association(
            session, CLI_ACTOR, AssociationProfile(name_ar="جمعية الأمل", name_fr="Al Amal")
        )
    yield database
    database.close()
    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:  # leave an empty database for the next test
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()


def test_of_simultaneous_saves_one_wins_the_others_are_refused(
    pg: Database, postgres_url: str
) -> None:
    with pg.transaction() as session:
        member_id = create_member(
            session, CLI_ACTOR, MemberData(last_name_lat="Tazi", first_name_lat="Ghita")
        ).id
    # Forked (a new interpreter would cost a second or two of imports each): without this
    # process's connections, which the children must not share.
    pg.engine.dispose()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(PROCESSES + 1)
    results = context.Queue()
    editors = [
        context.Process(target=_editor, args=(postgres_url, member_id, i, barrier, results))
        for i in range(PROCESSES)
    ]
    for editor in editors:
        editor.start()
    try:
        expected = dict.fromkeys(FIELDS)
        for round_ in range(ROUNDS):
            barrier.wait(WAIT)
            barrier.wait(WAIT)
            outcomes = {
                process: outcome
                for got_round, process, outcome in (
                    results.get(timeout=WAIT) for _ in range(PROCESSES)
                )
                if got_round == round_
            }
            barrier.wait(WAIT)
            assert len(outcomes) == PROCESSES, outcomes
            winners = [p for p, outcome in outcomes.items() if outcome == "won"]
            assert len(winners) == 1, outcomes
            refused = [o for p, o in outcomes.items() if p != winners[0]]
            assert all(o.startswith("conflict ") for o in refused), outcomes
            expected[FIELDS[winners[0]]] = _value(winners[0], round_)
            with pg.session() as session:
                stored = get_member(session, CLI_ACTOR, member_id)
            assert {field: getattr(stored, field) for field in FIELDS} == expected
            # The refused were told the version the winner saved.
            assert {o.split()[1] for o in refused} <= {str(stored.version)}
    finally:
        for editor in editors:
            editor.join(WAIT)
        try:
            while True:
                results.get_nowait()
        except queue.Empty:
            pass
    assert [editor.exitcode for editor in editors] == [0] * PROCESSES
