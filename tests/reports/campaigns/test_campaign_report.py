"""The report of a fundraising campaign, read back with pdftotext in Arabic and French: the
authorisation, the amounts in money and in kind, their use and remainder, the gifts by month
without donors' names, the distribution declared, the president's signature; an open campaign
says its amounts are so far; none recorded is one sentence."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.errors import PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.donations.campaign_models import CampaignAuthority
from nassij_desktop.core.donations.campaigns import (
    CampaignData,
    ClosingData,
    DistributionData,
    close_campaign,
    create_campaign,
    declare_distribution,
    link_gift,
)
from nassij_desktop.core.donations.services import DonationData, record_donation
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database

DONOR = "Karim Alaoui"


def _campaign(database: Database, *, close: bool) -> int:
    with database.transaction() as session:
        campaign = create_campaign(
            session,
            CLI_ACTOR,
            CampaignData(
                authorisation_number="2025/417",
                authorised_on=dt.date(2025, 2, 10),
                authority=CampaignAuthority.GOVERNOR,
                starts_on=dt.date(2025, 3, 1),
                ends_on=dt.date(2025, 4, 15),
                purpose=Bilingual("قفة رمضان للأسر المعوزة", "Paniers du Ramadan"),
                bank_account="Banque Populaire Fès",
            ),
        )
        for day, amount, in_kind in (
            (dt.date(2025, 3, 5), "1500.00", False),
            (dt.date(2025, 3, 12), "2400.00", True),
            (dt.date(2025, 4, 2), "600.00", False),
        ):
            data = DonationData(donor_name=DONOR, amount=Decimal(amount), received_on=day)
            if in_kind:
                data.method, data.in_kind = None, True
                data.in_kind_description, data.in_kind_account = "200 kg de farine", "6111"
            else:
                data.method = PaymentMethod.TRANSFER
            link_gift(session, CLI_ACTOR, campaign.id, record_donation(session, CLI_ACTOR, data).id)
        declare_distribution(
            session,
            CLI_ACTOR,
            DistributionData(
                declared_on=dt.date(2025, 3, 20),
                distribution_on=dt.date(2025, 3, 28),
                place="Salle communale",
                nature="Paniers alimentaires",
                quantity="120 paniers",
                beneficiaries=120,
                campaign_id=campaign.id,
            ),
        )
        if close:
            close_campaign(
                session,
                CLI_ACTOR,
                campaign.id,
                ClosingData(
                    amount_used=Decimal("4000.00"),
                    uses=Bilingual("توزيع 120 قفة", "120 paniers distribués"),
                    remainder_destination=Bilingual(
                        "يرصد للدعم المدرسي", "Affecté au soutien scolaire"
                    ),
                    closed_on=dt.date(2025, 4, 20),
                ),
            )
    return campaign.id


def _produce(database: Database, tmp_path: Path, lang: str, record_id: int | None) -> Path:
    out = tmp_path / f"campaign-{lang}.pdf"
    with database.session() as session:
        produce_report(
            session,
            CLI_ACTOR,
            "campaign",
            ReportRequest(lang=lang, out=out, record_id=record_id),  # type: ignore[arg-type]
        )
    return out


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\xa0", " "))


def test_the_closed_campaign_s_report_in_french(
    database: Database, tmp_path: Path, pdf_text: Callable[..., str]
) -> None:
    campaign_id = _campaign(database, close=True)
    text = _flat(pdf_text(_produce(database, tmp_path, "fr", campaign_id), layout=False))
    for expected in (
        "Rapport sur l'appel à la générosité publique",
        "au plus tard le 15 mai 2025",
        "N° de l'autorisation 2025/417",
        "Accordée par Le gouverneur de la province ou préfecture",
        "Objet Paniers du Ramadan",
        "Compte où les dons ont été versés Banque Populaire Fès",
        "Clôturée le 20 avril 2025",
        "En numéraire 2 100,00",
        "En nature (valeur enregistrée) 2 400,00",
        "Total collecté 4 500,00",
        "Montant utilisé 4 000,00",
        "Emplois 120 paniers distribués",
        "Reliquat 500,00",
        "Destination du reliquat Affecté au soutien scolaire",
        "mars 2025 2 1 500,00 2 400,00",
        "avril 2025 1 600,00 0,00",
        "Total 3 2 100,00 2 400,00",
        "Salle communale",
        "120 paniers 120",
        "Le président",
    ):
        assert expected in text, expected
    assert DONOR not in text  # the gifts are summarised, their donors not named
    assert "pas encore clôturée" not in text


def test_the_open_campaign_s_report_in_arabic_by_default_the_latest(
    database: Database, tmp_path: Path, pdf_text: Callable[..., str]
) -> None:
    _campaign(database, close=False)
    text = _flat(pdf_text(_produce(database, tmp_path, "ar", None), layout=False))
    for expected in (
        "تقرير عن التماس الإحسان العمومي",
        "عامل العمالة أو الإقليم",
        "قفة رمضان للأسر المعوزة",
        "لم تختتم الحملة بعد",
        "يبين عند اختتام الحملة",
        "2.100,00",
        "4.500,00",
        "الرئيس",
    ):
        assert expected in text, expected
    assert "Paniers du Ramadan" not in text  # the Arabic purpose, not the French


def test_no_campaign_and_a_reader_without_the_finances_are_refused(
    database: Database, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="No fundraising campaign is recorded yet"):
        _produce(database, tmp_path, "fr", None)
    volunteer = Actor(user_id=None, login="v", role=Role.VOLUNTEER)
    with database.session() as session, pytest.raises(PermissionDenied):
        produce_report(
            session,
            volunteer,
            "campaign",
            ReportRequest(lang="fr", out=tmp_path / "x.pdf"),
        )
