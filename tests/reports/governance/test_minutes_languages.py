"""The minutes print each free text (place, agenda, discussions, resolutions, remarks) in the
document's language: Arabic minutes hold the Arabic texts and none of the French ones when
both exist, and a text written in one language only is printed in it rather than left out.
Read back from the real PDF with pdftotext."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import sqlalchemy as sa

from nassij_desktop.core.governance.models import (
    AgendaItem,
    AssemblyAttendance,
    AssemblyKind,
    AssemblyStatus,
    Attendance,
    GeneralAssembly,
    Resolution,
)
from nassij_desktop.core.members.models import Member
from nassij_desktop.storage import Database

KIND = "assembly-minutes"


def _squeeze(text: str) -> str:
    """Without spaces and the punctuation poppler moves around inside Arabic text."""
    return "".join(text.split()).translate(str.maketrans("", "", ".،%()؛:;'’"))


def _texts(database: Database) -> tuple[int, list[tuple[str | None, str | None]]]:
    """The latest held assembly of the demo, and its texts as (ar, fr) pairs."""
    with database.session() as session:
        assembly = session.scalars(
            sa.select(GeneralAssembly)
            .where(GeneralAssembly.status == AssemblyStatus.HELD)
            .order_by(GeneralAssembly.held_on.desc())
        ).first()
        assert assembly is not None
        pairs = [(assembly.place_ar, assembly.place_fr)]
        for item in assembly.agenda:
            pairs.append((item.title_ar, item.title_fr))
            pairs.append((item.discussion_ar, item.discussion_fr))
        pairs += [(r.text_ar, r.text_fr) for r in assembly.resolutions]
        return assembly.id, [p for p in pairs if p != (None, None)]


def test_the_demo_minutes_are_in_one_language_each(
    demo_database: Database, module_document: Callable, pdf_text: Callable
) -> None:
    _id, pairs = _texts(demo_database)
    assert len(pairs) >= 8 and all(ar and fr for ar, fr in pairs)  # the demo fills both
    arabic = _squeeze(pdf_text(module_document(KIND, "ar"), layout=False))
    french = _squeeze(pdf_text(module_document(KIND, "fr"), layout=False))
    for ar, fr in pairs:
        assert ar is not None and fr is not None
        assert _squeeze(ar) in arabic, ar
        assert _squeeze(fr) not in arabic, fr
        assert _squeeze(fr) in french, fr
        assert _squeeze(ar) not in french, ar


def test_a_text_in_one_language_is_printed_in_both_documents(
    demo: Database, write_document: Callable, tmp_path: Path, pdf_text: Callable
) -> None:
    with demo.transaction() as session:
        members = session.scalars(sa.select(Member).order_by(Member.id).limit(2)).all()
        assembly = GeneralAssembly(
            kind=AssemblyKind.ORDINARY,
            status=AssemblyStatus.HELD,
            held_on=dt.date(2026, 5, 9),
            place_fr="Salle polyvalente",  # French only
            notes_ar="انعقد الجمع العام في الدعوة الثانية",  # Arabic only
            quorum=Fraction(0),
            chair_member_id=members[0].id,
            secretary_member_id=members[1].id,
        )
        assembly.attendance = [
            AssemblyAttendance(member_id=m.id, attendance=Attendance.PRESENT) for m in members
        ]
        assembly.agenda = [
            AgendaItem(position=1, title_ar="التقرير الأدبي", title_fr="Rapport moral"),
            AgendaItem(
                position=2,
                title_ar="إحداث فرع محلي",
                discussion_fr="Le bureau a présenté le projet",
            ),
        ]
        assembly.resolutions = [
            Resolution(position=1, text_fr="Projet adopté", votes_for=2, adopted=True),
            Resolution(position=2, text_ar="صودق على التقرير", votes_for=2, adopted=True),
        ]
        session.add(assembly)
        session.flush()
        assembly_id = assembly.id
    texts = {
        lang: _squeeze(
            pdf_text(
                write_document(demo, KIND, lang, tmp_path / f"{lang}.pdf", record_id=assembly_id),
                layout=False,
            )
        )
        for lang in ("ar", "fr")
    }
    both = [
        "Salle polyvalente",
        "انعقد الجمع العام في الدعوة الثانية",
        "إحداث فرع محلي",
        "Le bureau a présenté le projet",
        "Projet adopté",
        "صودق على التقرير",
    ]
    for lang, text in texts.items():
        for written_once in both:
            assert _squeeze(written_once) in text, (lang, written_once)
    assert _squeeze("التقرير الأدبي") in texts["ar"]
    assert _squeeze("Rapport moral") not in texts["ar"]
    assert _squeeze("Rapport moral") in texts["fr"]
    assert _squeeze("التقرير الأدبي") not in texts["fr"]
