"""`nassij backups run` and `nassij backups list`, in this process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import Nassij


def test_backups_run_then_list(nassij: Nassij, association_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "assoc.sqlite"
    shutil.copyfile(association_template, path)
    done = nassij("--db", str(path), "backups", "run")
    assert done.returncode == 0, done.stderr
    assert "verified" in done.stdout
    listed = nassij("--db", str(path), "backups", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert len(rows) == 1
    row = rows[0]
    assert row["Reason"] == "asked for"
    assert row["Association"] == "Association Al Amal pour le développement"
    assert Path(row["File"]).stat().st_size == int(row["Size (bytes)"])
    table = nassij("--db", str(path), "--lang", "ar", "backups", "list")
    assert "جمعية الأمل للتنمية" in table.stdout
    usage = nassij("--db", str(path), "backups")
    assert usage.returncode == 2
