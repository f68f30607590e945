"""Anonymisation on request (law 09-08, art. 8-9): a member's identity taken out of the file
while the books and the minutes stay valid.

What happens to each place the person is held or COPIED:

- The member row: the names become a neutral label with the member number ("Membre anonymisé
  000123" / «عضو مجهول الهوية 000123»), and the CIN, birth date and place, profession, phone,
  e-mail, addresses and notes are cleared. The number, category, gender, nationality, city,
  join date, status and consent stay: the counts by category, gender and year, and the
  quorums of past assemblies, read them.
- Their dues keep year, amount and receipt number (the notes are cleared); their donations
  keep amount, date and receipt, the donor's name becomes the label, identity and address go.
- Their attendance, votes (counted, never named), board seats and volunteer time keep their
  rows: the minutes and the board history then print the label.
- The books: an entry's third party that is the member (their number as its code, or one of
  their dues or donations) becomes the label; the person's full name is replaced by the label
  in entry and line labels and bank statement lines. Amounts, accounts and dates are not
  touched, so every balance is the same. The sealed chain of entries is sealed again from
  the first entry changed (`books.chain.reseal_from`).
- Free texts that may name them (status change reasons, assemblies' notes, agenda items'
  discussions, resolutions, board terms' notes, activities' descriptions and partners): the
  full name replaced by the label.
- The audit log: in every older entry about them, or whose values hold their name, CIN, phone
  or e-mail, those values are taken out, then the chain is sealed again from the first entry
  changed (`audit.reseal_from`); the anonymisation itself is a new entry on the member
  (action "anonymise": the reason, and how many rows of each kind were changed — never the
  values taken out).
- Sealing again never blesses an alteration: both chains are verified first, in the same
  transaction, and a broken chain refuses the anonymisation.

Refused while the person is still a member (record their departure first: the register must
name the members, dahir 1-58-376), holds a seat on the board now (the board declared to the
authority must be named), or has an active user account (deactivate it first). Refused, too,
once done.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.activities.models import Activity
from nassij_desktop.core.association.models import Association
from nassij_desktop.core.books import chain
from nassij_desktop.core.books.models import BankStatementLine, JournalEntry, JournalLine
from nassij_desktop.core.common import audit, clock
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import Conflict, ValidationError
from nassij_desktop.core.common.names import join_names
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.validators import TextKind, clean_text
from nassij_desktop.core.donations.models import Donation
from nassij_desktop.core.governance.models import (
    AgendaItem,
    AuthorityDeclaration,
    BoardSeat,
    BoardTerm,
    GeneralAssembly,
    Resolution,
)
from nassij_desktop.core.members.dues import LEFT
from nassij_desktop.core.members.models import DuesPayment, Member, MemberStatusChange
from nassij_desktop.core.members.services import member_sort_names, search_text_of
from nassij_desktop.core.privacy.access import (
    ANONYMISE_ACTION,
    audit_keys,
    is_anonymised,
    member_row,
)
from nassij_desktop.core.privacy.records import AnonymisedMember
from nassij_desktop.core.users.models import User
from nassij_desktop.i18n import N_, _, translate_in

ANONYMOUS = N_("Anonymised member")
# The member's fields emptied (the names get the label).
CLEARED_FIELDS = (
    "birth_date",
    "birth_place",
    "id_number",
    "profession",
    "address",
    "address_ar",
    "phone",
    "email",
    "notes",
)
NAME_FIELDS = ("first_name_ar", "last_name_ar", "first_name_lat", "last_name_lat")
# Keys of an audit entry's values that hold a person's identity, whatever the entity.
_IDENTITY_KEYS = frozenset(
    {*CLEARED_FIELDS, "donor_identity", "donor_address", "consent_scope", "search_text"}
)
_NAME_KEYS = frozenset({*NAME_FIELDS, "donor_name", "third_party", "full_name"})
# Free texts where a person's full name may have been typed. A donation recorded without
# picking the member ("Amna RADI", typed) names the same person: its donor and the entry's
# third party are free texts too.
_TEXTS: tuple[sa.orm.InstrumentedAttribute[Any], ...] = (
    MemberStatusChange.reason,
    Donation.donor_name,
    Donation.donor_identity,
    Donation.donor_address,
    JournalEntry.third_party,
    JournalEntry.label,
    JournalLine.label,
    BankStatementLine.label,
    GeneralAssembly.notes_ar,
    GeneralAssembly.notes_fr,
    AgendaItem.title_ar,
    AgendaItem.title_fr,
    AgendaItem.discussion_ar,
    AgendaItem.discussion_fr,
    Resolution.text_ar,
    Resolution.text_fr,
    BoardTerm.notes_ar,
    BoardTerm.notes_fr,
    AuthorityDeclaration.notes_ar,
    AuthorityDeclaration.notes_fr,
    Activity.description,
    Activity.partners,
)


def anonymous_name(lang: str, number: str) -> str:
    """The neutral label a person becomes: "Membre anonymisé 000123"."""
    return f"{translate_in(lang, ANONYMOUS)} {number}"


def _variants(member: Member) -> list[str]:
    """The person's full names as the file may have copied them, longest first."""
    found = set()
    for first, last in (
        (member.first_name_ar, member.last_name_ar),
        (member.first_name_lat, member.last_name_lat),
    ):
        for family_first in (False, True):
            name = join_names(first, last, family_first=family_first)
            if name.strip():
                found.add(name)
    return sorted(found, key=len, reverse=True)


