import datetime as dt
import enum
from fractions import Fraction

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nassij_desktop.core.common.base import Entity, enum_column
from nassij_desktop.core.common.bilingual import BilingualColumns
from nassij_desktop.i18n import N_


class AssemblyKind(enum.StrEnum):
    CONSTITUTIVE = "constitutive"
    ORDINARY = "ordinary"
    EXTRAORDINARY = "extraordinary"


class AssemblyStatus(enum.StrEnum):
    PLANNED = "planned"
    CONVENED = "convened"
    HELD = "held"
    CANCELLED = "cancelled"


class Attendance(enum.StrEnum):
    PRESENT = "present"
    PROXY = "proxy"  # represented by another member
    EXCUSED = "excused"
    ABSENT = "absent"


class DeclarationKind(enum.StrEnum):
    CREATION = "creation"
    BOARD_CHANGE = "board_change"
    STATUTES_CHANGE = "statutes_change"
    BRANCH = "branch"
    OTHER = "other"


ASSEMBLY_KIND_LABELS = {
    AssemblyKind.CONSTITUTIVE: N_("Constitutive general assembly"),
    AssemblyKind.ORDINARY: N_("Ordinary general assembly"),
    AssemblyKind.EXTRAORDINARY: N_("Extraordinary general assembly"),
}


class BoardRole(Entity):
    """A seat on the board (president, treasurer…) — a configurable, ordered list."""

    __tablename__ = "board_role"

    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    label_ar: Mapped[str] = mapped_column(sa.String(120))
    label_fr: Mapped[str] = mapped_column(sa.String(120))
    label_en: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[int] = mapped_column(default=0)
    # None: any number (advisers). No column default: the ORM would put it in place of an
    # explicit None, and advisers would be limited to one.
    max_holders: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)


class GeneralAssembly(Entity):
    __tablename__ = "general_assembly"

    kind: Mapped[AssemblyKind] = mapped_column(enum_column(AssemblyKind))
    status: Mapped[AssemblyStatus] = mapped_column(
        enum_column(AssemblyStatus), default=AssemblyStatus.PLANNED
    )
    convened_on: Mapped[dt.date | None]
    held_on: Mapped[dt.date]
    starts_at: Mapped[dt.time | None]
    # Free text in Arabic and/or French (core/common/bilingual.py; migration 0011).
    place_ar: Mapped[str | None] = mapped_column(sa.String(300))
    place_fr: Mapped[str | None] = mapped_column(sa.String(300))
    # The share of the voting members the statutes ask for, as an exact fraction in lowest
    # terms (2/3, 1/2, 33/50 for 66 %): read and written through `quorum` (migration 0008).
    quorum_numerator: Mapped[int] = mapped_column(default=1)
    quorum_denominator: Mapped[int] = mapped_column(default=2)
    quorum_reached: Mapped[bool | None]
    chair_member_id: Mapped[int | None] = mapped_column(sa.ForeignKey("member.id"))
    secretary_member_id: Mapped[int | None] = mapped_column(sa.ForeignKey("member.id"))
    notes_ar: Mapped[str | None] = mapped_column(sa.Text)
    notes_fr: Mapped[str | None] = mapped_column(sa.Text)

    agenda: Mapped[list["AgendaItem"]] = relationship(
        back_populates="assembly", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )
    attendance: Mapped[list["AssemblyAttendance"]] = relationship(
        back_populates="assembly",
        cascade="all, delete-orphan",
        foreign_keys="AssemblyAttendance.assembly_id",
    )
    resolutions: Mapped[list["Resolution"]] = relationship(
        back_populates="assembly", order_by="Resolution.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint(
            "quorum_denominator BETWEEN 1 AND 1000 "
            "AND quorum_numerator BETWEEN 0 AND quorum_denominator",
            name="quorum",
        ),
    )

    place = BilingualColumns()

    notes = BilingualColumns()

    @property
    def quorum(self) -> Fraction:
        """The quorum as a share of the voting members (core.governance.quorum says how it is
        counted, checked and written)."""
        return Fraction(self.quorum_numerator, self.quorum_denominator)

    @quorum.setter
    def quorum(self, value: Fraction) -> None:
        share = Fraction(value)  # in lowest terms
        self.quorum_numerator, self.quorum_denominator = share.numerator, share.denominator


