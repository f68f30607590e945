"""The personal-data document (law 09-08, right of access), in Arabic and French, read back
with pdftotext: the member's name, their dues (receipt and amount), the sections said empty,
and the permission."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members.models import DuesPayment, Member
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import open_database
from tests.support import DemoFile


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_personal_data_pdf(
    demo_file: DemoFile, tmp_path: Path, pdf_text: Callable[..., str], lang: str
) -> None:
    database = open_database(demo_file(members=60, seed=3))
    try:
        with database.session() as session:
            payment = session.scalars(sa.select(DuesPayment).order_by(DuesPayment.id)).first()
            assert payment is not None
            member = session.get(Member, payment.member_id)
            assert member is not None
            out = tmp_path / f"personal-{lang}.pdf"
            request = ReportRequest(lang=lang, out=out, record_id=member.id)  # type: ignore[arg-type]
            result = produce_report(session, CLI_ACTOR, "personal-data", request)
            with pytest.raises(PermissionDenied):
                produce_report(session, Actor(None, "t", Role.TREASURER), "personal-data", request)
            name = (
                f"{member.first_name_ar} {member.last_name_ar}"
                if lang == "ar"
                else f"{member.first_name_lat} {member.last_name_lat}"
            )
            receipt, amount = payment.receipt_number, f"{payment.amount:.2f}".replace(".", ",")
    finally:
        database.close()
    assert result.pages >= 1
    text = " ".join(pdf_text(out, layout=False).split())
    assert name in text
    assert receipt in text
    assert amount in text  # dues are below a thousand dirhams: no group separator
    if lang == "fr":
        assert "Données personnelles détenues sur" in text and "loi n° 09-08" in text
    else:
        assert "المعطيات الشخصية المحفوظة عن" in text
