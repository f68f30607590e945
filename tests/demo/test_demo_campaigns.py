"""The demo's fundraising campaigns: last year's closed, with gifts in money and in kind, its
distribution declared before it took place and its report filed in time; this year's open with
its first gifts; both written through the services (audited) and the books still sound."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.donations.campaign_models import CampaignAuthority, CampaignStatus
from nassij_desktop.core.donations.campaigns import (
    campaign_gifts,
    list_campaigns,
    list_distributions,
)
from nassij_desktop.storage import check, open_database
from tests.shared_files import shared_demo

TODAY = dt.date(2026, 4, 20)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_demo(tmp_path_factory, members=30, seed=5, today=TODAY)


def test_one_closed_campaign_with_its_gifts_and_one_open(
    demo_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "demo.sqlite"
    path.write_bytes(demo_template.read_bytes())
    database = open_database(path, backup_dir=tmp_path)
    try:
        with database.session() as session:
            running, closed = list_campaigns(session, CLI_ACTOR)
            assert (closed.status, running.status) == (CampaignStatus.CLOSED, CampaignStatus.OPEN)
            assert closed.authority is CampaignAuthority.GOVERNOR
            assert closed.starts_on.year == TODAY.year - 1
            assert closed.cash_collected > 0 and closed.in_kind_collected > 0
            assert closed.remainder and closed.remainder > 0 and closed.remainder_destination
            assert closed.uses.ar and closed.uses.fr and closed.purpose.ar and closed.purpose.fr
            assert closed.report_filed_on and closed.report_filed_on <= closed.report_due_on
            gifts = campaign_gifts(session, CLI_ACTOR, closed.id)
            assert len(gifts) == closed.gift_count >= 5
            assert sum(g.amount for g in gifts if not g.in_kind) == closed.cash_collected
            [distribution] = list_distributions(session, CLI_ACTOR, closed.id)
            assert distribution.declared_on < distribution.distribution_on <= closed.ends_on
            assert running.starts_on <= TODAY <= running.ends_on
            assert running.gift_count >= 1 and running.treasury_account
            audited = set(
                session.scalars(
                    sa.select(AuditEntry.entity).where(
                        AuditEntry.entity.in_(
                            ["fundraising_campaign", "campaign_gift", "aid_distribution"]
                        )
                    )
                )
            )
            assert audited == {"fundraising_campaign", "campaign_gift", "aid_distribution"}
        assert check(database).ok
    finally:
        database.close()
