"""Tamper evidence for the books: every validated entry is sealed, in validation order.

An entry's `content_hash` is the SHA-256 of a canonical text of its content (journal, fiscal
year, number, date, label, voucher reference, and each line's account, debit, credit and
tags) and of the seal of the entry validated before it (`previous_hash`; the first entry
chains from GENESIS_HASH). `chain_index` numbers the validated entries 1, 2, 3… in the order
they were validated. An amount, a date or a label changed with another program no longer
matches its seal, and `verify_entry_chain` names the first such entry by its journal, year and
number. As for the audit log, the seal carries no secret: it shows casual tampering, not a
forger who recomputes the chain. Migration 0012 keeps a frozen copy of `canonical_text`.

Seal versions (`journal_entry.seal_version`): version 1 (entries sealed before migration
0014) does not cover the lines' labels; version 2 also covers each line's label and the
entry's third party and payment (method, reference). An old entry keeps its version-1 seal
and is verified by it: re-sealing it would bless any change made before. The version is not
a way around the seal: an entry sealed with version 2 whose stored version is set back to 1
no longer matches (the two canonical texts differ, the version's number is in the second).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.money import to_centimes
from nassij_desktop.i18n import _

GENESIS_HASH = hashlib.sha256(b"nassij-desktop books").hexdigest()
SEAL_VERSION = 2  # what entries are sealed with now; 1 is still verified
SEAL_VERSIONS = (1, 2)
# PostgreSQL: one writer at a time appends to the chain (SQLite: BEGIN IMMEDIATE does it).
_CHAIN_LOCK_KEY = 0x6E61_7373_626B  # "nassbk"

_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@dataclass(frozen=True, slots=True)
class SealedLine:
    """One line as the seal sees it: amounts in centimes, the tags by id, dates as ISO."""

    account: str
    debit: int
    credit: int
    analytic_tag_id: int | None = None
    funder_id: int | None = None
    aid_kind: str | None = None
    agreement_number: str | None = None
    agreement_date: str | None = None
    label: str | None = None  # sealed from version 2 on

    def canonical(self, version: int = SEAL_VERSION) -> list[Any]:
        fields = [
            self.account,
            self.debit,
            self.credit,
            self.analytic_tag_id,
            self.funder_id,
            self.aid_kind,
            self.agreement_number,
            self.agreement_date,
        ]
        return fields if version == 1 else [*fields, self.label]


@dataclass(frozen=True, slots=True)
class SealedParties:
    """The entry's third party and payment as the seal sees them (version 2 on)."""

    third_party: str | None = None
    third_party_code: str | None = None
    payment_method: str | None = None
    payment_reference: str | None = None

    def canonical(self) -> list[Any]:
        return [
            self.third_party,
            self.third_party_code,
            self.payment_method,
            self.payment_reference,
        ]


NO_PARTIES = SealedParties()


def sealed_line(
    account: str,
    debit: Decimal,
    credit: Decimal,
    *,
    analytic_tag_id: int | None = None,
    funder_id: int | None = None,
    aid_kind: str | None = None,
    agreement_number: str | None = None,
    agreement_date: dt.date | None = None,
    label: str | None = None,
) -> SealedLine:
    """A line as a service holds it (Decimal amounts, a date), in the seal's terms."""
    return SealedLine(
        account,
        to_centimes(debit),
        to_centimes(credit),
        analytic_tag_id,
        funder_id,
        aid_kind,
        agreement_number,
        agreement_date.isoformat() if agreement_date else None,
        label,
    )


def canonical_text(
    previous: str,
    journal: str,
    year: str,
    number: int,
    entry_date: str,
    label: str,
    reference: str | None,
    lines: Iterable[SealedLine],
    parties: SealedParties = NO_PARTIES,
    version: int = SEAL_VERSION,
) -> str:
    head = [previous, journal, year, number, entry_date, label, reference]
    if version == 1:  # exactly as it was sealed before migration 0014
        return _JSON(head + [line.canonical(1) for line in lines])
    if version != 2:
        raise ValueError(f"unknown seal version {version!r}")
    return _JSON(
        [version, *head, *parties.canonical()] + [line.canonical(version) for line in lines]
    )