@functools.lru_cache(maxsize=64)
def _typed(value: str) -> re.Pattern[str]:
    """`value` as a person may have typed it into a free text: in any case ("Ghita TAZI"),
    any run of spaces between its words."""
    return re.compile(r"\s+".join(re.escape(word) for word in value.split()), re.IGNORECASE)


def _replace(text: str, names: Iterable[str], label: str, others: Iterable[str]) -> str:
    for name in names:
        text = _typed(name).sub(lambda _match: label, text)
    for value in others:
        if value.strip():
            text = _typed(value).sub("", text)
    return text


def refusal(session: Session, member: Member, today: dt.date) -> str | None:
    """Why the member may not be anonymised now (None: they may)."""
    if is_anonymised(session, member.id):
        return _("Member {number} is already anonymised.").format(number=member.number)
    if member.status not in LEFT:
        return _(
            "Member {number} is still a member: record their departure first (the register "
            "must name the members)."
        ).format(number=member.number)
    seat = session.scalar(
        sa.select(BoardSeat.id)
        .where(
            BoardSeat.member_id == member.id,
            sa.or_(BoardSeat.ends_on.is_(None), BoardSeat.ends_on >= today),
        )
        .limit(1)
    )
    if seat is not None:
        return _(
            "Member {number} holds a seat on the board: the board declared to the authority "
            "must be named. End the seat first."
        ).format(number=member.number)
    account = session.scalar(
        sa.select(User.login).where(User.member_id == member.id, User.active.is_(True))
    )
    if account is not None:
        return _(
            "Member {number} has an active user account ({login}): deactivate it first."
        ).format(number=member.number, login=account)
    return None


def _check_chains(session: Session) -> None:
    broken = chain.verify_entry_chain(session)
    if broken is not None:
        raise Conflict(broken.message)
    audit_break = audit.verify_audit_chain(session)
    if audit_break is not None:
        raise Conflict(audit_break.message)


def anonymise_member(
    session: Session, actor: Actor, number: str, *, reason: str, today: dt.date | None = None
) -> AnonymisedMember:
    """Take the identity of member `number` out of the file (see the module), in the
    caller's transaction; the anonymisation is logged with its reason."""
    actor.require(Permission.PRIVACY_MANAGE)
    cleaned = clean_text(reason, field="reason", kind=TextKind.TEXT, max_length=1000)
    if not cleaned:
        raise ValidationError("reason", _("Say why (the request, or the retention rule)."))
    member = member_row(session, number)
    problem = refusal(session, member, today or clock.today())
    if problem is not None:
        raise Conflict(problem)
    _check_chains(session)
    return _anonymise(session, actor, member, cleaned)


