"""entry states, sealed entries, extension accounts

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 13:00:00

The books' rules of computerised bookkeeping (CNC avis n° 24, 2023):
- `journal_entry.state`: draft or validated. A draft has no number (`number` becomes
  nullable), a validated entry has one; `validated_at`, `validated_by_id`. Every entry already
  in the file was posted validated: it stays so, validated when it was created.
- Tamper evidence: `chain_index`, `previous_hash` and `content_hash` seal each validated entry
  in validation order (core/books/chain.py). The entries already in the file are sealed here,
  in id order (the order they were posted in), with a frozen copy of the canonical form: a
  migration must keep meaning what it meant when it was written.
- `account.extension`: the application's own accounts (the association accounts it ships,
  and the divisionary accounts added here under their CGNC parent, when the parent is in the
  file and the number is free).
"""

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# --- frozen copy of core/books/chain.py (GENESIS_HASH, canonical_text, seal) -----------------

GENESIS_HASH = hashlib.sha256(b"nassij-desktop books").hexdigest()
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _seal(previous: str, entry: Any, lines: list[list[Any]]) -> str:
    payload = _JSON(
        [
            previous,
            entry.journal,
            entry.year,
            entry.number,
            _text(entry.entry_date),
            entry.label,
            entry.reference,
            *lines,
        ]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# --- the divisionary accounts the application adds (resources/chart/association_accounts.csv)

_EXTENSION_ACCOUNTS = (
    (
        "11111",
        "Fonds associatifs sans droit de reprise",
        "الأموال الجمعوية بدون حق الاسترجاع",
        1,
        "equity",
    ),
    (
        "11112",
        "Fonds associatifs avec droit de reprise",
        "الأموال الجمعوية مع حق الاسترجاع",
        1,
        "equity",
    ),
    ("13111", "Subventions d'investissement de l'État", "إعانات الاستثمار من الدولة", 1, "equity"),
    (
        "13112",
        "Subventions d'investissement des collectivités territoriales",
        "إعانات الاستثمار من الجماعات الترابية",
        1,
        "equity",
    ),
    (
        "13113",
        "Subventions d'investissement des établissements publics",
        "إعانات الاستثمار من المؤسسات العمومية",
        1,
        "equity",
    ),
    (
        "13114",
        "Subventions d'investissement de bailleurs étrangers",
        "إعانات الاستثمار من ممولين أجانب",
        1,
        "equity",
    ),
    (
        "44911",
        "Fonds dédiés sur subventions affectées non utilisées",
        "أموال مرصودة من إعانات مخصصة غير مستعملة",
        4,
        "liability",
    ),
    (
        "44912",
        "Fonds dédiés sur dons affectés non utilisés",
        "أموال مرصودة من هبات مخصصة غير مستعملة",
        4,
        "liability",
    ),
    ("71611", "Subventions d'exploitation de l'État", "إعانات الاستغلال من الدولة", 7, "income"),
    (
        "71612",
        "Subventions d'exploitation des collectivités territoriales",
        "إعانات الاستغلال من الجماعات الترابية",
        7,
        "income",
    ),
    (
        "71613",
        "Subventions d'exploitation des établissements publics",
        "إعانات الاستغلال من المؤسسات العمومية",
        7,
        "income",
    ),
    (
        "71614",
        "Subventions d'exploitation d'organismes privés nationaux",
        "إعانات الاستغلال من هيئات خاصة وطنية",
        7,
        "income",
    ),
    (
        "71615",
        "Subventions d'exploitation de bailleurs étrangers",
        "إعانات الاستغلال من ممولين أجانب",
        7,
        "income",
    ),
    ("71861", "Droits d'adhésion", "واجبات الانخراط", 7, "income"),
    ("71862", "Cotisations annuelles des membres", "الاشتراكات السنوية للأعضاء", 7, "income"),
    ("71871", "Dons manuels", "الهبات اليدوية", 7, "income"),
    (
        "71872",
        "Dons reçus par appel à la générosité publique",
        "التبرعات المحصلة بالتماس الإحسان العمومي",
        7,
        "income",
    ),
    ("75861", "Legs et donations", "الوصايا والهبات", 7, "income"),
    (
        "08111",
        "Contributions volontaires en nature reçues",
        "المساهمات التطوعية العينية المحصل عليها",
        0,
        "off_balance",
    ),
    (
        "08112",
        "Bénévolat (valeur du temps donné)",
        "العمل التطوعي (قيمة الوقت الممنوح)",
        0,
        "off_balance",
    ),
    (
        "08191",
        "Contrepartie des contributions volontaires en nature",
        "مقابل المساهمات التطوعية العينية",
        0,
        "off_balance",
    ),
)
_EXTENSION_SOURCE = "Nassij extension: divisionary account (number not fixed by the CNC plan)"
_SHIPPED_ASSOCIATION_ACCOUNTS = ("1111", "7186", "7187")


def _seals(connection: sa.Connection) -> list[dict[str, Any]]:
    """Each entry's place in the chain and seal, in id order (the order they were posted)."""
    entries = connection.execute(
        sa.text(
            "SELECT e.id, e.number, e.entry_date, e.label, e.reference, j.code AS journal, "
            "y.label AS year FROM journal_entry e JOIN journal j ON j.id = e.journal_id "
            "JOIN fiscal_year y ON y.id = e.fiscal_year_id ORDER BY e.id"
        )
    ).all()
    lines: dict[int, list[list[Any]]] = defaultdict(list)
    for r in connection.execute(
        sa.text(
            "SELECT l.entry_id, a.number, l.debit, l.credit, l.analytic_tag_id, l.funder_id, "
            "l.aid_kind, l.agreement_number, l.agreement_date FROM journal_line l "
            "JOIN account a ON a.id = l.account_id ORDER BY l.entry_id, l.position"
        )
    ):
        lines[r.entry_id].append(
            [
                r.number,
                r.debit,
                r.credit,
                r.analytic_tag_id,
                r.funder_id,
                r.aid_kind,
                r.agreement_number,
                _text(r.agreement_date),
            ]
        )
    previous = GENESIS_HASH
    seals = []
    for index, entry in enumerate(entries, start=1):
        content = _seal(previous, entry, lines.get(entry.id, []))
        seals.append({"i": entry.id, "c": index, "p": previous, "h": content})
        previous = content
    return seals


_WRITE_SEALS = sa.text(
    "UPDATE journal_entry SET chain_index = :c, previous_hash = :p, content_hash = :h WHERE id = :i"
)

# SQLite: the table is rebuilt from this text (not by Alembic's batch mode, whose order of
# constraints varies from run to run, while the schema guard compares the text).
_OLD_COLUMNS = (
    "id, fiscal_year_id, journal_id, number, entry_date, label, reference, "
    "voucher_attachment_id, reverses_id, created_by_id, created_at, updated_at, version"
)
_NEW_TABLE = """CREATE TABLE journal_entry (
	id INTEGER NOT NULL, 
	fiscal_year_id INTEGER NOT NULL, 
	journal_id INTEGER NOT NULL, 
	number INTEGER, 
	state VARCHAR(24) DEFAULT 'validated' NOT NULL, 
	entry_date DATE NOT NULL, 
	label VARCHAR(300) NOT NULL, 
	reference VARCHAR(60), 
	voucher_attachment_id INTEGER, 
	reverses_id INTEGER, 
	created_by_id INTEGER, 
	validated_at DATETIME, 
	validated_by_id INTEGER, 
	chain_index INTEGER, 
	previous_hash VARCHAR(64), 
	content_hash VARCHAR(64), 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	version INTEGER NOT NULL, 
	CONSTRAINT pk_journal_entry PRIMARY KEY (id), 
	CONSTRAINT uq_journal_entry_fiscal_year_id_journal_id_number UNIQUE (fiscal_year_id, journal_id, number), 
	CONSTRAINT ck_journal_entry_state_number CHECK ((state = 'validated' AND number IS NOT NULL AND chain_index IS NOT NULL AND content_hash IS NOT NULL) OR (state = 'draft' AND number IS NULL AND chain_index IS NULL)), 
	CONSTRAINT fk_journal_entry_fiscal_year_id_fiscal_year FOREIGN KEY(fiscal_year_id) REFERENCES fiscal_year (id), 
	CONSTRAINT fk_journal_entry_journal_id_journal FOREIGN KEY(journal_id) REFERENCES journal (id), 
	CONSTRAINT fk_journal_entry_voucher_attachment_id_attachment FOREIGN KEY(voucher_attachment_id) REFERENCES attachment (id) ON DELETE SET NULL, 
	CONSTRAINT fk_journal_entry_reverses_id_journal_entry FOREIGN KEY(reverses_id) REFERENCES journal_entry (id), 
	CONSTRAINT fk_journal_entry_created_by_id_user_account FOREIGN KEY(created_by_id) REFERENCES user_account (id), 
	CONSTRAINT fk_journal_entry_validated_by_id_user_account FOREIGN KEY(validated_by_id) REFERENCES user_account (id), 
	CONSTRAINT uq_journal_entry_chain_index UNIQUE (chain_index)
)"""  # noqa: E501, W291 - SQLAlchemy's own rendering, kept as it is
_OLD_TABLE = """CREATE TABLE journal_entry (
	id INTEGER NOT NULL, 
	fiscal_year_id INTEGER NOT NULL, 
	journal_id INTEGER NOT NULL, 
	number INTEGER NOT NULL, 
	entry_date DATE NOT NULL, 
	label VARCHAR(300) NOT NULL, 
	reference VARCHAR(60), 
	voucher_attachment_id INTEGER, 
	reverses_id INTEGER, 
	created_by_id INTEGER, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	version INTEGER NOT NULL, 
	CONSTRAINT pk_journal_entry PRIMARY KEY (id), 
	CONSTRAINT fk_journal_entry_created_by_id_user_account FOREIGN KEY(created_by_id) REFERENCES user_account (id), 
	CONSTRAINT fk_journal_entry_fiscal_year_id_fiscal_year FOREIGN KEY(fiscal_year_id) REFERENCES fiscal_year (id), 
	CONSTRAINT fk_journal_entry_journal_id_journal FOREIGN KEY(journal_id) REFERENCES journal (id), 
	CONSTRAINT fk_journal_entry_reverses_id_journal_entry FOREIGN KEY(reverses_id) REFERENCES journal_entry (id), 
	CONSTRAINT fk_journal_entry_voucher_attachment_id_attachment FOREIGN KEY(voucher_attachment_id) REFERENCES attachment (id) ON DELETE SET NULL, 
	CONSTRAINT uq_journal_entry_fiscal_year_id_journal_id_number UNIQUE (fiscal_year_id, journal_id, number)
)"""  # noqa: E501, W291
_CHECK = (
    "(state = 'validated' AND number IS NOT NULL AND chain_index IS NOT NULL "
    "AND content_hash IS NOT NULL) OR (state = 'draft' AND number IS NULL "
    "AND chain_index IS NULL)"
)


def _replace_table(connection: sa.Connection, create: str, copy: str) -> None:
    """Rebuild journal_entry from `create`, the rows copied by the INSERT … SELECT `copy`
    (reading `journal_entry_replaced`). The old table is renamed aside with the legacy rename,
    which leaves the other tables' references naming `journal_entry`: dropping it then
    deletes no line, even where foreign keys are enforced (a downgrade run by hand)."""
    connection.execute(sa.text("PRAGMA legacy_alter_table = ON"))
    try:
        connection.execute(sa.text("ALTER TABLE journal_entry RENAME TO journal_entry_replaced"))
        connection.execute(sa.text(create))
        connection.execute(sa.text(copy))
        connection.execute(sa.text("DROP TABLE journal_entry_replaced"))
    finally:
        connection.execute(sa.text("PRAGMA legacy_alter_table = OFF"))
    connection.execute(
        sa.text("CREATE INDEX ix_journal_entry_entry_date ON journal_entry (entry_date)")
    )


def _upgrade_sqlite(connection: sa.Connection) -> None:
    seals = _seals(connection)
    # The CHECK wants validated rows sealed: each row holds a stand-in (−id, never a real
    # index) until its seal is written.
    _replace_table(
        connection,
        _NEW_TABLE,
        f"INSERT INTO journal_entry ({_OLD_COLUMNS}, state, validated_at, "
        "validated_by_id, chain_index, content_hash) "
        f"SELECT {_OLD_COLUMNS}, 'validated', created_at, created_by_id, -id, '' "
        "FROM journal_entry_replaced ORDER BY id",
    )
    op.create_index("ix_journal_entry_reverses_id", "journal_entry", ["reverses_id"])
    if seals:
        connection.execute(_WRITE_SEALS, seals)


def _upgrade_other(connection: sa.Connection) -> None:
    op.add_column("journal_entry", sa.Column("validated_at", sa.DateTime(), nullable=True))
    op.add_column("journal_entry", sa.Column("validated_by_id", sa.Integer(), nullable=True))
    op.add_column("journal_entry", sa.Column("chain_index", sa.Integer(), nullable=True))
    op.add_column("journal_entry", sa.Column("previous_hash", sa.String(64), nullable=True))
    op.add_column("journal_entry", sa.Column("content_hash", sa.String(64), nullable=True))
    op.add_column(
        "journal_entry",
        sa.Column("state", sa.String(24), server_default="validated", nullable=False),
    )
    op.alter_column("journal_entry", "number", existing_type=sa.Integer(), nullable=True)
    connection.execute(
        sa.text(
            "UPDATE journal_entry SET validated_at = created_at, validated_by_id = created_by_id"
        )
    )
    seals = _seals(connection)
    if seals:
        connection.execute(_WRITE_SEALS, seals)
    op.create_foreign_key(
        "fk_journal_entry_validated_by_id_user_account",
        "journal_entry",
        "user_account",
        ["validated_by_id"],
        ["id"],
    )
    op.create_unique_constraint("uq_journal_entry_chain_index", "journal_entry", ["chain_index"])
    op.create_index("ix_journal_entry_reverses_id", "journal_entry", ["reverses_id"])
    op.create_check_constraint("ck_journal_entry_state_number", "journal_entry", _CHECK)


def _add_extension_accounts(connection: sa.Connection) -> None:
    existing: dict[str, int] = dict(
        connection.execute(sa.text("SELECT number, id FROM account")).all()
    )
    if not existing:  # a file without a chart yet: the chart is loaded when it is created
        return
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for number, label_fr, label_ar, account_class, kind in _EXTENSION_ACCOUNTS:
        if number in existing:
            continue
        parent = next(
            (existing[number[:n]] for n in range(len(number) - 1, 0, -1) if number[:n] in existing),
            None,
        )
        if parent is None:
            continue
        connection.execute(
            sa.text(
                "INSERT INTO account (number, label_fr, label_ar, account_class, kind, "
                "parent_id, active, source, extension, created_at, updated_at, version) "
                "VALUES (:n, :fr, :ar, :c, :k, :p, :t, :s, :t, :now, :now, 1)"
            ),
            {
                "n": number,
                "fr": label_fr,
                "ar": label_ar,
                "c": account_class,
                "k": kind,
                "p": parent,
                "t": True,
                "s": _EXTENSION_SOURCE,
                "now": now,
            },
        )
        existing[number] = connection.execute(
            sa.text("SELECT id FROM account WHERE number = :n"), {"n": number}
        ).scalar_one()


def upgrade() -> None:
    op.add_column(
        "account", sa.Column("extension", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        _upgrade_sqlite(connection)
    else:
        _upgrade_other(connection)
    shipped = ", ".join(f"'{n}'" for n in _SHIPPED_ASSOCIATION_ACCOUNTS)
    connection.execute(
        sa.text(f"UPDATE account SET extension = :t WHERE number IN ({shipped})"), {"t": True}
    )
    _add_extension_accounts(connection)


def downgrade() -> None:
    connection = op.get_bind()
    # The schema before had no drafts: they go (a validated entry is never deleted).
    connection.execute(
        sa.text(
            "DELETE FROM journal_line WHERE entry_id IN "
            "(SELECT id FROM journal_entry WHERE state = 'draft')"
        )
    )
    connection.execute(sa.text("DELETE FROM journal_entry WHERE state = 'draft'"))
    op.drop_index("ix_journal_entry_reverses_id", "journal_entry")
    if connection.dialect.name == "sqlite":
        _replace_table(
            connection,
            _OLD_TABLE,
            f"INSERT INTO journal_entry ({_OLD_COLUMNS}) "
            f"SELECT {_OLD_COLUMNS} FROM journal_entry_replaced ORDER BY id",
        )
    else:
        op.drop_constraint("ck_journal_entry_state_number", "journal_entry", type_="check")
        op.drop_constraint("uq_journal_entry_chain_index", "journal_entry", type_="unique")
        op.drop_constraint(
            "fk_journal_entry_validated_by_id_user_account", "journal_entry", type_="foreignkey"
        )
        op.alter_column("journal_entry", "number", existing_type=sa.Integer(), nullable=False)
        for column in (
            "state",
            "content_hash",
            "previous_hash",
            "chain_index",
            "validated_by_id",
            "validated_at",
        ):
            op.drop_column("journal_entry", column)
    # A plain DROP COLUMN (SQLite 3.35+): no rebuild of the table the entries' lines refer to.
    op.execute("ALTER TABLE account DROP COLUMN extension")