def seal(
    previous: str,
    journal: str,
    year: str,
    number: int,
    entry_date: dt.date | str,
    label: str,
    reference: str | None,
    lines: Iterable[SealedLine],
    parties: SealedParties = NO_PARTIES,
    version: int = SEAL_VERSION,
) -> str:
    day = entry_date.isoformat() if isinstance(entry_date, dt.date) else entry_date
    text = canonical_text(
        previous, journal, year, number, day, label, reference, lines, parties, version
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainHead:
    index: int  # the chain_index of the last sealed entry, 0 when none is
    hash: str


def lock_chain(session: Session) -> None:
    """Take the chain's lock until the transaction ends (PostgreSQL; on SQLite the write
    transaction holds the file's lock already). Taken before an entry's number is read (the
    largest of its journal and year, plus one), so that two writers never read the same
    largest number; taking it again in the same transaction costs nothing more."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(_CHAIN_LOCK_KEY)))


def chain_head(session: Session) -> ChainHead:
    """The last sealed entry, after taking the chain's lock (the caller is about to append)."""
    from nassij_desktop.core.books.models import JournalEntry

    lock_chain(session)
    row = session.execute(
        sa.select(JournalEntry.chain_index, JournalEntry.content_hash)
        .where(JournalEntry.chain_index.is_not(None))
        .order_by(JournalEntry.chain_index.desc())
        .limit(1)
    ).first()
    if row is None:
        return ChainHead(0, GENESIS_HASH)
    return ChainHead(row.chain_index, row.content_hash or "")


@dataclass(frozen=True)
class EntryChainBreak:
    """The first entry of the chain that no longer matches (or the first after a gap)."""

    entry: str  # JOURNAL-YEAR-NUMBER
    kind: str  # "altered" or "missing" (validated entries deleted before it)

    @property
    def message(self) -> str:
        if self.kind == "missing":
            return _(
                "The books were altered outside Nassij Desktop: validated entries were "
                "deleted just before entry {entry}."
            ).format(entry=self.entry)
        return _(
            "The books were altered outside Nassij Desktop: entry {entry} no longer matches "
            "its seal."
        ).format(entry=self.entry)


def entry_code(journal: object, year: object, number: object) -> str:
    return f"{journal}-{year}-{number}"


def _stored_text(value: object) -> object:
    # As stored: SQLite gives dates as text, PostgreSQL as dates; anything else stays as it is
    # (and so no longer matches its seal).
    return value.isoformat() if isinstance(value, dt.date) else value


def _stored_seal(previous: str, row: sa.Row[Any], lines: Mapping[int, Sequence[SealedLine]]) -> str:
    """The seal of an entry read by `_STORED_ENTRIES`, in its own version, from its values
    as stored."""
    return seal(
        previous,
        row.journal,
        row.year,
        row.number,
        _stored_text(row.entry_date),  # type: ignore[arg-type]
        row.label,
        row.reference,
        lines.get(row.id, ()),
        SealedParties(
            row.third_party, row.third_party_code, row.payment_method, row.payment_reference
        ),
        row.seal_version,
    )


def verify_entry_chain(bind: sa.Connection | Session) -> EntryChainBreak | None:
    """Recompute every seal in chain order, from the values as stored (no type conversion,
    so a value another program wrote in a wrong form counts as an alteration)."""
    connection = bind.connection() if isinstance(bind, Session) else bind
    entries = connection.execute(_STORED_ENTRIES).all()
    lines = _stored_lines(connection)
    previous, expected_index = GENESIS_HASH, 1
    for row in entries:
        code = entry_code(row.journal, row.year, row.number)
        if row.chain_index != expected_index:
            return EntryChainBreak(code, "missing")
        try:
            content = _stored_seal(previous, row, lines)
        except (TypeError, ValueError):  # a value no writer of ours produces
            content = None
        if content is None or row.content_hash != content or row.previous_hash != previous:
            return EntryChainBreak(code, "altered")
        previous, expected_index = row.content_hash, expected_index + 1
    return None


def reseal_in_version_1(connection: sa.Connection) -> bool:
    """Seal every validated entry again in version 1, in chain order, if the chain verifies
    whole as it stands: for migration 0014's way down, to the code that knows version 1 only.
    A broken chain is left as it is (False), for `nassij check` to name its first break; a
    sound one is not blessed by this, only written in the older form."""
    if verify_entry_chain(connection) is not None:
        return False
    lines = _stored_lines(connection)
    previous = GENESIS_HASH
    for row in connection.execute(_STORED_ENTRIES).all():
        content = seal(
            previous,
            row.journal,
            row.year,
            row.number,
            _stored_text(row.entry_date),  # type: ignore[arg-type]
            row.label,
            row.reference,
            lines.get(row.id, ()),
            version=1,
        )
        connection.execute(
            sa.text(
                "UPDATE journal_entry SET previous_hash = :previous, content_hash = :content "
                "WHERE id = :id"
            ),
            {"previous": previous, "content": content, "id": row.id},
        )
        previous = content
    return True


def reseal_from(connection: sa.Connection, first_index: int) -> int:
    """Seal again, each in its own version, the validated entries from `chain_index`
    `first_index` on: after a person's identity was taken out of their labels and third party
    (law 09-08, `core/privacy`). Only on a chain that verifies whole as it stands (the caller
    checks it first, in the same transaction), so an earlier alteration is never blessed.
    Returns how many entries were sealed again."""
    start = connection.execute(
        sa.text("SELECT content_hash FROM journal_entry WHERE chain_index = :index"),
        {"index": first_index - 1},
    ).first()
    previous = GENESIS_HASH if start is None else start.content_hash
    lines = _stored_lines(connection)
    count = 0
    for row in connection.execute(_STORED_ENTRIES).all():
        if row.chain_index < first_index:
            continue
        content = _stored_seal(previous, row, lines)
        connection.execute(
            sa.text(
                "UPDATE journal_entry SET previous_hash = :previous, content_hash = :content "
                "WHERE id = :id"
            ),
            {"previous": previous, "content": content, "id": row.id},
        )
        previous, count = content, count + 1
    return count


# Plain SQL: the values as stored, untyped.
_STORED_ENTRIES = sa.text(
    "SELECT e.id, e.chain_index, e.previous_hash, e.content_hash, e.number, e.entry_date, "
    "e.label, e.reference, e.third_party, e.third_party_code, e.payment_method, "
    "e.payment_reference, e.seal_version, j.code AS journal, y.label AS year "
    "FROM journal_entry e "
    "JOIN journal j ON j.id = e.journal_id JOIN fiscal_year y ON y.id = e.fiscal_year_id "
    "WHERE e.chain_index IS NOT NULL ORDER BY e.chain_index"
)
_STORED_LINES = sa.text(
    "SELECT l.entry_id, a.number, l.debit, l.credit, l.analytic_tag_id, l.funder_id, "
    "l.aid_kind, l.agreement_number, l.agreement_date, l.label FROM journal_line l "
    "JOIN account a ON a.id = l.account_id ORDER BY l.entry_id, l.position"
)


def _stored_lines(connection: sa.Connection) -> dict[int, list[SealedLine]]:
    rows = connection.execute(_STORED_LINES)
    found: dict[int, list[SealedLine]] = defaultdict(list)
    for r in rows:
        found[r.entry_id].append(
            SealedLine(
                r.number,
                r.debit,
                r.credit,
                r.analytic_tag_id,
                r.funder_id,
                r.aid_kind,
                r.agreement_number,
                _stored_text(r.agreement_date),  # type: ignore[arg-type]
                r.label,
            )
        )
    return found


# What `seal_run` seals of an entry (with the current SEAL_VERSION): (journal, year, number,
# date, label, reference, lines, third party and payment).
SealedEntry = tuple[str, str, int, dt.date, str, str | None, Sequence[SealedLine], SealedParties]


def seal_run(head: ChainHead, entries: Iterable[SealedEntry]) -> list[tuple[int, str, str]]:
    """(chain_index, previous_hash, content_hash) of `entries` appended after `head`, in order."""
    out = []
    index, previous = head.index, head.hash
    for journal, year, number, day, label, reference, lines, parties in entries:
        content = seal(previous, journal, year, number, day, label, reference, lines, parties)
        index += 1
        out.append((index, previous, content))
        previous = content
    return out
