"""Migration 0019 on a file at 0018 holding a logical framework typed in one language: each
text goes into the column of its language (the file's language, unless its letters say
otherwise: Arabic letters Arabic, Latin letters French), the framework reads the same through
the service; going down puts each text back into one column, the file's language first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.funding.logframe import request_logframe
from nassij_desktop.storage import check, migrate, open_database
from tests.storage.test_migration_0017 import _at_0017

NOW = dt.datetime(2025, 6, 1, 10, 0)
OBJECTIVE = "الحد من الهدر المدرسي"
RESULT = "Les résultats progressent"


def _at_0018(path: Path, file_language: str) -> None:
    """The request of 0017 with a framework of mixed scripts, in a file of `file_language`."""
    _at_0017(path)
    engine = sa.create_engine(f"sqlite:///{path}")
    stamp = {"t": NOW}
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0018")
        connection.execute(sa.text("DELETE FROM association"))
        connection.execute(
            sa.text(
                "INSERT INTO association (id, name_ar, name_fr, public_utility, "
                "fiscal_year_start_month, default_language, created_at, updated_at, version) "
                "VALUES (1, 'جمعية الأمل', 'Association Al Amal', 0, 1, :lang, :t, :t, 1)"
            ),
            {**stamp, "lang": file_language},
        )
        for statement in (
            "INSERT INTO funding_logframe (id, request_id, objective, beneficiaries_count, "
            f"beneficiaries, created_at, updated_at, version) VALUES (1, 1, '{OBJECTIVE}', 40, "
            "NULL, :t, :t, 1)",
            "INSERT INTO funding_result (id, logframe_id, position, label, created_at, "
            f"updated_at, version) VALUES (1, 1, 1, '{RESULT}', :t, :t, 1)",
            "INSERT INTO funding_planned_activity (id, result_id, position, label, starts_on, "
            "ends_on, created_at, updated_at, version) VALUES (1, 1, 1, 'حصص الدعم', "
            "'2025-09-01', NULL, :t, :t, 1)",
            "INSERT INTO funding_indicator (id, result_id, position, label, unit, baseline, "
            "target, achieved, created_at, updated_at, version) VALUES (1, 1, 1, 'Taux', '%', "
            "'58', '80', NULL, :t, :t, 1)",
        ):
            connection.execute(sa.text(statement), stamp)
    engine.dispose()


@pytest.mark.parametrize("file_language", ["ar", "fr"])
def test_each_text_goes_into_the_column_of_its_language(tmp_path: Path, file_language: str) -> None:
    path = tmp_path / "old.sqlite"
    _at_0018(path, file_language)
    database = open_database(path, backup_dir=tmp_path)  # 0019 and any later, then the checks
    try:
        assert check(database).ok, check(database).problems
        with database.session() as session:
            logframe = request_logframe(session, CLI_ACTOR, 1)
    finally:
        database.close()
    assert logframe is not None
    assert logframe.objective == Bilingual(OBJECTIVE, None)  # Arabic letters, in any file
    assert logframe.beneficiaries == Bilingual()
    assert logframe.beneficiaries_count == 40
    result = logframe.results[0]
    assert result.label == Bilingual(None, RESULT)  # Latin letters, in any file
    assert result.activities[0].label == Bilingual("حصص الدعم", None)
    indicator = result.indicators[0]
    assert indicator.label == Bilingual(None, "Taux")
    # No letter: the file's language.
    assert indicator.unit == Bilingual(**{file_language: "%"})
    assert str(indicator.target) == "80"


def test_going_down_puts_each_text_back_into_one_column(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _at_0018(path, "fr")
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0019")
        connection.execute(
            sa.text(
                "UPDATE funding_logframe SET objective_fr = 'Réduire l''abandon scolaire', "
                "beneficiaries_ar = 'تلاميذ'"
            )
        )
        command.downgrade(migrate.alembic_config(connection), "0018")
    with engine.connect() as connection:
        head = connection.execute(
            sa.text("SELECT objective, beneficiaries FROM funding_logframe")
        ).one()
        labels = connection.execute(sa.text("SELECT label, unit FROM funding_indicator")).one()
        result = connection.execute(sa.text("SELECT label FROM funding_result")).scalar_one()
        columns = {c["name"] for c in sa.inspect(connection).get_columns("funding_indicator")}
        assert migrate.schema_state(connection).current == "0018"
    engine.dispose()
    # The file's language (French) first, else the other one.
    assert tuple(head) == ("Réduire l'abandon scolaire", "تلاميذ")
    assert tuple(labels) == ("Taux", "%")
    assert result == RESULT
    assert not {"label_ar", "label_fr", "unit_ar", "unit_fr"} & columns
