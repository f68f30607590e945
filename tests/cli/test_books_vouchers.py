"""`nassij books entry attach|voucher` on a real file: a scan attached from a script comes back
byte for byte; a file that is no voucher, or an entry without one, is one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from nassij_desktop.core.books.entries import record_entry
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import Database
from tests.conftest import Nassij
from tests.core.books.ledger_support import form
from tests.core.books.voucher_files import pdf_bytes, png_bytes


@pytest.fixture
def db(database: Database) -> str:
    with database.transaction() as session:
        record_entry(session, CLI_ACTOR, form("1200.00"))  # BQ-2026-1
        record_entry(session, CLI_ACTOR, form("50.00"), draft=True)  # a draft, by its id
    path = str(database.path)
    database.close()
    return path


@pytest.mark.parametrize(
    ("name", "content"), [("FAC-118.pdf", pdf_bytes(3)), ("t.png", png_bytes())]
)
def test_a_voucher_attached_comes_back_identical(
    nassij: Nassij, db: str, tmp_path: Path, name: str, content: bytes
) -> None:
    scan = tmp_path / name
    scan.write_bytes(content)
    attached = nassij("--db", db, "books", "entry", "attach", "BQ-2026-1", str(scan))
    assert attached.returncode == 0, attached.stderr
    assert attached.stdout.startswith(f"Voucher {name} attached to entry BQ-2026-1 (")
    out = tmp_path / "copy" / name
    out.parent.mkdir()
    extracted = nassij("--db", db, "books", "entry", "voucher", "bq-2026-1", "--out", str(out))
    assert extracted.returncode == 0, extracted.stderr
    assert out.read_bytes() == content
    checked = nassij("--db", db, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_draft_is_named_by_its_id(nassij: Nassij, db: str, tmp_path: Path) -> None:
    scan = tmp_path / "ticket.png"
    scan.write_bytes(png_bytes())
    attached = nassij("--db", db, "books", "entry", "attach", "2", str(scan))
    assert attached.returncode == 0, attached.stderr
    assert "attached to entry draft 2" in attached.stdout


def test_refusals_are_one_line(nassij: Nassij, db: str, tmp_path: Path) -> None:
    fake = tmp_path / "facture.pdf"
    fake.write_text("not a pdf")
    refused = nassij("--db", db, "books", "entry", "attach", "BQ-2026-1", str(fake))
    assert refused.returncode == 1
    assert refused.stderr.startswith("nassij: voucher_file: The file “facture.pdf” is not")
    assert refused.stderr.count("\n") == 1
    missing = nassij("--db", db, "books", "entry", "attach", "BQ-2026-1", str(tmp_path / "no.pdf"))
    assert missing.returncode == 1 and "cannot be read" in missing.stderr
    none = nassij("--db", db, "books", "entry", "voucher", "BQ-2026-1", "--out",
                  str(tmp_path / "x.pdf"))  # fmt: skip
    assert none.returncode == 1
    assert none.stderr == "nassij: The entry BQ-2026-1 has no scanned voucher.\n"
    assert not (tmp_path / "x.pdf").exists()
    over_db = nassij("--db", db, "books", "entry", "voucher", "BQ-2026-1", "--out", db)
    assert over_db.returncode == 1 and "association file" in over_db.stderr


def test_an_unknown_entry_is_one_line(nassij: Nassij, db: str, tmp_path: Path) -> None:
    scan = tmp_path / "t.png"
    scan.write_bytes(png_bytes())
    result = nassij("--db", db, "books", "entry", "attach", "BQ-2026-99", str(scan))
    assert result.returncode == 1 and result.stderr.startswith(
        "nassij: There is no entry BQ-2026-99"
    )


def test_a_viewer_reads_the_voucher_but_cannot_attach_one(
    nassij: Nassij, db: str, tmp_path: Path
) -> None:
    admin = {"NASSIJ_USER": "amina", "NASSIJ_USER_PASSWORD": "secret-pass-1"}
    viewer = {"NASSIJ_USER": "karim", "NASSIJ_USER_PASSWORD": "secret-pass-2"}
    added = nassij("--db", db, "users", "add", "amina", "--name", "Amina", "--role", "admin",
                   env={"NASSIJ_PASSWORD": "secret-pass-1"})  # fmt: skip
    assert added.returncode == 0, added.stderr
    added = nassij("--db", db, "users", "add", "karim", "--name", "Karim", "--role", "viewer",
                   env={"NASSIJ_PASSWORD": "secret-pass-2", **admin})  # fmt: skip
    assert added.returncode == 0, added.stderr
    scan = tmp_path / "t.png"
    scan.write_bytes(png_bytes())
    refused = nassij("--db", db, "books", "entry", "attach", "BQ-2026-1", str(scan), env=viewer)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1
    attached = nassij("--db", db, "books", "entry", "attach", "BQ-2026-1", str(scan), env=admin)
    assert attached.returncode == 0, attached.stderr
    out = tmp_path / "read.png"
    read = nassij("--db", db, "books", "entry", "voucher", "BQ-2026-1", "--out", str(out),
                  env=viewer)  # fmt: skip
    assert read.returncode == 0, read.stderr
    assert out.read_bytes() == png_bytes()