def _anonymise(session: Session, actor: Actor, member: Member, reason: str) -> AnonymisedMember:
    """The anonymisation of one member whose refusal was checked, chains verified."""
    lang = session.scalar(sa.select(Association.default_language)) or "ar"
    label = anonymous_name(lang, member.number)
    names = _variants(member)
    others = [v for v in (member.id_number, member.phone, member.email) if v]
    account = session.scalar(sa.select(User).where(User.member_id == member.id))
    audit_about = audit_keys(session, member.id, None if account is None else account.id)

    # The member's dues and donations, and the entries that name them as third party.
    donations = list(session.scalars(sa.select(Donation).where(Donation.member_id == member.id)))
    entry_ids = {
        *session.scalars(
            sa.select(DuesPayment.journal_entry_id).where(
                DuesPayment.member_id == member.id, DuesPayment.journal_entry_id.is_not(None)
            )
        ),
        *(d.journal_entry_id for d in donations if d.journal_entry_id),
        *(d.cancel_entry_id for d in donations if d.cancel_entry_id),
        *session.scalars(
            sa.select(JournalEntry.id).where(JournalEntry.third_party_code == member.number)
        ),
    }
    for donation in donations:
        donation.donor_name = label
        donation.donor_identity = None
        donation.donor_address = None
    session.execute(
        sa.update(DuesPayment).where(DuesPayment.member_id == member.id).values(notes=None)
    )
    changed_entries: set[int] = set()
    for entry in session.scalars(sa.select(JournalEntry).where(JournalEntry.id.in_(entry_ids))):
        if entry.third_party is not None and entry.third_party != label:
            entry.third_party = label
            changed_entries.add(entry.id)
    if account is not None:
        account.full_name = label

    # Free texts that hold the full name (or the CIN, phone, e-mail).
    texts = 0
    for column in _TEXTS:
        table = column.class_
        wanted = [*names, *others]
        if not wanted:
            break
        rows = session.execute(
            sa.select(table.id, column).where(sa.or_(*(column.contains(v) for v in wanted)))
        ).all()
        for row_id, text in rows:
            session.execute(
                sa.update(table)
                .where(table.id == row_id)
                .values({column.key: _replace(text, names, label, others)})
            )
            texts += 1
            if table is JournalEntry:
                changed_entries.add(row_id)
            elif table is JournalLine:
                changed_entries.update(
                    session.scalars(sa.select(JournalLine.entry_id).where(JournalLine.id == row_id))
                )

    # The member row itself.
    for field in CLEARED_FIELDS:
        setattr(member, field, None)
    member.first_name_ar, member.last_name_ar = translate_in("ar", ANONYMOUS), member.number
    member.first_name_lat, member.last_name_lat = translate_in("fr", ANONYMOUS), member.number
    member.search_text = search_text_of(member)
    member.sort_name_ar, member.sort_name_lat = member_sort_names(
        member.first_name_ar, member.last_name_ar, member.first_name_lat, member.last_name_lat
    )
    session.flush()

    # The books' seals, from the first sealed entry changed.
    first_index = session.scalar(
        sa.select(sa.func.min(JournalEntry.chain_index)).where(
            JournalEntry.id.in_(changed_entries), JournalEntry.chain_index.is_not(None)
        )
    )
    if first_index is not None:
        chain.reseal_from(session.connection(), first_index)

    redacted = _redact_audit(session, audit_about, names, others, label)
    _forget_search_tokens(session)
    audit.record(
        session,
        actor,
        ANONYMISE_ACTION,
        "member",
        member.id,
        after={
            "reason": reason,
            "donations": len(donations),
            "journal_entries": len(changed_entries),
            "audit_entries": redacted,
            "texts": texts,
        },
    )
    session.flush()
    return AnonymisedMember(member.number, len(donations), len(changed_entries), redacted, texts)


def _redacted_values(
    raw: str | None, about: bool, names: list[str], others: list[str], label: str
) -> str | None:
    if raw is None:
        return None
    values = json.loads(raw)
    if not isinstance(values, dict):
        return raw
    out: dict[str, Any] = {}
    for key, value in values.items():
        if about and key in _IDENTITY_KEYS and value is not None:
            value = None
        elif about and key in _NAME_KEYS and value is not None:
            value = label
        elif isinstance(value, str):
            value = _replace(value, names, label, others)
        out[key] = value
    return audit.encode_values(out)


def _redact_audit(
    session: Session,
    about: sa.ColumnElement[bool],
    names: list[str],
    others: list[str],
    label: str,
) -> int:
    """Take the person's values out of the older audit entries, then seal the chain again from
    the first entry changed. Returns how many entries were changed."""
    wanted = [*names, *others]
    mentions = [
        column.contains(json.dumps(v, ensure_ascii=False)[1:-1])
        for v in wanted
        for column in (AuditEntry.before, AuditEntry.after)
    ]
    rows = session.execute(
        sa.select(AuditEntry.id, AuditEntry.before, AuditEntry.after, about.label("about")).where(
            sa.or_(about, *mentions)
        )
    ).all()
    changed: list[int] = []
    for row in rows:
        before = _redacted_values(row.before, bool(row.about), names, others, label)
        after = _redacted_values(row.after, bool(row.about), names, others, label)
        if before == row.before and after == row.after:
            continue
        session.execute(
            sa.update(AuditEntry).where(AuditEntry.id == row.id).values(before=before, after=after)
        )
        changed.append(row.id)
    if changed:
        audit.reseal_from(session, min(changed))
    return len(changed)


def _forget_search_tokens(session: Session) -> None:
    """The members' full-text index keeps the old tokens in its segments until they are
    merged: merge them, so the old names are not left in the file."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(sa.text("INSERT INTO member_fts(member_fts) VALUES('optimize')"))
