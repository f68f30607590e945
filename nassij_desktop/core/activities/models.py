import datetime as dt
import enum
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nassij_desktop.core.common.base import Entity, enum_column
from nassij_desktop.core.members.models import Gender


class AgeGroup(enum.StrEnum):
    CHILD = "0-14"
    YOUTH = "15-24"
    ADULT = "25-59"
    SENIOR = "60+"


class ActivityKind(enum.StrEnum):
    TRAINING = "training"
    AWARENESS = "awareness"
    DISTRIBUTION = "distribution"
    CULTURAL = "cultural"
    SPORTS = "sports"
    HEALTH = "health"
    ENVIRONMENT = "environment"
    MEETING = "meeting"
    OTHER = "other"


class AttachmentRole(enum.StrEnum):
    PHOTO = "photo"
    ATTENDANCE_SHEET = "attendance_sheet"
    OTHER = "other"


class Programme(Entity):
    __tablename__ = "programme"

    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name_ar: Mapped[str] = mapped_column(sa.String(200))
    name_fr: Mapped[str] = mapped_column(sa.String(200))
    active: Mapped[bool] = mapped_column(default=True)


class Activity(Entity):
    __tablename__ = "activity"

    title: Mapped[str] = mapped_column(sa.String(300))
    programme_id: Mapped[int | None] = mapped_column(sa.ForeignKey("programme.id"))
    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind))
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime | None]
    place: Mapped[str | None] = mapped_column(sa.String(300))
    commune: Mapped[str | None] = mapped_column(sa.String(120))
    province: Mapped[str | None] = mapped_column(sa.String(120))
    region_code: Mapped[str | None] = mapped_column(sa.String(2))
    description: Mapped[str | None] = mapped_column(sa.Text)
    partners: Mapped[str | None] = mapped_column(sa.String(500))  # names, as typed (0018)
    cost: Mapped[Decimal | None]  # what it cost the association, in centimes (0018)
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("project.id", ondelete="SET NULL"), index=True
    )
    funding_request_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("funding_request.id", ondelete="SET NULL"), index=True
    )
    logged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    beneficiaries: Mapped[list["BeneficiaryCount"]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )
    volunteers: Mapped[list["VolunteerTime"]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )
    attachments: Mapped[list["ActivityAttachment"]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.Index("ix_activity_starts_at", "starts_at"),
        sa.CheckConstraint("ends_at IS NULL OR ends_at >= starts_at", name="dates"),
    )


class BeneficiaryCount(Entity):
    __tablename__ = "beneficiary_count"

    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("activity.id", ondelete="CASCADE"))
    gender: Mapped[Gender] = mapped_column(enum_column(Gender, 1))
    age_group: Mapped[AgeGroup] = mapped_column(enum_column(AgeGroup, 8))
    count: Mapped[int]

    activity: Mapped[Activity] = relationship(back_populates="beneficiaries")

    __table_args__ = (
        sa.UniqueConstraint("activity_id", "gender", "age_group"),
        sa.CheckConstraint("count >= 0", name="count"),
    )


class VolunteerTime(Entity):
    __tablename__ = "volunteer_time"

    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("activity.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"), index=True)
    minutes: Mapped[int]  # whole minutes: hours are shown, never stored as floats

    activity: Mapped[Activity] = relationship(back_populates="volunteers")

    __table_args__ = (
        sa.UniqueConstraint("activity_id", "member_id"),
        sa.CheckConstraint("minutes >= 0", name="minutes"),
    )


class ActivityAttachment(Entity):
    __tablename__ = "activity_attachment"

    activity_id: Mapped[int] = mapped_column(
        sa.ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    attachment_id: Mapped[int] = mapped_column(sa.ForeignKey("attachment.id"))
    role: Mapped[AttachmentRole] = mapped_column(enum_column(AttachmentRole))

    activity: Mapped[Activity] = relationship(back_populates="attachments")
