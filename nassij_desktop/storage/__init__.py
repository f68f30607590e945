"""Opening, migrating, backing up and checking the association's database.

Depends on: core (models), i18n. No Qt.
"""

from nassij_desktop.storage.backup import backup
from nassij_desktop.storage.check import CheckReport, check
from nassij_desktop.storage.database import Database, open_database
from nassij_desktop.storage.restore import restore

__all__ = ["CheckReport", "Database", "backup", "check", "open_database", "restore"]
