"""The free text of an assembly (place, agenda, discussions, resolutions, remarks) in Arabic
and/or French: both kept, at least one where the text is required (refused naming the field,
in the interface's language), read in a language with the other as fallback."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.bilingual import Bilingual, as_bilingual, language_of, text_in
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.governance.services import (
    AssemblyData,
    convene_assembly,
    get_assembly,
    open_session,
    record_minutes,
    record_resolution,
)
from nassij_desktop.i18n import set_language
from nassij_desktop.storage import Database

HELD_ON = dt.date(2025, 6, 14)
PLACE = Bilingual("دار الشباب بتيزنيت", "Maison des jeunes de Tiznit")
MORAL = Bilingual("التقرير الأدبي", "Rapport moral")
FINANCIAL = Bilingual(None, "Rapport financier")  # typed in French only


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.transaction() as session:
        yield session


def convocation(**changes: object) -> AssemblyData:
    values: dict[str, object] = {
        "held_on": HELD_ON,
        "convened_on": HELD_ON - dt.timedelta(days=15),
        "place": PLACE,
        "agenda": [MORAL, FINANCIAL],
    }
    values.update(changes)
    return AssemblyData(**values)  # type: ignore[arg-type]


def test_text_in_gives_the_readers_language_else_the_other() -> None:
    assert text_in("ar", "نص", "texte") == "نص"
    assert text_in("fr", "نص", "texte") == "texte"
    assert text_in("ar", None, "texte") == "texte"
    assert text_in("fr", "نص", None) == "نص"
    assert text_in("fr", None, None) == ""
    assert FINANCIAL.text("ar") == "Rapport financier"


def test_one_string_goes_into_the_language_of_its_script() -> None:
    assert language_of("Salle 3, الطابق الأول") == "ar"
    assert language_of("Salle n° ٣،") == "fr"  # Arabic digits and comma are not Arabic words
    assert as_bilingual("مقر الجمعية") == Bilingual(ar="مقر الجمعية")
    assert as_bilingual("Siège") == Bilingual(fr="Siège")
    assert as_bilingual("  ") == Bilingual()


def test_both_languages_are_kept_and_read_with_fallback(session: Session) -> None:
    summary = convene_assembly(session, CLI_ACTOR, convocation())
    detail = get_assembly(session, CLI_ACTOR, summary.id)
    assert detail.summary.place == PLACE
    assert [item.title for item in detail.agenda] == [MORAL, FINANCIAL]
    assert [item.title.text("ar") for item in detail.agenda] == [
        "التقرير الأدبي",
        "Rapport financier",
    ]
    entry = session.scalar(sa.select(AuditEntry).where(AuditEntry.entity == "general_assembly"))
    assert entry is not None
    after = json.loads(entry.after or "{}")
    assert after["agenda"] == [["التقرير الأدبي", "Rapport moral"], [None, "Rapport financier"]]
    assert (after["place_ar"], after["place_fr"]) == (PLACE.ar, PLACE.fr)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"place": Bilingual(" ", None)}, "place", "مكان انعقاد الجمع العام"),
        ({"agenda": [MORAL, Bilingual("", " ")]}, "agenda", "لا بالعربية ولا بالفرنسية"),
        ({"place": Bilingual("ب" * 301, "Salle")}, "place_ar", "المكان بالعربية"),
        ({"agenda": [Bilingual(None, "x" * 401)]}, "agenda_fr", "نقطة جدول الأعمال بالفرنسية"),
    ],
)
def test_a_text_missing_in_both_languages_or_too_long_is_refused_naming_the_field(
    session: Session, changes: dict[str, object], field: str, message: str
) -> None:
    set_language("ar")
    with pytest.raises(ValidationError) as error:
        convene_assembly(session, CLI_ACTOR, convocation(**changes))
    assert error.value.field == field
    assert message in str(error.value)


def test_resolutions_discussions_and_remarks_in_both_languages(session: Session) -> None:
    assembly_id = convene_assembly(session, CLI_ACTOR, convocation()).id
    open_session(session, CLI_ACTOR, assembly_id, today=HELD_ON)
    set_language("fr")
    with pytest.raises(ValidationError) as error:
        record_resolution(session, CLI_ACTOR, assembly_id, Bilingual(None, "  "), 0)
    assert error.value.field == "text"
    assert "en arabe ou en français" in str(error.value)
    record_resolution(
        session, CLI_ACTOR, assembly_id, Bilingual("صودق على التقرير", "Rapport approuvé"), 0
    )
    record_resolution(session, CLI_ACTOR, assembly_id, "قرار بالعربية فقط", 0)
    detail = get_assembly(session, CLI_ACTOR, assembly_id)
    record_minutes(
        session,
        CLI_ACTOR,
        assembly_id,
        discussions={detail.agenda[0].id: Bilingual("نقاش", None)},
        notes=Bilingual(None, "Seconde convocation"),
    )
    detail = get_assembly(session, CLI_ACTOR, assembly_id)
    assert [r.text for r in detail.resolutions] == [
        Bilingual("صودق على التقرير", "Rapport approuvé"),
        Bilingual("قرار بالعربية فقط", None),
    ]
    assert detail.agenda[0].discussion == Bilingual("نقاش", None)
    assert detail.agenda[1].discussion == Bilingual()
    assert detail.notes.text("ar") == "Seconde convocation"  # the French, failing Arabic
