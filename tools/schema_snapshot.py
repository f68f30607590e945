"""Write nassij_desktop/storage/schema_head.json: the structure the migrations build at head.

python tools/schema_snapshot.py          # after adding or changing a migration

The schema guard (storage/schema_guard.py) compares every file it opens with this snapshot;
tests/storage/test_schema_snapshot.py fails while it is out of date.
"""

from __future__ import annotations

from nassij_desktop.storage.schema_guard import SNAPSHOT_PATH, write_snapshot


def main() -> int:
    snapshot = write_snapshot()
    print(f"{SNAPSHOT_PATH}: {len(snapshot['objects'])} objects at revision {snapshot['revision']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
