import datetime as dt
import enum
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nassij_desktop.core.common.base import Entity, enum_column
from nassij_desktop.i18n import N_, NG_


class Gender(enum.StrEnum):
    MALE = "m"
    FEMALE = "f"


class MemberStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    RESIGNED = "resigned"
    DECEASED = "deceased"
    EXCLUDED = "excluded"


class IdentityDocument(enum.StrEnum):
    CIN = "cin"
    RESIDENCE_CARD = "residence_card"
    PASSPORT = "passport"


class PaymentMethod(enum.StrEnum):
    CASH = "cash"
    CHEQUE = "cheque"
    TRANSFER = "transfer"
    CARD = "card"
    MOBILE = "mobile"


GENDER_LABELS = {Gender.MALE: N_("Male"), Gender.FEMALE: N_("Female")}
# A member's status is said of that member (نشيطة, مشطب عليها, Radiée): shown for one member
# through `core.common.gendered.gendered(STATUS_LABELS[status], gender)`; a filter or a count
# uses the masculine form, `_()`.
STATUS_LABELS = {
    MemberStatus.ACTIVE: NG_("Active"),
    MemberStatus.SUSPENDED: NG_("Suspended"),
    MemberStatus.RESIGNED: NG_("Resigned"),
    MemberStatus.DECEASED: NG_("Deceased"),
    MemberStatus.EXCLUDED: NG_("Excluded"),
}
IDENTITY_DOCUMENT_LABELS = {
    IdentityDocument.CIN: N_("National identity card (CIN)"),
    IdentityDocument.RESIDENCE_CARD: N_("Residence card"),
    IdentityDocument.PASSPORT: N_("Passport"),
}
PAYMENT_METHOD_LABELS = {
    PaymentMethod.CASH: N_("Cash"),
    PaymentMethod.CHEQUE: N_("Cheque"),
    PaymentMethod.TRANSFER: N_("Bank transfer"),
    PaymentMethod.CARD: N_("Card"),
    PaymentMethod.MOBILE: N_("Mobile payment"),
}


# A sort key compares by code point everywhere: SQLite compares text so (BINARY), PostgreSQL
# only in the "C" collation (a server's default, fr_FR or ar_MA, would ignore the space that
# ends a family name, and order letters its own way).
SORT_KEY = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")


class MemberCategory(Entity):
    """Active, honorary, benefactor, youth… — configurable, each with its usual yearly dues."""

    __tablename__ = "member_category"

    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    label_ar: Mapped[str] = mapped_column(sa.String(120))
    label_fr: Mapped[str] = mapped_column(sa.String(120))
    label_en: Mapped[str] = mapped_column(sa.String(120))
    default_dues: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    votes: Mapped[bool] = mapped_column(default=True)  # counts for assembly quorum
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class Member(Entity):
    __tablename__ = "member"

    number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    last_name_ar: Mapped[str | None] = mapped_column(sa.String(120))
    first_name_ar: Mapped[str | None] = mapped_column(sa.String(120))
    last_name_lat: Mapped[str | None] = mapped_column(sa.String(120))
    first_name_lat: Mapped[str | None] = mapped_column(sa.String(120))
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender, 1))
    birth_date: Mapped[dt.date | None]
    birth_place: Mapped[str | None] = mapped_column(sa.String(120))
    nationality: Mapped[str] = mapped_column(sa.String(2), default="MA")  # ISO 3166 alpha-2
    id_document: Mapped[IdentityDocument] = mapped_column(
        enum_column(IdentityDocument), default=IdentityDocument.CIN
    )
    id_number: Mapped[str | None] = mapped_column(sa.String(20))
    profession: Mapped[str | None] = mapped_column(sa.String(120))
    # The address in Latin letters and in Arabic, as names are kept (migration 0010): each
    # document prints the one in its language, else the other (core/common/names.py).
    address: Mapped[str | None] = mapped_column(sa.String(400))
    address_ar: Mapped[str | None] = mapped_column(sa.String(400))
    city: Mapped[str | None] = mapped_column(sa.String(120))
    phone: Mapped[str | None] = mapped_column(sa.String(20))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    join_date: Mapped[dt.date]
    status: Mapped[MemberStatus] = mapped_column(
        enum_column(MemberStatus), default=MemberStatus.ACTIVE
    )
    status_since: Mapped[dt.date]
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("member_category.id"))
    consent_date: Mapped[dt.date | None]  # law 09-08: consent to the processing of their data
    consent_scope: Mapped[str | None] = mapped_column(sa.String(400))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    # Normalised names, number and phone for search (see core.common.textnorm); kept by services.
    search_text: Mapped[str] = mapped_column(sa.Text, default="")
    # The keys the list is ordered by, for an Arabic and for a French reader
    # (core.common.names.sort_name); kept by services with `search_text` (migration 0009).
    sort_name_ar: Mapped[str] = mapped_column(SORT_KEY, default="", server_default="")
    sort_name_lat: Mapped[str] = mapped_column(SORT_KEY, default="", server_default="")

    category: Mapped[MemberCategory] = relationship(lazy="joined")
    status_history: Mapped[list["MemberStatusChange"]] = relationship(
        back_populates="member", order_by="MemberStatusChange.effective_on", cascade="all"
    )
    dues: Mapped[list["DuesPayment"]] = relationship(
        back_populates="member", order_by="DuesPayment.year", cascade="all"
    )

    __table_args__ = (
        # The list ordered by name, read a page at a time along these (migration 0009).
        sa.Index("ix_member_sort_name_ar", "sort_name_ar"),
        sa.Index("ix_member_sort_name_lat", "sort_name_lat"),
        sa.Index("ix_member_status", "status"),
        sa.Index("ix_member_city", "city"),
        sa.Index("ix_member_id_number", "id_number"),
        # Filters of the members page: with the search index, count the matches of a filter
        # from a short stretch of an index instead of reading every member (migration 0005).
        sa.Index("ix_member_category_id", "category_id"),
        sa.Index("ix_member_gender", "gender"),
        # The list ordered by join date, read a page at a time along it (migration 0007).
        sa.Index("ix_member_join_date", "join_date"),
        sa.CheckConstraint(
            "coalesce(last_name_ar, '') <> '' OR coalesce(last_name_lat, '') <> ''", name="has_name"
        ),
    )


class MemberStatusChange(Entity):
    __tablename__ = "member_status_change"

    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[MemberStatus | None] = mapped_column(enum_column(MemberStatus))
    to_status: Mapped[MemberStatus] = mapped_column(enum_column(MemberStatus))
    effective_on: Mapped[dt.date]
    reason: Mapped[str | None] = mapped_column(sa.Text)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    member: Mapped[Member] = relationship(back_populates="status_history")


class DuesPayment(Entity):
    """Dues (واجب الانخراط / cotisation) paid by a member for a year."""

    __tablename__ = "dues_payment"

    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id", ondelete="RESTRICT"))
    year: Mapped[int]
    amount: Mapped[Decimal]
    paid_on: Mapped[dt.date]
    method: Mapped[PaymentMethod] = mapped_column(enum_column(PaymentMethod))
    receipt_number: Mapped[str] = mapped_column(sa.String(30), unique=True)
    journal_entry_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("journal_entry.id", ondelete="SET NULL")
    )
    notes: Mapped[str | None] = mapped_column(sa.Text)

    member: Mapped[Member] = relationship(back_populates="dues")

    __table_args__ = (
        sa.Index("ix_dues_payment_year_member", "year", "member_id"),
        sa.Index("ix_dues_payment_member_id", "member_id"),
        sa.CheckConstraint("amount > 0", name="positive_amount"),
    )