class AgendaItem(Entity):
    __tablename__ = "agenda_item"

    assembly_id: Mapped[int] = mapped_column(
        sa.ForeignKey("general_assembly.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    # At least one language of the title (the services check it).
    title_ar: Mapped[str | None] = mapped_column(sa.String(400))
    title_fr: Mapped[str | None] = mapped_column(sa.String(400))
    discussion_ar: Mapped[str | None] = mapped_column(sa.Text)
    discussion_fr: Mapped[str | None] = mapped_column(sa.Text)

    assembly: Mapped[GeneralAssembly] = relationship(back_populates="agenda")

    title = BilingualColumns()

    discussion = BilingualColumns()


class AssemblyAttendance(Entity):
    __tablename__ = "assembly_attendance"

    assembly_id: Mapped[int] = mapped_column(
        sa.ForeignKey("general_assembly.id", ondelete="CASCADE")
    )
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"), index=True)
    attendance: Mapped[Attendance] = mapped_column(enum_column(Attendance))
    proxy_holder_id: Mapped[int | None] = mapped_column(sa.ForeignKey("member.id"))

    assembly: Mapped[GeneralAssembly] = relationship(
        back_populates="attendance", foreign_keys=[assembly_id]
    )

    __table_args__ = (
        sa.UniqueConstraint("assembly_id", "member_id"),
        sa.CheckConstraint(
            "(attendance = 'proxy') = (proxy_holder_id IS NOT NULL)", name="proxy_holder"
        ),
    )


class Resolution(Entity):
    __tablename__ = "resolution"

    assembly_id: Mapped[int] = mapped_column(
        sa.ForeignKey("general_assembly.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    position: Mapped[int]
    # At least one language (the services check it).
    text_ar: Mapped[str | None] = mapped_column(sa.Text)
    text_fr: Mapped[str | None] = mapped_column(sa.Text)
    votes_for: Mapped[int] = mapped_column(default=0)
    votes_against: Mapped[int] = mapped_column(default=0)
    votes_abstain: Mapped[int] = mapped_column(default=0)
    adopted: Mapped[bool]

    assembly: Mapped[GeneralAssembly] = relationship(back_populates="resolutions")

    text = BilingualColumns()

    __table_args__ = (
        sa.CheckConstraint(
            "votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0", name="votes"
        ),
    )


class BoardTerm(Entity):
    __tablename__ = "board_term"

    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date | None]
    elected_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("general_assembly.id", ondelete="SET NULL")
    )
    notes_ar: Mapped[str | None] = mapped_column(sa.Text)
    notes_fr: Mapped[str | None] = mapped_column(sa.Text)

    seats: Mapped[list["BoardSeat"]] = relationship(
        back_populates="term", cascade="all, delete-orphan"
    )

    notes = BilingualColumns()

    __table_args__ = (sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates"),)


class BoardSeat(Entity):
    """A member holding a role during (part of) a term."""

    __tablename__ = "board_seat"

    term_id: Mapped[int] = mapped_column(
        sa.ForeignKey("board_term.id", ondelete="CASCADE"), index=True
    )
    role_id: Mapped[int] = mapped_column(sa.ForeignKey("board_role.id"))
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"), index=True)
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date | None]

    term: Mapped[BoardTerm] = relationship(back_populates="seats")
    role: Mapped[BoardRole] = relationship(lazy="joined")


class AuthorityDeclaration(Entity):
    """A file lodged with the local authority (caïdat, pachalik): creation, board change…"""

    __tablename__ = "authority_declaration"

    kind: Mapped[DeclarationKind] = mapped_column(enum_column(DeclarationKind))
    due_on: Mapped[dt.date | None]  # one month after the change (Dahir 1-58-376, art. 5)
    filed_on: Mapped[dt.date | None]
    authority: Mapped[str | None] = mapped_column(sa.String(200))
    receipt_number: Mapped[str | None] = mapped_column(sa.String(60))
    receipt_date: Mapped[dt.date | None]
    assembly_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("general_assembly.id", ondelete="SET NULL")
    )
    board_term_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("board_term.id", ondelete="SET NULL")
    )
    receipt_attachment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("attachment.id", ondelete="SET NULL")
    )
    # What the file held… in Arabic and/or French (core/common/bilingual.py).
    notes_ar: Mapped[str | None] = mapped_column(sa.Text)
    notes_fr: Mapped[str | None] = mapped_column(sa.Text)

    notes = BilingualColumns()
